package org.radpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;
import org.radpost.schema.DatabaseConfig;

/**
 * Data-center ingest throughput: starts a data center (embedded H2 or a scratch MariaDB database), submits the
 * messages {@link PackagingBench} wrote over SMTPS one after another, and waits until every object is indexed
 * and no message waits for the route or deliver stage. Clock runs from the first connection to that moment.
 * Usage: {@code java -cp ... org.radpost.bench.IngestBench <work folder> h2|mariadb}.
 */
public final class IngestBench {
    private IngestBench() {}

    public static void main(String[] args) throws Exception {
        // DataCenter.close() leaves a non-daemon Netty thread (defaultEventLoopGroup) behind; do not wait for it.
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        boolean mariadb = args.length > 1 && args[1].equalsIgnoreCase("mariadb");
        List<Path> messages = Bench.messages(work);
        long objects = Bench.countFiles(work.resolve("study"));
        long dicomBytes = Bench.sizeOf(work.resolve("study"));
        long mailBytes = 0;
        for (Path m : messages) {
            mailBytes += Files.size(m);
        }
        Path dcDir = work.resolve(mariadb ? "dc-mariadb" : "dc-h2");
        Bench.deleteTree(dcDir);
        DatabaseConfig database = mariadb ? Bench.scratchMariaDb() : DatabaseConfig.embedded(dcDir.resolve("db"));
        String dbName = mariadb ? "MariaDB" : "H2 embedded";
        try (DataCenter dc = DataCenter.start(DatacenterConfig.local(dcDir, database), Clock.systemUTC())) {
            dc.directory().addCenter("c1", "Center One", Bench.CENTER, Bench.PASSWORD);
            dc.directory().addViewer("v1", "Dr. Viewer", Bench.VIEWER, Bench.PASSWORD, AccessLevel.FULL);
            dc.directory().authorize("c1", "v1", "CT");
            SmtpSubmitter submitter = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", dc.smtpsPort(), SmtpSettings.Security.SMTPS,
                    Bench.CENTER, Bench.PASSWORD, dc.trustStore(), "changeit"));
            Bench.say("data center up on %s (SMTPS %d); submitting %d messages, %.1f MB of mail", dbName, dc.smtpsPort(),
                    messages.size(), Bench.mb(mailBytes));

            HeapWatch heap = HeapWatch.start();
            long t0 = System.nanoTime();
            for (Path message : messages) {
                SubmitOutcome outcome = submitter.submit(message, n -> { });
                if (!(outcome instanceof SubmitOutcome.Sent)) {
                    throw new IllegalStateException(message.getFileName() + " was not accepted: " + outcome.describe());
                }
            }
            long t1 = System.nanoTime();
            DataSource ds = dc.database().dataSource();
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (queued(ds) > 0 || instances(ds) < objects) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("after 10 minutes " + queued(ds) + " messages still wait for route/deliver and "
                            + instances(ds) + " of " + objects + " objects are indexed");
                }
                Thread.sleep(20);
            }
            long t2 = System.nanoTime();
            HeapWatch.Peak peak = heap.stop();

            double seconds = Bench.seconds(t0, t2);
            String conditions = String.format("%s; %d messages, %d objects, %.1f MB DICOM (%.1f MB mail) over SMTPS, one client "
                    + "connection per message, in-process with the client; %s", dbName, messages.size(), objects,
                    Bench.mb(dicomBytes), Bench.mb(mailBytes), Bench.machine());
            Bench.result(work, "2. ingest (" + dbName + ")", String.format("%.1f MB/s DICOM (%.1f MB/s mail), %.1f objects/s, %.1f s",
                    Bench.mb(dicomBytes) / seconds, Bench.mb(mailBytes) / seconds, objects / seconds, seconds), conditions);
            Bench.say("all 250s after %.1f s; queue drained %.2f s later; peak heap (server + client) %s",
                    Bench.seconds(t0, t1), Bench.seconds(t1, t2), peak.describe());
        } finally {
            if (mariadb) {
                Bench.dropMariaDb(database);
            }
            Bench.deleteTree(dcDir);
        }
    }

    static long queued(DataSource ds) throws SQLException {
        return count(ds, "select count(*) from message where state not in ('done','quarantined')");
    }

    static long instances(DataSource ds) throws SQLException {
        return count(ds, "select count(*) from instance");
    }

    static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
