package org.radpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * Data-center ingest throughput: starts a {@link DataCenterNode} in its own JVM (embedded H2 or a scratch MariaDB
 * database), submits the messages {@link PackagingBench} wrote over SMTPS from this JVM on one or more connections
 * at once (as several centers would), and waits until every object is indexed and no message waits for the route
 * or deliver stage. The clock runs from the first connection to that moment.
 * With a warm-up folder (another {@link PackagingBench} study), that study is sent and indexed first and the clock
 * starts after it: the figure of a data center that has run a while (its code compiled by the JIT), beside the
 * cold one of a data center just started.
 * Usage: {@code java -cp ... org.radpost.bench.IngestBench <work folder> h2|mariadb [connections, default 1]
 * [warm-up work folder]}.
 */
public final class IngestBench {
    private IngestBench() {}

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
        boolean mariadb = args.length > 1 && args[1].equalsIgnoreCase("mariadb");
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path warmUp = args.length > 3 ? Path.of(args[3]).toAbsolutePath() : null;
        List<Path> messages = Bench.messages(work);
        long objects = Bench.countFiles(work.resolve("study"));
        long dicomBytes = Bench.sizeOf(work.resolve("study"));
        long mailBytes = 0;
        for (Path m : messages) {
            mailBytes += Files.size(m);
        }
        String dbName = mariadb ? "MariaDB" : "H2";
        String id = "ingest-" + dbName.toLowerCase() + "-" + connections + (warmUp == null ? "" : "-warm");
        String what = "RadPost data-center ingest, " + dbName + ", " + connections + " connection" + (connections == 1 ? "" : "s")
                + (warmUp == null ? "" : ", warm data center");
        Path dcDir = work.resolve("dc-" + id);
        Bench.deleteTree(dcDir);
        try (Child dc = Child.java(id.replace("ingest-", "ingest-datacenter-"), work,
                List.of("-Xmx512m"), DataCenterNode.class.getName(), List.of(dcDir.toString(), mariadb ? "mariadb" : "h2"))) {
            int port = Integer.parseInt(dc.expect("SMTPS ", 180));
            Path trust = Path.of(dc.expect("TRUST ", 10));
            dc.expect("READY", 10);
            SmtpSubmitter submitter = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", port, SmtpSettings.Security.SMTPS,
                    Bench.CENTER, Bench.PASSWORD, trust, "changeit"));
            Bench.say("data center up on %s (SMTPS %d); submitting %d messages, %.1f MB of mail, on %d connection(s)", dbName, port,
                    messages.size(), Bench.mb(mailBytes), connections);

            long warmObjects = 0;
            String warmText = "";
            if (warmUp != null) {
                List<Path> warmMessages = Bench.messages(warmUp);
                long w0 = System.nanoTime();
                for (Path message : warmMessages) {
                    SubmitOutcome outcome = submitter.submit(message, n -> { });
                    if (!(outcome instanceof SubmitOutcome.Sent)) {
                        throw new IllegalStateException("warm-up message " + message.getFileName() + ": " + outcome.describe());
                    }
                }
                warmObjects = Bench.countFiles(warmUp.resolve("study"));
                awaitIndexed(dc, warmObjects);
                double warmSeconds = Bench.seconds(w0, System.nanoTime());
                warmText = String.format("; measured after a warm-up study (%d objects, %d messages, %.1f s) into the same data"
                        + " center, whose CPU figure includes it", warmObjects, warmMessages.size(), warmSeconds);
                Bench.say("warm-up study taken in: %d objects in %.1f s", warmObjects, warmSeconds);
            }

            HeapWatch heap = HeapWatch.start();
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(connections);
            List<Future<SubmitOutcome>> outcomes = new ArrayList<>();
            for (Path message : messages) {
                outcomes.add(pool.submit(() -> submitter.submit(message, n -> { })));
            }
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                SubmitOutcome outcome = outcomes.get(i).get();
                if (!(outcome instanceof SubmitOutcome.Sent)) {
                    refused.add(messages.get(i).getFileName() + ": " + outcome.describe());
                }
            }
            pool.shutdown();
            if (!refused.isEmpty()) {
                // A figure, not a crash: the table says what the data center answered (a packager would retry later).
                Bench.say("%d of %d messages not accepted; first: %s", refused.size(), messages.size(), refused.get(0));
                Row.figure(id, what, String.format("%d of %d messages NOT ACCEPTED", refused.size(), messages.size()),
                        List.of(dc.quit().rename("datacenter")), refused.get(0).length() > 300 ? refused.get(0).substring(0, 300) + "..."
                                : refused.get(0)).append(work);
                return;
            }
            long t1 = System.nanoTime();
            awaitIndexed(dc, warmObjects + objects);
            long t2 = System.nanoTime();
            ProcessPeak client = ProcessPeak.self("client", heap.stop().sampled());
            ProcessPeak server = dc.quit().rename("datacenter");
            String conditions = String.format("%s; %d messages, %.1f MB of mail over SMTPS, %d connection(s) at once; all 250s after "
                    + "%.1f s, indexed and routed %.2f s later; data center -Xmx512m%s", dbName, messages.size(), Bench.mb(mailBytes),
                    connections, Bench.seconds(t0, t1), Bench.seconds(t1, t2), warmText);
            Row.throughput(id, what, Bench.seconds(t0, t2), dicomBytes, objects,
                    List.of(server, client), conditions).append(work);
        } finally {
            Bench.deleteTree(dcDir);
        }
    }

    /** Waits until no message waits for the route or deliver stage and at least {@code objects} objects are indexed. */
    private static void awaitIndexed(Child dc, long objects) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (true) {
            dc.send("status");
            String[] status = dc.expect("STATUS ", 30).split(" ");
            if (Long.parseLong(status[0]) == 0 && Long.parseLong(status[1]) >= objects) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("after 10 minutes " + status[0] + " messages still wait for route/deliver and "
                        + status[1] + " of " + objects + " objects are indexed");
            }
            Thread.sleep(20);
        }
    }
}
