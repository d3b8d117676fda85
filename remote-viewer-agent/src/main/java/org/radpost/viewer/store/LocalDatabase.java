package org.radpost.viewer.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;

/**
 * The agent's embedded H2 database: migrated by this module's own Flyway scripts ({@code db/viewer}) and
 * used as plain SQL inside Hibernate sessions, one transaction per unit of work.
 */
public final class LocalDatabase implements AutoCloseable {
    /** One unit of work on a connection that is committed when it returns and rolled back when it throws. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final SessionFactory sessionFactory;

    private LocalDatabase(HikariDataSource dataSource, SessionFactory sessionFactory) {
        this.dataSource = dataSource;
        this.sessionFactory = sessionFactory;
    }

    /** Opens (creating if needed) the database file {@code viewer.mv.db} in the given folder. */
    public static LocalDatabase open(Path folder) {
        String url = "jdbc:h2:file:" + folder.toAbsolutePath().resolve("viewer") + ";DB_CLOSE_ON_EXIT=FALSE";
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setUsername("sa");
        pool.setPassword("");
        pool.setMaximumPoolSize(8);
        pool.setPoolName("viewer-db");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(pool);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot open the viewer database at " + url
                    + " (is another viewer agent using the same data folder?): " + e.getMessage(), e);
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:db/viewer").load().migrate();
        var registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.DATASOURCE, dataSource)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "none")
                .build();
        SessionFactory sessionFactory = new MetadataSources(registry).buildMetadata().buildSessionFactory();
        return new LocalDatabase(dataSource, sessionFactory);
    }

    /** Runs the work in one transaction. */
    public <T> T inTransaction(Work<T> work) {
        return sessionFactory.fromTransaction(session -> session.doReturningWork(work::run));
    }

    @Override
    public void close() {
        sessionFactory.close();
        dataSource.close();
    }
}
