package org.radpost.schema;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;

/**
 * The data center's relational database: a connection pool, the Flyway migrations of {@code schema/}
 * applied at start-up, and a Hibernate session factory over the entity classes each part brings.
 * MySQL/MariaDB in production, an H2 file database as the embedded default. A part with its own migrations
 * (the viewer agent's local database) names their location; a part that maps no entities gets no session factory.
 */
public final class Database implements AutoCloseable {
    static {
        // H2's AUTO_SERVER listens with -tcpAllowOthers; H2 reads its bind address once, when its classes load,
        // so it is set before any of them do: the embedded database is reachable from this machine only.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private final HikariDataSource pool;
    private final DataSource dataSource;
    private final SessionFactory sessionFactory;

    private Database(HikariDataSource pool, DataSource dataSource, SessionFactory sessionFactory) {
        this.pool = pool;
        this.dataSource = dataSource;
        this.sessionFactory = sessionFactory;
    }

    /**
     * H2 creates its files under the process's umask (0644 under 022): the embedded database's folder and the files
     * in it become owner-only, so other users of the machine cannot copy the patient data out of them.
     */
    private static void restrictEmbeddedFiles(DatabaseConfig config) {
        String url = config.jdbcUrl();
        if (!url.startsWith("jdbc:h2:file:")) {
            return;
        }
        java.nio.file.Path folder = java.nio.file.Path.of(url.substring("jdbc:h2:file:".length()).split(";", 2)[0])
                .toAbsolutePath().getParent();
        try (var files = java.nio.file.Files.list(folder)) {
            EmbeddedPassword.ownerOnly(folder, "rwx------");
            for (java.nio.file.Path file : files.toList()) {
                EmbeddedPassword.ownerOnly(file, java.nio.file.Files.isDirectory(file) ? "rwx------" : "rw-------");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot make the embedded database's files in " + folder
                    + " readable by their owner only: " + e.getMessage(), e);
        }
    }

    /** The data center's migrations, the SQL files at the top of {@code schema/}. */
    public static final String DATA_CENTER_MIGRATIONS = "classpath:db/migration";

    /** Connects, migrates to the newest schema version, and maps the given entity classes. */
    public static Database open(DatabaseConfig config, List<Class<?>> entityClasses) {
        return open(config, DATA_CENTER_MIGRATIONS, entityClasses);
    }

    /**
     * Connects, applies the Flyway migrations found at {@code migrationLocation} (e.g. {@code classpath:db/viewer}),
     * and maps the given entity classes; with none, no Hibernate session factory is built.
     */
    public static Database open(DatabaseConfig config, String migrationLocation, List<Class<?>> entityClasses) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(config.jdbcUrl());
        pool.setUsername(config.user());
        pool.setPassword(config.password());
        pool.setMaximumPoolSize(config.maxConnections());
        pool.setPoolName("radpost-db");
        if (config.isH2()) {
            EmbeddedPasswordUpgrade.apply(config);
        }
        HikariDataSource hikari;
        try {
            hikari = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot connect to the database at " + config.jdbcUrl()
                    + " as '" + config.user() + "': " + rootMessage(e)
                    + ". Check that the server runs and the URL, user and password are right.", e);
        }
        DataSource dataSource = config.isH2() ? new SyncedCommits(hikari) : hikari;
        if (config.isH2()) {
            restrictEmbeddedFiles(config);
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations(migrationLocation)
                .load()
                .migrate();
        if (entityClasses.isEmpty()) {
            return new Database(hikari, dataSource, null);
        }
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.DATASOURCE, dataSource)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "none")
                .applySetting(AvailableSettings.SHOW_SQL, "false")
                .applySetting(AvailableSettings.JAKARTA_SHARED_CACHE_MODE, "NONE")
                .applySettings(databaseVersion(config, dataSource))
                .build();
        MetadataSources sources = new MetadataSources(registry);
        entityClasses.forEach(sources::addAnnotatedClass);
        SessionFactory sessionFactory = sources.buildMetadata().buildSessionFactory();
        return new Database(hikari, dataSource, sessionFactory);
    }

    /**
     * MariaDB answers MySQL Connector/J with a "5.5.5-10.x" version, which Hibernate would take for an old MySQL
     * and pick the wrong dialect features; tell it the real product and version.
     */
    private static java.util.Map<String, Object> databaseVersion(DatabaseConfig config, DataSource dataSource) {
        if (config.isH2()) {
            return java.util.Map.of();
        }
        try (java.sql.Connection c = dataSource.getConnection()) {
            String version = c.getMetaData().getDatabaseProductVersion();
            java.util.regex.Matcher mariadb = java.util.regex.Pattern.compile("(?:5\\.5\\.5-)?(\\d+)\\.(\\d+).*MariaDB.*").matcher(version);
            if (!mariadb.matches()) {
                return java.util.Map.of();
            }
            return java.util.Map.of(
                    AvailableSettings.JAKARTA_HBM2DDL_DB_NAME, "MariaDB",
                    AvailableSettings.JAKARTA_HBM2DDL_DB_MAJOR_VERSION, mariadb.group(1),
                    AvailableSettings.JAKARTA_HBM2DDL_DB_MINOR_VERSION, mariadb.group(2));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the database's version: " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public SessionFactory sessionFactory() {
        if (sessionFactory == null) {
            throw new IllegalStateException("this database was opened without entity classes, so it has no Hibernate"
                    + " session factory; use dataSource()");
        }
        return sessionFactory;
    }

    @Override
    public void close() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
        pool.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
