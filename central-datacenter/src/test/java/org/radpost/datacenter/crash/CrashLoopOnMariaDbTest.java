package org.radpost.datacenter.crash;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.TestDatabases;

/** {@link CrashLoopContract} on MariaDB, the production database. */
class CrashLoopOnMariaDbTest extends CrashLoopContract {
    private DatabaseConfig config;

    @Override
    DatabaseConfig database(Path data) {
        config = TestDatabases.freshMariaDb();
        return config;
    }

    @Override
    List<String> childDatabase(DatabaseConfig config) {
        return List.of(config.jdbcUrl(), config.user(), config.password());
    }

    @Override
    String name() {
        return "MariaDB";
    }

    @AfterEach
    void drop() {
        TestDatabases.drop(config);
    }
}
