package org.radpost.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.radpost.schema.DatabaseConfig;

/** What the benchmark mains share: the accounts, printing, the results file, scratch databases and folders. */
final class Bench {
    static final String CENTER = "center1@radpost.test";
    static final String VIEWER = "viewer1@radpost.test";
    static final String PASSWORD = "bench-password";
    private static final String MARIADB_ROOT = "jdbc:mysql://127.0.0.1:3306/?useSSL=false&allowPublicKeyRetrieval=true";

    private Bench() {}

    static double mb(long bytes) {
        return bytes / 1048576.0;
    }

    static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    static void say(String format, Object... args) {
        System.out.println("[bench] " + String.format(format, args));
        System.out.flush();
    }

    /** The machine and JVM a figure was measured on. */
    static String machine() {
        return String.format("%d cores, -Xmx%.0fm", Runtime.getRuntime().availableProcessors(), mb(Runtime.getRuntime().maxMemory()));
    }

    static long count(javax.sql.DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static long sizeOf(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static long countFiles(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The message files in part order, as the packaging run listed them (file names do not sort by part). */
    static List<Path> messages(Path work) throws IOException {
        Path manifest = work.resolve("messages.txt");
        if (!Files.exists(manifest)) {
            throw new IllegalStateException(manifest + " is missing: run PackagingBench on " + work + " first");
        }
        return Files.readAllLines(manifest).stream().filter(l -> !l.isBlank()).map(Path::of).toList();
    }

    /** A fresh scratch database on the MariaDB at 127.0.0.1:3306 (root, empty password). */
    static DatabaseConfig scratchMariaDb() throws SQLException {
        String name = "radpost_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(MARIADB_ROOT, "root", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return DatabaseConfig.mysql("127.0.0.1", 3306, name, "root", "");
    }

    static void dropMariaDb(DatabaseConfig database) {
        String url = database.jdbcUrl();
        String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        try (Connection c = DriverManager.getConnection(MARIADB_ROOT, "root", ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
        } catch (SQLException e) {
            say("could not drop the scratch database %s: %s (drop it by hand)", name, e.getMessage());
        }
    }
}
