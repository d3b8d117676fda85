package org.radpost.schema;

import java.nio.file.Path;

/** Where the database is and how to log in; H2 in a file under the data folder unless told otherwise. */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maxConnections) {
    public DatabaseConfig {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("database URL '" + jdbcUrl
                    + "' must be a JDBC URL such as jdbc:mariadb://host:3306/radpost or jdbc:h2:file:/var/radpost/db");
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        maxConnections = maxConnections <= 0 ? 10 : maxConnections;
    }

    /**
     * The embedded default: an H2 file database in MySQL mode under the given folder. WRITE_DELAY=0 writes every
     * commit before it returns (H2 otherwise keeps it in memory for half a second) and {@link Database} adds the
     * fsync; AUTO_SERVER lets the command line work on the database while the server runs, on loopback only and
     * behind a password generated into the folder on first use. LOCK_TIMEOUT: a transaction waits up to 30 s for a
     * row lock (MariaDB's default is 50 s) instead of H2's 2 s, since Index holds its center's row while a large
     * message commits and the next message of that center would otherwise hear a 451. TRACE_LEVEL_FILE=4: H2's errors
     * go to the log (SLF4J) instead of a radpost.trace.db file H2 would create world-readable.
     */
    public static DatabaseConfig embedded(Path folder) {
        return new DatabaseConfig("jdbc:h2:file:" + folder.toAbsolutePath().resolve("radpost")
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE;WRITE_DELAY=0;LOCK_TIMEOUT=30000;TRACE_LEVEL_FILE=4", EmbeddedPassword.USER,
                EmbeddedPassword.of(folder), 10);
    }

    /** A MySQL/MariaDB server through MySQL Connector/J. */
    public static DatabaseConfig mysql(String host, int port, String database, String user, String password) {
        return new DatabaseConfig("jdbc:mysql://" + host + ":" + port + "/" + database
                + "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true", user, password, 10);
    }

    /** True for H2 databases, which need their commits forced to disk by us (see {@link SyncedCommits}). */
    public boolean isH2() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    @Override
    public String toString() {
        // The password stays out of logs and error messages.
        return "DatabaseConfig[" + jdbcUrl + ", user " + user + "]";
    }
}
