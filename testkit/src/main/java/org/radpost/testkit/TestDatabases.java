package org.radpost.testkit;

import org.radpost.schema.DatabaseConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Fresh, private databases for tests: one new MariaDB database per call on the test server
 * (127.0.0.1:3306, root, empty password), or an H2 file database in a folder, so tests never share state.
 */
public final class TestDatabases {
    private TestDatabases() {}

    /** Creates an empty MariaDB database with a unique name and returns its configuration. */
    public static DatabaseConfig freshMariaDb() {
        String name = "radpost_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/test?useSSL=false&allowPublicKeyRetrieval=true", "root", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("The tests need MariaDB on 127.0.0.1:3306 (root, empty password); "
                    + "./radpost test starts it. " + e.getMessage(), e);
        }
        return DatabaseConfig.mysql("127.0.0.1", 3306, name, "root", "");
    }

    public static DatabaseConfig freshH2(Path folder) {
        return DatabaseConfig.embedded(folder);
    }

    /** Drops a database made by {@link #freshMariaDb()}; H2 folders go with the test's temp dir. */
    public static void drop(DatabaseConfig config) {
        if (!config.jdbcUrl().startsWith("jdbc:mysql:")) {
            return;
        }
        String name = config.jdbcUrl().replaceAll(".*:3306/([^?]+).*", "$1");
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/test?useSSL=false&allowPublicKeyRetrieval=true", "root", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
