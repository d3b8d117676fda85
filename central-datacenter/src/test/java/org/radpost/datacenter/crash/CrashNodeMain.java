package org.radpost.datacenter.crash;

import java.nio.file.Path;
import java.time.Clock;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.schema.DatabaseConfig;

/**
 * A data-center node in its own JVM for the kill tests: {@code <data dir> <jdbc url|h2> [user password]}. Sets up
 * one center and one viewer on its first start, prints "PORTS smtps pop3s" and runs until it is killed, or until
 * the {@code -Dradpost.fault} point it was armed with halts it.
 */
public final class CrashNodeMain {
    private CrashNodeMain() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        DatabaseConfig database = args[1].equals("h2") ? DatabaseConfig.embedded(data.resolve("db"))
                : new DatabaseConfig(args[1], args[2], args.length > 3 ? args[3] : "", 10);
        DataCenter node = DataCenter.start(DatacenterConfig.local(data, database), Clock.systemUTC());
        if (node.directory().centerByAddress(DataCenterFixture.CENTER).isEmpty()) {
            node.directory().addCenter("c1", "Center One", DataCenterFixture.CENTER, DataCenterFixture.PASSWORD);
            node.directory().addViewer("v1", "Dr. One", DataCenterFixture.VIEWER, DataCenterFixture.PASSWORD, AccessLevel.FULL);
            node.directory().authorize("c1", "v1", null);
        }
        System.out.println("PORTS " + node.smtpsPort() + " " + node.pop3sPort());
        System.out.flush();
        Thread.currentThread().join();
    }
}
