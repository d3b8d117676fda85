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
 * A data center alone in its JVM (started by {@link LargeMessageBench} with {@code -Xmx256m}), so its peak heap is
 * its own. Prints {@code SMTPS <port>}, {@code TRUST <path>} and {@code READY}; then answers lines on stdin:
 * {@code status} prints {@code STATUS <queued> <indexed objects>}; {@code quit} or the end of stdin prints
 * {@code PEAK <sampled bytes> <pool peak sum bytes> <max bytes>} and stops.
 * Usage: {@code java -Xmx256m -cp ... org.radpost.bench.IngestNode <data folder>} (embedded H2 in that folder).
 */
public final class IngestNode {
    private IngestNode() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        DataCenter dc = DataCenter.start(DatacenterConfig.local(dataDir, DatabaseConfig.embedded(dataDir.resolve("db"))), Clock.systemUTC());
        dc.directory().addCenter("c1", "Center One", Bench.CENTER, Bench.PASSWORD);
        dc.directory().addViewer("v1", "Dr. Viewer", Bench.VIEWER, Bench.PASSWORD, AccessLevel.FULL);
        dc.directory().authorize("c1", "v1", "CT");
        HeapWatch heap = HeapWatch.start();
        System.out.println("SMTPS " + dc.smtpsPort());
        System.out.println("TRUST " + dc.trustStore());
        System.out.println("READY");
        System.out.flush();

        DataSource ds = dc.database().dataSource();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.strip().equals("quit")) {
            if (line.strip().equals("status")) {
                System.out.println("STATUS " + IngestBench.queued(ds) + " " + IngestBench.instances(ds));
                System.out.flush();
            }
        }
        HeapWatch.Peak peak = heap.stop();
        System.out.println("PEAK " + peak.sampled() + " " + peak.poolPeakSum() + " " + peak.max());
        System.out.flush();
        dc.close();
        System.exit(0);
    }
}
