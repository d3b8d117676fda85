package org.radpost.viewer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.Sha256;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/**
 * Two POP3 sessions of one poll commit to the inbox at the same time. When both carry the same Message-ID (the data
 * center delivered a message twice) or the same object, the second commit finds the first's row only once that one
 * commits: H2 makes it wait on the unique key and then reports a duplicate. The inbox must answer "already known",
 * exactly as it does when the two commits come one after the other, not fail. The first commit is held open here
 * (a transaction of the test's own) until the second is seen waiting for it.
 */
class InboxConcurrentCommitTest {
    private static final String STUDY = "1.2.826.0.1.3680043.10.543.7";

    @TempDir
    Path dir;

    private LocalDatabase database;
    private Inbox inbox;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @BeforeEach
    void open() {
        database = LocalDatabase.open(dir);
        inbox = new Inbox(database);
    }

    @AfterEach
    void close() throws Exception {
        threads.shutdown();   // no interrupts: an interrupted H2 write closes the database file
        threads.awaitTermination(30, TimeUnit.SECONDS);
        database.close();
    }

    @Test
    void aMessageCommittedByTheOtherSessionMeanwhileIsADuplicateNotAFailure() throws Exception {
        ArrivedMessage message = message("<same@radpost.test>");

        Boolean second = whileAnotherCommitHoldsOpen(message, List.of(object("1.2.3.1")),
                () -> inbox.record(message, List.of(object("1.2.3.1"))));

        assertThat(second).as("the second commit answers 'already known'").isFalse();
        assertThat(inbox.messageIds(StudyUid.of(STUDY))).containsExactly("<same@radpost.test>");
        assertThat(rows("stored_file")).isEqualTo(1);
    }

    @Test
    void anObjectCommittedByTheOtherSessionMeanwhileIsSkippedAndTheMessageIsStillRecorded() throws Exception {
        ArrivedMessage first = message("<first@radpost.test>");
        ArrivedMessage resent = message("<resent@radpost.test>");

        Boolean second = whileAnotherCommitHoldsOpen(first, List.of(object("1.2.3.9")),
                () -> inbox.record(resent, List.of(object("1.2.3.9"), object("1.2.3.10"))));

        assertThat(second).isTrue();
        assertThat(inbox.messageIds(StudyUid.of(STUDY))).containsExactly("<first@radpost.test>", "<resent@radpost.test>");
        assertThat(rows("stored_file")).as("the shared object once, the new one once").isEqualTo(2);
    }

    /** Runs {@code second} while {@code first} is inserted but not committed; commits it once the second waits. */
    private Boolean whileAnotherCommitHoldsOpen(ArrivedMessage first, List<StoredObject> objects,
                                                java.util.concurrent.Callable<Boolean> second) throws Exception {
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        Future<?> holder = threads.submit(() -> database.useTransaction(h -> {
            long id = h.createUpdate("INSERT INTO arrived_message (message_id, sender, object_type, study_uid, priority,"
                            + " part_number, part_count, total_objects, received_at) VALUES (:id, 'c@radpost.test',"
                            + " 'IMAGE', :study, 'STAT', 1, 1, 1, :at)")
                    .bind("id", first.messageId()).bind("study", STUDY).bind("at", Instant.now())
                    .executeAndReturnGeneratedKeys().mapTo(Long.class).one();
            for (StoredObject o : objects) {
                h.createUpdate("INSERT INTO stored_file (sop_instance_uid, object_type, path, sha256, size_bytes,"
                                + " message_fk, received_at) VALUES (:sop, 'IMAGE', '/x', :sha, 1, :m, :at)")
                        .bind("sop", o.sopInstanceUid().value()).bind("sha", o.sha256().hex()).bind("m", id)
                        .bind("at", Instant.now()).execute();
            }
            inserted.countDown();
            awaitQuietly(commit);
        }));
        inserted.await(30, TimeUnit.SECONDS);
        Future<Boolean> result = threads.submit(second);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(this::anInsertWaits);
        commit.countDown();
        holder.get(30, TimeUnit.SECONDS);
        return result.get(30, TimeUnit.SECONDS);
    }

    /** True while the second commit's INSERT runs, that is waits for the held row (the holder runs nothing now). */
    private boolean anInsertWaits() {
        return database.inTransaction(h -> h.createQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS"
                + " WHERE EXECUTING_STATEMENT LIKE 'INSERT%'").mapTo(Integer.class).one()) > 0;
    }

    private int rows(String table) {
        return database.inTransaction(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ArrivedMessage message(String messageId) {
        return new ArrivedMessage(messageId, "c@radpost.test", ObjectType.IMAGE, Optional.of(StudyUid.of(STUDY)),
                Priority.STAT, 1, 1, 1, Instant.now(), Optional.empty());
    }

    private StoredObject object(String sop) {
        return new StoredObject(SopInstanceUid.of(sop), ObjectType.IMAGE, dir.resolve(sop + ".dcm"),
                Sha256.of(new byte[32]), 1);
    }
}
