package org.radpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * Ingest with one data-center node and with two on the same MariaDB database and data folder (each node a JVM of its
 * own, see {@link DataCenterNode}): many small studies, as many centers send them, on two connections at once, first
 * both to one node, then one to each node. The clock runs from the first connection until every object is indexed
 * and no message waits for route/deliver. Prints objects/s of each and their ratio; a figure, never an assertion.
 * Usage: {@code java -cp ... org.radpost.bench.NodesIngestBench <work folder> [messages, default 80] [images each, 4]}.
 */
public final class NodesIngestBench {
    private static final int CONNECTIONS = 2;

    private NodesIngestBench() {}

    public static void main(String[] args) throws Exception {
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
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 80;
        int images = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path studies = work.resolve("nodes-studies");
        Bench.deleteTree(studies);
        List<Path> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path folder = studies.resolve("s" + i);
            SampleStudy.ct().size(256, 256).writeImages(folder, images);
            messages.addAll(new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP).write(new Addressing(Bench.CENTER, Bench.VIEWER,
                    Priority.ROUTINE), new StudyScanner().scan(List.of(folder)).studies().get(0), Files.createDirectories(studies.resolve("out" + i))));
        }
        long objects = (long) count * images;
        long dicomBytes = 0;
        for (int i = 0; i < count; i++) {
            dicomBytes += Bench.sizeOf(studies.resolve("s" + i));
        }
        Bench.say("nodes: %d one-study messages of %d images (256x256), %d objects, %.1f MB of DICOM", count, images, objects, Bench.mb(dicomBytes));
        double one = measure(work, messages, objects, dicomBytes, 1);
        double two = measure(work, messages, objects, dicomBytes, 2);
        String ratio = String.format("%.2f", two / one);
        Bench.say("nodes: one node %.2f objects/s, two nodes %.2f objects/s, ratio %s (%d cores)", one, two, ratio,
                Runtime.getRuntime().availableProcessors());
        Row.figure("ingest-nodes-ratio", "RadPost ingest, two nodes vs one (MariaDB, shared data folder)", "ratio " + ratio + "×",
                List.of(), String.format("%.2f vs %.2f objects/s, %d connections in both runs, %d cores%s", two, one, CONNECTIONS,
                        Runtime.getRuntime().availableProcessors(), pinning(0).isEmpty() ? ""
                                : "; each node pinned to one CPU (BENCH_NODE_CPUS=" + System.getenv("BENCH_NODE_CPUS") + ")"))
                .append(work);
        Bench.deleteTree(studies);
    }

    /**
     * With {@code BENCH_NODE_CPUS=0,1} node n runs on CPU n only ({@code taskset}): a machine per node, emulated on one
     * box where a single unpinned node already keeps every core busy. The client and the database are not pinned.
     */
    private static List<String> pinning(int node) {
        String cpus = System.getenv().getOrDefault("BENCH_NODE_CPUS", "").strip();
        if (cpus.isEmpty()) {
            return List.of();
        }
        String[] list = cpus.split(",");
        return List.of("taskset", "-c", list[node % list.length].strip());
    }

    /** One run on {@code nodes} fresh nodes sharing a scratch database and data folder; objects per second. */
    private static double measure(Path work, List<Path> messages, long objects, long dicomBytes, int nodes) throws Exception {
        DatabaseConfig database = Bench.scratchMariaDb();
        Path data = work.resolve("dc-nodes-" + nodes);
        Bench.deleteTree(data);
        List<Child> children = new ArrayList<>();
        try {
            List<SmtpSubmitter> submitters = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                // One after the other: the first sets up the center and the viewer, the second finds them.
                Child node = Child.java("nodes-" + nodes + "-datacenter-" + n, work, pinning(n), List.of("-Xmx512m"),
                        DataCenterNode.class.getName(), List.of(data.toString(), database.jdbcUrl()));
                children.add(node);
                int port = Integer.parseInt(node.expect("SMTPS ", 180));
                Path trust = Path.of(node.expect("TRUST ", 10));
                node.expect("READY", 10);
                submitters.add(new SmtpSubmitter(SmtpSettings.of("127.0.0.1", port, SmtpSettings.Security.SMTPS, Bench.CENTER,
                        Bench.PASSWORD, trust, "changeit")));
            }
            HeapWatch heap = HeapWatch.start();
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            List<Future<SubmitOutcome>> outcomes = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                SmtpSubmitter submitter = submitters.get(c % nodes);
                List<Path> share = new ArrayList<>();
                for (int i = c; i < messages.size(); i += CONNECTIONS) {
                    share.add(messages.get(i));
                }
                outcomes.add(pool.submit(() -> {
                    SubmitOutcome last = null;
                    for (Path m : share) {
                        last = submitter.submit(m, x -> { });
                        if (!(last instanceof SubmitOutcome.Sent)) {
                            return last;
                        }
                    }
                    return last;
                }));
            }
            for (Future<SubmitOutcome> outcome : outcomes) {
                if (!(outcome.get() instanceof SubmitOutcome.Sent)) {
                    throw new IllegalStateException("a message was not accepted: " + outcome.get().describe());
                }
            }
            pool.shutdown();
            long t1 = System.nanoTime();
            Child first = children.get(0);
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (true) {
                first.send("status");
                String[] status = first.expect("STATUS ", 30).split(" ");
                if (Long.parseLong(status[0]) == 0 && Long.parseLong(status[1]) >= objects) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("after 10 minutes " + status[1] + " of " + objects + " objects are indexed");
                }
                Thread.sleep(20);
            }
            long t2 = System.nanoTime();
            List<ProcessPeak> peaks = new ArrayList<>();
            for (Child child : children) {
                peaks.add(child.quit().rename("datacenter " + peaks.size()));
            }
            children.clear();
            peaks.add(ProcessPeak.self("client", heap.stop().sampled()));
            double seconds = Bench.seconds(t0, t2);
            Row.throughput("ingest-nodes-" + nodes, "RadPost ingest, MariaDB, " + (nodes == 1 ? "one node" : nodes + " nodes")
                            + ", " + CONNECTIONS + " connections", seconds, dicomBytes, objects, peaks,
                    String.format("%d one-study messages, %d connection(s) %s; all 250s after %.1f s, indexed and routed %.2f s later;"
                                    + " shared data folder and database; -Xmx512m per node", messages.size(), CONNECTIONS,
                            nodes == 1 ? "to the one node" : "one to each node", Bench.seconds(t0, t1), Bench.seconds(t1, t2)))
                    .append(work);
            return objects / seconds;
        } finally {
            for (Child child : children) {
                child.close();
            }
            Bench.dropMariaDb(database);
            Bench.deleteTree(data);
        }
    }
}
