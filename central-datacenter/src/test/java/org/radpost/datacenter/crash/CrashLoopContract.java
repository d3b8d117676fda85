package org.radpost.datacenter.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.reconcile.Reconciliation;
import org.radpost.schema.Database;
import org.radpost.schema.DatabaseConfig;
import org.radpost.schema.FaultPoint;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * Kills a data-center node (a child JVM) at every durable step named in {@link FaultPoint} while a center keeps
 * sending over SMTPS and a viewer keeps fetching over POP3S, restarting it each time. After a last clean run the
 * invariant must hold: every acknowledged object is delivered exactly once to the viewer and archived once; an
 * unacknowledged one at most once after the center's retry; no orphan files, no rows without files, no stuck
 * queue rows. Short form: each point once. Long form: {@code -Dradpost.killloop=N} passes over all points, each
 * halting at a random one of the first three times its point is reached; it prints the figures.
 */
abstract class CrashLoopContract {
    private static final Duration ROUND = Duration.ofSeconds(25);

    @TempDir
    Path dir;

    abstract DatabaseConfig database(Path data);

    /** The child's arguments for {@link #database}. */
    abstract List<String> childDatabase(DatabaseConfig config);

    abstract String name();

    @Test
    void nothingAcknowledgedIsLostOrDuplicatedWhenTheNodeIsKilledAtEveryDurableStep() throws Exception {
        int passes = Integer.getInteger("radpost.killloop", 1);
        boolean longForm = passes > 1;
        Random random = new Random(42);
        Path data = dir.resolve("dc");
        DatabaseConfig config = database(data);
        List<String> child = childDatabase(config);
        Path log = dir.resolve("node.log");
        Deque<Path> pending = new ArrayDeque<>();
        Map<Path, String> messageIds = new HashMap<>();
        Set<String> acknowledged = new LinkedHashSet<>();
        Set<String> everSent = new LinkedHashSet<>();
        Map<String, Integer> fetched = new HashMap<>();
        Map<String, Integer> kills = new LinkedHashMap<>();
        Map<String, Integer> notReached = new LinkedHashMap<>();
        int studies = 0;

        for (int pass = 0; pass < passes; pass++) {
            for (String point : FaultPoint.POINTS) {
                int after = longForm ? 1 + random.nextInt(3) : 1;
                long started = System.nanoTime();
                try (CrashNode node = CrashNode.start(data, child, point, after, log)) {
                    long up = System.nanoTime();
                    long deadline = System.nanoTime() + ROUND.toNanos();
                    while (node.alive() && System.nanoTime() < deadline) {
                        if (pending.size() < 3) {
                            Path eml = newStudyMessage(dir, ++studies);
                            pending.add(eml);
                            messageIds.put(eml, messageId(eml));
                        }
                        Path next = pending.peek();
                        everSent.add(messageIds.get(next));
                        if (send(node, data, next)) {
                            pending.poll();
                            acknowledged.add(messageIds.get(next));
                        }
                        fetch(node, data, fetched);
                    }
                    if (node.process.waitFor(5, TimeUnit.SECONDS)) {
                        assertThat(node.process.exitValue()).as("the node halted at %s (see %s)", point, log)
                                .isEqualTo(FaultPoint.HALT_STATUS);
                        kills.merge(point, 1, Integer::sum);
                    } else {
                        notReached.merge(point, 1, Integer::sum);
                    }
                    System.out.printf("CrashLoop on %s: %s: node up in %.1f s, killed %.1f s later%n", name(), point,
                            (up - started) / 1e9, (System.nanoTime() - up) / 1e9);
                }
            }
        }

        // The last, clean run: the center retries what was never acknowledged, the viewer fetches everything.
        try (CrashNode node = CrashNode.start(data, child, "", 1, log)) {
            while (!pending.isEmpty()) {
                Path next = pending.peek();
                everSent.add(messageIds.get(next));
                assertThat(send(node, data, next)).as("a retry on a healthy node is accepted").isTrue();
                acknowledged.add(messageIds.get(pending.poll()));
            }
            try (Database db = Database.open(config, org.radpost.datacenter.DataCenter.ENTITIES)) {
                long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (System.nanoTime() < until && !(settled(db) && fetched.keySet().containsAll(acknowledged))) {
                    fetch(node, data, fetched);
                    Thread.sleep(200);
                }
            }
        }

        try (Database db = Database.open(config, org.radpost.datacenter.DataCenter.ENTITIES)) {
            int lost = 0;
            int duplicated = 0;
            List<String> problems = new ArrayList<>();
            for (String id : acknowledged) {
                long deliveries = count(db, "select count(*) from delivery d join message m on m.id = d.message_ref where m.message_id = '"
                        + id + "' and d.kind = 'STUDY' and d.mailbox = '" + DataCenterFixture.VIEWER + "' and d.state = 'DELIVERED'");
                long archived = count(db, "select count(*) from archive_object a join instance i on i.sop_instance_uid = a.sop_instance_uid"
                        + " where i.message_id = '" + id + "'");
                long instances = count(db, "select count(*) from instance where message_id = '" + id + "'");
                if (deliveries == 0 || archived == 0 || instances == 0) {
                    lost++;
                    problems.add(id + ": delivered " + deliveries + ", archived " + archived + ", instances " + instances);
                } else if (deliveries > 1 || archived > 1 || instances > 1) {
                    duplicated++;
                    problems.add(id + ": delivered " + deliveries + ", archived " + archived + ", instances " + instances);
                }
            }
            long stuck = count(db, "select count(*) from message where state <> 'done'");
            long rowsWithoutFiles = missingFiles(db);
            List<Reconciliation.Removed> orphans = new Reconciliation(db.sessionFactory(), data, Clock.systemUTC(), Duration.ZERO).run();
            int redownloads = fetched.values().stream().mapToInt(n -> n - 1).sum();
            System.out.printf("CrashLoop on %s: kills per point %s%s; %d messages sent, %d acknowledged, %d lost, %d duplicated;"
                            + " %d re-downloads by the viewer after a crash before POP3 QUIT%n", name(), kills,
                    notReached.isEmpty() ? "" : " (point not reached in time: " + notReached + ")", everSent.size(),
                    acknowledged.size(), lost, duplicated, redownloads);
            assertThat(problems).as("acknowledged messages not delivered and archived exactly once").isEmpty();
            assertThat(stuck).as("queue rows not done").isZero();
            assertThat(rowsWithoutFiles).as("rows whose file is missing").isZero();
            assertThat(orphans).as("files no row points at").isEmpty();
            assertThat(kills.values().stream().mapToInt(Integer::intValue).sum()).as("kills performed").isGreaterThanOrEqualTo(FaultPoint.POINTS.size() - 1);
        }
    }

    /** True once the queue is empty and every study waiting for the viewer was fetched. */
    static boolean settled(Database db) {
        return count(db, "select count(*) from message where state <> 'done'") == 0
                && count(db, "select count(*) from delivery where kind = 'STUDY' and state = 'QUEUED'") == 0;
    }

    static long missingFiles(Database db) {
        List<String> paths = db.sessionFactory().fromSession(s -> {
            List<String> all = new ArrayList<>();
            // Files the spool retention removed on purpose are marked so; every other row needs its file.
            all.addAll(s.createNativeQuery("select spool_path from message where spool_removed_at is null", String.class).getResultList());
            all.addAll(s.createNativeQuery("select i.file_path from instance i join message m on m.message_id = i.message_id"
                    + " where m.spool_removed_at is null", String.class).getResultList());
            all.addAll(s.createNativeQuery("select file_path from delivery where state = 'QUEUED'", String.class).getResultList());
            return all;
        });
        return paths.stream().filter(p -> !Files.exists(Path.of(p))).count();
    }

    static long count(Database db, String sql) {
        return db.sessionFactory().fromSession(s -> ((Number) s.createNativeQuery(sql, Object.class).getSingleResult()).longValue());
    }

    /** One submission; false when the node did not acknowledge it (connection lost, temporary failure). */
    static boolean send(CrashNode node, Path data, Path eml) {
        try {
            SubmitOutcome outcome = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", node.smtpsPort, SmtpSettings.Security.SMTPS,
                    DataCenterFixture.CENTER, DataCenterFixture.PASSWORD, trustStore(data), "changeit")).submit(eml, n -> { });
            if (outcome instanceof SubmitOutcome.PermanentFailure refused) {
                throw new AssertionError("the node refused a valid message for good: " + refused);
            }
            return outcome instanceof SubmitOutcome.Sent;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static void fetch(CrashNode node, Path data, Map<String, Integer> fetched) {
        try {
            MailboxReader viewer = new MailboxReader(new Pop3Settings("127.0.0.1", node.pop3sPort, DataCenterFixture.VIEWER,
                    DataCenterFixture.PASSWORD, trustStore(data), "changeit"), data.getParent().resolve("viewer"));
            for (MailboxReader.Fetched f : viewer.fetchAll()) {
                if (f.message() != null) {
                    fetched.merge(f.message().messageId(), 1, Integer::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the node went down mid-session: nothing was deleted, the next poll fetches again
        }
    }

    static Path trustStore(Path data) {
        return data.resolve("tls").resolve(org.radpost.wire.tls.DeploymentCa.TRUSTSTORE_FILE);
    }

    static Path newStudyMessage(Path dir, int n) throws IOException {
        return newStudyMessage(dir, n, SampleStudy.ct(), 1);
    }

    /** One message from the center to the viewer carrying {@code images} objects of a new study. */
    static Path newStudyMessage(Path dir, int n, SampleStudy study, int images) throws IOException {
        Path folder = dir.resolve("studies").resolve("s" + n);
        study.writeImages(folder, images);
        return new MessageWriter(MessageWriter.DEFAULT_SIZE_CAP).write(new Addressing(DataCenterFixture.CENTER, DataCenterFixture.VIEWER,
                Priority.ROUTINE), new StudyScanner().scan(List.of(folder)).studies().get(0), Files.createDirectories(dir.resolve("out").resolve("s" + n))).get(0);
    }

    static String messageId(Path eml) throws IOException {
        try (var lines = Files.lines(eml)) {
            return lines.takeWhile(l -> !l.isEmpty()).filter(l -> l.regionMatches(true, 0, "Message-ID:", 0, 11)).findFirst()
                    .map(l -> l.substring(11).trim()).orElseThrow();
        }
    }
}
