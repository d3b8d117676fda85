package org.radpost.viewer.store;

import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.radpost.schema.Database;
import org.radpost.schema.DatabaseConfig;

/**
 * The agent's embedded H2 database: opened and migrated by the shared bootstrap ({@link Database}) with this
 * module's own migrations ({@code db/viewer}), and used through Jdbi. Each store method is one transaction;
 * the store classes are the only code that sees SQL.
 */
public final class LocalDatabase implements AutoCloseable {
    /** Where this module's Flyway scripts are on the class path. */
    public static final String MIGRATIONS = "classpath:db/viewer";

    private final Database database;
    private final Jdbi jdbi;

    private LocalDatabase(Database database) {
        this.database = database;
        this.jdbi = Jdbi.create(database.dataSource());
    }

    /** Opens (creating if needed) the database file {@code viewer.mv.db} in the given folder. */
    public static LocalDatabase open(Path folder) {
        // WRITE_DELAY=0: a commit is written before the call returns, so a killed agent keeps what it acknowledged
        // (the mailbox deletes a message once its row is committed; H2's default 500 ms delay could lose it).
        // TRACE_LEVEL_FILE=4: H2's errors go to our log (SLF4J), not to a viewer.trace.db it creates world-readable.
        String url = "jdbc:h2:file:" + folder.toAbsolutePath().resolve("viewer") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;TRACE_LEVEL_FILE=4";
        try {
            return new LocalDatabase(Database.open(new DatabaseConfig(url, "sa", "", 8), MIGRATIONS, List.of()));
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot open the viewer database in " + folder
                    + " (is another viewer agent using the same data folder?): " + e.getMessage(), e);
        }
    }

    /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        return jdbi.inTransaction(work);
    }

    /** Runs the work in one transaction and returns nothing. */
    void useTransaction(java.util.function.Consumer<Handle> work) {
        jdbi.useTransaction(work::accept);
    }

    @Override
    public void close() {
        database.close();
    }
}
