package org.radpost.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.schema.DatabaseConfig;

/**
 * A data center alone in its JVM, so its peak heap and RSS are its own (embedded H2 in its folder, or a scratch
 * database on the MariaDB at 127.0.0.1:3306). Prints {@code SMTPS <port>}, {@code POP3S <port>}, {@code TRUST <path>}
 * and {@code READY}; then answers lines on stdin: {@code status} prints
 * {@code STATUS <messages waiting for route/deliver> <indexed objects> <messages waiting in mailboxes> <CPU ms so far>};
 * {@code quit} or the end of stdin prints {@code PEAK <heap bytes> <rss bytes>} and stops.
 * Usage: {@code java -Xmx256m -cp ... org.radpost.bench.DataCenterNode <data folder> [h2|mariadb|<jdbc url>]}; with a JDBC
 * URL (root, empty password) it joins that database as one more node, and leaves dropping it to whoever made it.
 */
public final class DataCenterNode {
    private DataCenterNode() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        boolean mariadb = args.length > 1 && args[1].equalsIgnoreCase("mariadb");
        boolean joins = args.length > 1 && args[1].startsWith("jdbc:");
        DatabaseConfig database = joins ? new DatabaseConfig(args[1], "root", "", 10)
                : mariadb ? Bench.scratchMariaDb() : DatabaseConfig.embedded(dataDir.resolve("db"));
        DataCenter dc = DataCenter.start(DatacenterConfig.local(dataDir, database), Clock.systemUTC());
        if (dc.directory().centerByAddress(Bench.CENTER).isEmpty()) {
            dc.directory().addCenter("c1", "Center One", Bench.CENTER, Bench.PASSWORD);
            dc.directory().addViewer("v1", "Dr. Viewer", Bench.VIEWER, Bench.PASSWORD, AccessLevel.FULL);
            dc.directory().authorize("c1", "v1", null);
        }
        HeapWatch heap = HeapWatch.start();
        System.out.println("SMTPS " + dc.smtpsPort());
        System.out.println("POP3S " + dc.pop3sPort());
        System.out.println("EVENTS " + dc.mailboxEventsPort());
        System.out.println("TRUST " + dc.trustStore());
        System.out.println("READY");
        System.out.flush();

        DataSource ds = dc.database().dataSource();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.strip().equals("quit")) {
            if (line.strip().equals("status")) {
                System.out.println("STATUS " + queued(ds) + " " + instances(ds) + " " + waitingInMailboxes(ds) + " "
                        + Math.round(ProcessPeak.self("", 0).cpuSeconds() * 1000));
                System.out.flush();
            }
        }
        System.out.println("PEAK " + ProcessPeak.self("", heap.stop().sampled()).line());
        System.out.flush();
        dc.close();
        if (mariadb) {
            Bench.dropMariaDb(database);
        }
        System.exit(0);
    }

    static long queued(DataSource ds) throws java.sql.SQLException {
        return Bench.count(ds, "select count(*) from message where state not in ('done','quarantined')");
    }

    static long instances(DataSource ds) throws java.sql.SQLException {
        return Bench.count(ds, "select count(*) from instance");
    }

    static long waitingInMailboxes(DataSource ds) throws java.sql.SQLException {
        return Bench.count(ds, "select count(*) from delivery where state = 'QUEUED' and mailbox = '" + Bench.VIEWER + "'");
    }
}
