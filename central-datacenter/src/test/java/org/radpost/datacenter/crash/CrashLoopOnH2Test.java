package org.radpost.datacenter.crash;

import java.nio.file.Path;
import java.util.List;
import org.radpost.schema.DatabaseConfig;

/** {@link CrashLoopContract} on the embedded H2 default. */
class CrashLoopOnH2Test extends CrashLoopContract {
    @Override
    DatabaseConfig database(Path data) {
        return DatabaseConfig.embedded(data.resolve("db"));
    }

    @Override
    List<String> childDatabase(DatabaseConfig config) {
        return List.of("h2");
    }

    @Override
    String name() {
        return "H2";
    }
}
