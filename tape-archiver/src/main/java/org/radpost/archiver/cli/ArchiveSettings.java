package org.radpost.archiver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Properties;
import org.radpost.archiver.Archiver;
import org.radpost.archiver.ArchiverConfig;
import org.radpost.schema.Database;
import org.radpost.schema.DatabaseConfig;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the archive and its database are, shared by every subcommand: flags first, then the data center's
 * {@code datacenter.properties} (--config), then defaults under {@code var/datacenter} as the data center uses.
 */
public final class ArchiveSettings {
    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "the data center's settings file (datacenter.properties): data-dir, db.url, db.user, "
                    + "db.password, archive-root, archive-volume-bytes are read from it")
    Path config;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "the data center's data folder (default: var/datacenter); the archive is DIR/archive "
                    + "and the embedded database DIR/db unless told otherwise")
    Path dataDir;

    @Option(names = "--root", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "the archive root holding the volumes (local disk, NFS share or LTFS-mounted tape)")
    Path root;

    @Option(names = "--db-url", scope = ScopeType.INHERIT, paramLabel = "JDBC-URL",
            description = "the database, e.g. jdbc:mysql://127.0.0.1:3306/radpost (default: embedded H2 in the data folder); "
                    + "the password comes from $RADPOST_DB_PASSWORD or the settings file, never from a flag")
    String dbUrl;

    @Option(names = "--db-user", scope = ScopeType.INHERIT, paramLabel = "USER", description = "database user")
    String dbUser;

    @Option(names = "--volume-cap", scope = ScopeType.INHERIT, paramLabel = "SIZE",
            description = "size at which a volume is sealed, e.g. 2G, 500M (default: 2G, or the settings file's)")
    String volumeCap;

    @Option(names = "--actor", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "who is acting, for the audit trail (default: the login name)")
    String actor;

    /** The name recorded in audit rows for this command. */
    String actor() {
        return actor != null ? actor : System.getProperty("user.name", "tape-archiver-cli");
    }

    /** Opens the database and the archive, recovering open volumes; the caller closes the returned session. */
    Opened open() {
        Properties file = loadConfig();
        Path data = dataDir != null ? dataDir : Path.of(file.getProperty("datacenter.data-dir", "var/datacenter"));
        Path archiveRoot = root != null ? root
                : file.containsKey("datacenter.archive-root") ? Path.of(file.getProperty("datacenter.archive-root"))
                : data.resolve("archive");
        String url = dbUrl != null ? dbUrl : file.getProperty("datacenter.db.url");
        DatabaseConfig databaseConfig = url == null ? DatabaseConfig.embedded(data.resolve("db"))
                : new DatabaseConfig(url, dbUser != null ? dbUser : file.getProperty("datacenter.db.user", ""),
                        System.getenv().getOrDefault("RADPOST_DB_PASSWORD", file.getProperty("datacenter.db.password", "")), 2);
        long cap = volumeCap != null ? parseSize(volumeCap)
                : Long.parseLong(file.getProperty("datacenter.archive-volume-bytes", Long.toString(ArchiverConfig.DEFAULT_VOLUME_CAP)));
        ArchiverConfig archiverConfig = new ArchiverConfig(archiveRoot, cap, actor());
        Database database = Database.open(databaseConfig, Archiver.ENTITY_CLASSES);
        try {
            return new Opened(database, Archiver.open(database, archiverConfig, Clock.systemDefaultZone()));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** An open archive and the database under it. */
    record Opened(Database database, Archiver archiver) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
        }
    }

    private Properties loadConfig() {
        Properties p = new Properties();
        if (config != null) {
            try (InputStream in = Files.newInputStream(config)) {
                p.load(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read settings file " + config + ": " + e.getMessage(), e);
            }
        }
        return p;
    }

    static long parseSize(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K") || t.endsWith("M") || t.endsWith("G") || t.endsWith("T")) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                case 'G' -> 1L << 30;
                default -> 1L << 40;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Long.parseLong(t) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + text + "' is not a size such as 2G, 500M or 1048576");
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int i = -1;
        while (value >= 1024 && i < units.length - 1) {
            value /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[i]);
    }
}
