package org.radpost.datacenter.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.reconcile.Reconciliation;
import org.radpost.datacenter.tracking.StudySearch;
import org.radpost.schema.Database;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.SampleStudy;
import org.radpost.testkit.TestDatabases;

/**
 * Two data-center nodes (child JVMs) on one MariaDB database and one data folder (spool, objects, mailboxes,
 * archive), a center sending to both in turn and a viewer fetching from both in turn, while one node at a time is
 * killed with {@code kill -9} at a random moment and restarted. At the end every acknowledged object is routed,
 * delivered once to the viewer and archived once; nothing is left in the queue, no row lacks its file, no file
 * lacks its row; and each periodic job ran once per interval across both nodes (its lease), not once per node.
 * Short form: 3 kills, 50 messages of 4 objects. Long form {@code -Dradpost.killloop=N}: 4×N kills, 50×N messages.
 */
class SeveralNodesCrashLoopTest {
    private static final Duration JOB_EVERY = Duration.ofSeconds(3);
    private static final int OBJECTS_PER_MESSAGE = 4;

    @TempDir
    Path dir;
    private DatabaseConfig config;

    @AfterEach
    void drop() {
        if (config != null) {
            TestDatabases.drop(config);
        }
    }

    @Test
    void everyAcknowledgedObjectIsDeliveredAndArchivedOnceWhileNodesSharingOneDatabaseAndFolderAreKilled() throws Exception {
        int passes = Integer.getInteger("radpost.killloop", 1);
        int kills = passes > 1 ? 4 * passes : 3;
        int messages = passes > 1 ? 50 * passes : 50;
        Random random = new Random(7);
        config = TestDatabases.freshMariaDb();
        List<String> child = List.of(config.jdbcUrl(), config.user(), config.password());
        Path data = dir.resolve("dc");
        List<String> options = List.of("-Dradpost.schedule.every=" + JOB_EVERY);
        List<Path> emls = new ArrayList<>();
        Map<Path, String> messageIds = new ConcurrentHashMap<>();
        for (int i = 0; i < messages; i++) {
            Path eml = CrashLoopContract.newStudyMessage(dir, i, SampleStudy.ct().size(64, 64), OBJECTS_PER_MESSAGE);
            emls.add(eml);
            messageIds.put(eml, CrashLoopContract.messageId(eml));
        }

        AtomicReferenceArray<CrashNode> nodes = new AtomicReferenceArray<>(2);
        Path[] logs = {dir.resolve("node-0.log"), dir.resolve("node-1.log")};
        // One after the other: the first start sets up the center and the viewer.
        nodes.set(0, CrashNode.start(data, child, "", 1, logs[0], options));
        nodes.set(1, CrashNode.start(data, child, "", 1, logs[1], options));
        Instant jobsFrom = Instant.now();

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<String, Integer> fetched = new ConcurrentHashMap<>();
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Thread sender = new Thread(() -> {
            int turn = 0;
            for (Path eml : emls) {
                while (!stop.get()) {
                    attempts.incrementAndGet();
                    if (CrashLoopContract.send(nodes.get(turn++ % 2), data, eml)) {
                        acknowledged.add(messageIds.get(eml));
                        break;
                    }
                    pause(100);
                }
            }
        }, "center");
        Thread viewer = new Thread(() -> {
            int turn = 0;
            while (!stop.get()) {
                CrashLoopContract.fetch(nodes.get(turn++ % 2), data, fetched);
                pause(300);
            }
        }, "viewer");
        sender.start();
        viewer.start();

        int[] killsPerNode = new int[2];
        List<String> restarts = new ArrayList<>();
        try {
            for (int k = 0; k < kills && sender.isAlive(); k++) {
                pause(2000 + random.nextInt(4000));
                int victim = random.nextInt(2);
                nodes.get(victim).close();   // kill -9
                killsPerNode[victim]++;
                long started = System.nanoTime();
                nodes.set(victim, CrashNode.start(data, child, "", 1, logs[victim], options));
                restarts.add(String.format("node %d up again in %.1f s", victim, (System.nanoTime() - started) / 1e9));
            }
            sender.join(Duration.ofMinutes(10).toMillis());
            assertThat(sender.isAlive()).as("the center got every message acknowledged").isFalse();
            try (Database db = Database.open(config, DataCenter.ENTITIES)) {
                long until = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (System.nanoTime() < until && !(CrashLoopContract.settled(db) && fetched.keySet().containsAll(acknowledged))) {
                    pause(500);
                }
            }
        } finally {
            stop.set(true);
            viewer.join(60_000);
            sender.join(60_000);
            nodes.get(0).close();
            nodes.get(1).close();
        }
        Instant jobsUntil = Instant.now();
        // A last start with both nodes dead: its reconciliation clears what the kills left, then it is killed too.
        CrashNode.start(data, child, "", 1, logs[0]).close();

        try (Database db = Database.open(config, DataCenter.ENTITIES)) {
            List<String> problems = new ArrayList<>();
            int lost = 0;
            int duplicated = 0;
            for (String id : acknowledged) {
                long deliveries = CrashLoopContract.count(db, "select count(*) from delivery d join message m on m.id = d.message_ref"
                        + " where m.message_id = '" + id + "' and d.kind = 'STUDY' and d.mailbox = '" + DataCenterFixture.VIEWER + "'");
                long delivered = CrashLoopContract.count(db, "select count(*) from delivery d join message m on m.id = d.message_ref"
                        + " where m.message_id = '" + id + "' and d.kind = 'STUDY' and d.state = 'DELIVERED'");
                long archived = CrashLoopContract.count(db, "select count(*) from archive_object a join instance i"
                        + " on i.sop_instance_uid = a.sop_instance_uid where i.message_id = '" + id + "'");
                long instances = CrashLoopContract.count(db, "select count(*) from instance where message_id = '" + id + "'");
                String line = id + ": deliveries " + deliveries + " (delivered " + delivered + "), archived " + archived
                        + ", instances " + instances;
                if (delivered == 0 || archived < OBJECTS_PER_MESSAGE || instances < OBJECTS_PER_MESSAGE) {
                    lost++;
                    problems.add(line);
                } else if (deliveries > 1 || delivered > 1 || archived > OBJECTS_PER_MESSAGE || instances > OBJECTS_PER_MESSAGE) {
                    duplicated++;
                    problems.add(line);
                }
            }
            long stuck = CrashLoopContract.count(db, "select count(*) from message where state <> 'done'");
            long rowsWithoutFiles = CrashLoopContract.missingFiles(db);
            List<Reconciliation.Removed> orphans = new Reconciliation(db.sessionFactory(), data, Clock.systemUTC(), Duration.ZERO).run();
            List<String> jobProblems = new ArrayList<>();
            String jobFigures = jobRuns(db, jobsFrom, jobsUntil, jobProblems);
            int redownloads = fetched.values().stream().mapToInt(n -> n - 1).sum();
            System.out.printf("SeveralNodes on MariaDB: 2 nodes, %d kills (node 0: %d, node 1: %d; %s); %d messages (%d objects),"
                            + " %d submissions, %d acknowledged, %d lost, %d duplicated; %d re-downloads by the viewer; jobs: %s%n",
                    killsPerNode[0] + killsPerNode[1], killsPerNode[0], killsPerNode[1], String.join(", ", restarts), messages,
                    messages * OBJECTS_PER_MESSAGE, attempts.get(), acknowledged.size(), lost, duplicated, redownloads, jobFigures);
            assertThat(acknowledged).as("every message acknowledged").hasSize(messages);
            assertThat(problems).as("acknowledged messages not delivered and archived exactly once").isEmpty();
            assertThat(stuck).as("queue rows not done").isZero();
            assertThat(rowsWithoutFiles).as("rows whose file is missing").isZero();
            assertThat(orphans).as("files no row points at").isEmpty();
            assertThat(jobProblems).as("periodic jobs run once per interval across the nodes").isEmpty();
            assertThat(killsPerNode[0] + killsPerNode[1]).as("kills performed").isGreaterThanOrEqualTo(Math.min(kills, 2));
        }
    }

    /**
     * Checks the {@code job_run} rows written while both nodes ran: each job ran, never twice within one interval
     * (two nodes without the lease would run it about twice as often), and says how often and on which nodes.
     */
    private static String jobRuns(Database db, Instant from, Instant until, List<String> problems) {
        List<Object[]> rows = db.sessionFactory().fromSession(s -> s.createNativeQuery(
                "select job, node, started_at from job_run order by job, started_at", Object[].class).getResultList());
        Map<String, List<Object[]>> byJob = new java.util.TreeMap<>();
        rows.forEach(r -> byJob.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(r));
        long window = Duration.between(from, until).toMillis();
        List<String> figures = new ArrayList<>();
        for (Map.Entry<String, List<Object[]>> job : byJob.entrySet()) {
            Instant previous = null;
            Set<String> ranOn = new java.util.TreeSet<>();
            long minGap = Long.MAX_VALUE;
            for (Object[] run : job.getValue()) {
                Instant started = StudySearch.instant(run[2]);
                ranOn.add((String) run[1]);
                if (previous != null) {
                    long gap = Duration.between(previous, started).toMillis();
                    minGap = Math.min(minGap, gap);
                    if (gap < JOB_EVERY.toMillis() - 50) {
                        problems.add(job.getKey() + " ran twice within " + gap + " ms (at " + previous + " and " + started + ")");
                    }
                }
                previous = started;
            }
            figures.add(String.format("%s %d runs in %.0f s on %d node(s), closest %d ms apart", job.getKey(), job.getValue().size(),
                    window / 1000.0, ranOn.size(), minGap == Long.MAX_VALUE ? -1 : minGap));
        }
        if (byJob.size() < 4) {
            problems.add("only " + byJob.keySet() + " ran");
        }
        return String.join("; ", figures);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
