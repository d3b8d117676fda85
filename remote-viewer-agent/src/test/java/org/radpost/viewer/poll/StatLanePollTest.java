package org.radpost.viewer.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.testkit.CuttingRelay;
import org.radpost.testkit.SampleStudy;
import org.radpost.viewer.GreenMailTls;
import org.radpost.viewer.GreenMailTop;
import org.radpost.viewer.TestMail;
import org.radpost.viewer.store.Inbox;
import org.radpost.viewer.store.LocalDatabase;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;

/**
 * A STAT message that lands while a large routine message downloads is fetched by a second POP3 session beside the
 * running one, not after it. The routine download is held part-way by a relay between the poller and GreenMail (the
 * first connection only: the main session's), so "while the download is in progress" is a state the test sees, not
 * a guess about timing; the order is the order of the inbox's commits.
 */
class StatLanePollTest {
    private static final long ONE_MESSAGE = 1L << 30;   // size cap: the routine study travels as one message

    @TempDir
    Path dir;

    private TestMail mail;
    private LocalDatabase database;
    private Inbox inbox;
    private CuttingRelay relay;
    private final ExecutorService pollThread = Executors.newSingleThreadExecutor();
    private final List<String> commitOrder = Collections.synchronizedList(new ArrayList<>());
    private SampleStudy routine;
    private SampleStudy stat;
    private long routineSize;
    private Path statMessage;

    @BeforeEach
    void start() throws Exception {
        GreenMailTop.advertise();
        mail = new TestMail();
        database = LocalDatabase.open(dir.resolve("data"));
        inbox = new Inbox(database);
        relay = new CuttingRelay(mail.greenMail.getPop3s().getPort());
        routine = SampleStudy.of("CT", "PID-ROUTINE", "TEST^ROUTINE", "ACC-ROUTINE");
        List<Path> routineMessages = mail.deliverStudy(routine, 24, ONE_MESSAGE, Priority.ROUTINE, dir.resolve("routine"));
        assertThat(routineMessages).hasSize(1);
        routineSize = Files.size(routineMessages.get(0));
        assertThat(routineSize).as("the routine message is large against the session's other traffic").isGreaterThan(2_000_000);
        stat = SampleStudy.of("CT", "PID-STAT", "TEST^STAT", "ACC-STAT");
        // Packaged now, delivered only once the routine download is under way (after the main session's login).
        statMessage = packageOnly(stat);
        assertThat(Files.size(statMessage)).as("the STAT message outlasts the cut below").isGreaterThan(128 * 1024);
    }

    @AfterEach
    void stop() throws Exception {
        relay.close();
        pollThread.shutdownNow();
        pollThread.awaitTermination(30, TimeUnit.SECONDS);
        database.close();
        mail.close();
    }

    @Test
    void aStatMessageThatLandsDuringARoutineDownloadIsCommittedBeforeThatDownloadEnds() throws Exception {
        relay.holdNextConnection(routineSize / 2);   // the main session's connection, half-way through the RETR
        MailboxPoller poller = poller();
        Future<PollResult> poll = pollThread.submit(poller::pollNow);
        await().atMost(Duration.ofSeconds(60)).until(relay::isHolding);
        mail.deliver(statMessage);   // after the main session's login: not in its listing

        try {
            // The order is recorded by the poller's hook just after its commit: wait for both, not the commit alone.
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(stat) && !commitOrder.isEmpty());
            assertThat(relay.isHolding()).as("the routine download is still in progress").isTrue();
            assertThat(commitOrder).containsExactly("STAT");
        } finally {
            relay.releaseHold();
        }
        PollResult result = poll.get(120, TimeUnit.SECONDS);

        assertThat(commitOrder).containsExactly("STAT", "ROUTINE");
        assertThat(result.ok()).isTrue();
        assertThat(result.stored()).isEqualTo(2);
        assertThat(result.duplicates()).isZero();
        assertThat(inbox.messageIds(StudyUid.of(stat.studyInstanceUid()))).hasSize(1);
        assertThat(inbox.messageIds(StudyUid.of(routine.studyInstanceUid()))).hasSize(1);
        assertThat(mail.viewerMailboxSize()).isZero();
        poller.close();
    }

    @Test
    void aFailedSecondSessionLeavesTheStatMessageInTheMailboxAndTheMainSessionCompletes() throws Exception {
        relay.holdNextConnection(routineSize / 2);
        // Every other connection (the second session's) is cut after 64 KiB: a check finding nothing carries far
        // less, the STAT message's RETR more. Armed before the poll, so no second session escapes it.
        relay.cutAfter(64 * 1024);
        MailboxPoller poller = poller();
        Future<PollResult> poll = pollThread.submit(poller::pollNow);
        await().atMost(Duration.ofSeconds(60)).until(relay::isHolding);
        assertThat(relay.hasCut()).as("checks that find nothing pass").isFalse();
        mail.deliver(statMessage);

        try {
            await().atMost(Duration.ofSeconds(30)).until(relay::hasCut);
        } finally {
            relay.releaseHold();
        }
        PollResult result = poll.get(120, TimeUnit.SECONDS);

        assertThat(result.ok()).as("the main session is not broken by the second one's failure").isTrue();
        assertThat(result.stored()).isEqualTo(1);
        assertThat(commitOrder).containsExactly("ROUTINE");
        assertThat(committed(stat)).isFalse();
        assertThat(mail.viewerMailboxSize()).as("the STAT message waits for the next poll").isEqualTo(1);

        relay.passThrough();
        assertThat(poller.pollNow().stored()).isEqualTo(1);
        assertThat(commitOrder).containsExactly("ROUTINE", "STAT");
        assertThat(mail.viewerMailboxSize()).isZero();
        poller.close();
    }

    @Test
    void closingThePollerEndsTheSecondSessionWithoutWaitingForTheMainDownload() throws Exception {
        relay.holdNextConnection(routineSize / 2);
        MailboxPoller poller = poller();
        Future<PollResult> poll = pollThread.submit(poller::pollNow);
        await().atMost(Duration.ofSeconds(60)).until(relay::isHolding);
        await().atMost(Duration.ofSeconds(30)).until(() -> laneThreads() == 1 && relay.connections() > 1);

        poller.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> laneThreads() == 0);
        assertThat(relay.isHolding()).as("the main download is still in progress").isTrue();
        int connections = relay.connections();
        relay.releaseHold();
        PollResult result = poll.get(120, TimeUnit.SECONDS);
        assertThat(result.stored()).isEqualTo(1);
        assertThat(relay.connections()).as("no further check after close").isEqualTo(connections);
        assertThat(mail.viewerMailboxSize()).isZero();
    }

    private static long laneThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("viewer-stat-lane") && t.isAlive()).count();
    }

    private MailboxPoller poller() throws Exception {
        return new MailboxPoller(mail.pop3Via(relay.port()), GreenMailTls.clientTls(), inbox, dir.resolve("data"),
                this::recordCommit);
    }

    private boolean committed(SampleStudy study) {
        return inbox.firstMessageId(StudyUid.of(study.studyInstanceUid())).isPresent();
    }

    /** Notes which study's message the inbox gained with this commit (the main session's or the second one's). */
    private synchronized void recordCommit() {
        if (!commitOrder.contains("STAT") && committed(stat)) {
            commitOrder.add("STAT");
        }
        if (!commitOrder.contains("ROUTINE") && committed(routine)) {
            commitOrder.add("ROUTINE");
        }
    }

    /** A one-image STAT study packaged as one message, not yet delivered. */
    private Path packageOnly(SampleStudy study) throws Exception {
        List<Path> files = study.writeImages(dir.resolve("dicom-stat"), 1);
        StudyBatch batch = new StudyScanner().scan(files).studies().get(0);
        return new MessageWriter().write(new Addressing(TestMail.CENTER, TestMail.VIEWER, Priority.STAT), batch,
                dir.resolve("eml-stat")).get(0);
    }
}
