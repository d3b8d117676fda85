package org.radpost.system;

import org.radpost.testkit.CuttingRelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.TestDatabases;
import org.radpost.viewer.ViewerAgent;
import org.radpost.viewer.config.MailServer;
import org.radpost.viewer.config.ViewerConfig;
import org.radpost.viewer.poll.PollException;
import org.radpost.viewer.poll.PollResult;
import org.radpost.viewer.store.ImageInfo;

/**
 * The viewer agent's poller against the real data center (MariaDB) over POP3S, through a relay on 127.0.0.1 that
 * can make the server go away in the middle of a download: nothing the viewer has not safely stored leaves the
 * data center's mailbox, and nothing arrives twice at the viewer — whether the connection dies or the same
 * messages come again.
 */
class PollerSystemTest {
    static final String CENTER = "center1@radpost.test";
    static final String VIEWER = "viewer1@radpost.test";
    static final String PASSWORD = "poller-system-pw";
    /** A 256x256 image is about 180 KB on the wire (base64): a 400 KB cap puts two images in each message. */
    static final long SIZE_CAP = 400 * 1024;

    @TempDir
    static Path dir;

    static DatabaseConfig database;
    static DataCenter dataCenter;
    static CuttingRelay relay;
    static ViewerAgent agent;
    static SmtpSubmitter center;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabases.freshMariaDb();
        dataCenter = DataCenter.start(DatacenterConfig.local(dir.resolve("dc"), database), Clock.systemUTC());
        dataCenter.directory().addCenter("c1", "Center One", CENTER, PASSWORD);
        dataCenter.directory().addViewer("v1", "Dr. Poll Reader", VIEWER, PASSWORD, AccessLevel.FULL);
        dataCenter.directory().authorize("c1", "v1", "CT");
        center = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", dataCenter.startTlsPort(), SmtpSettings.Security.STARTTLS,
                CENTER, PASSWORD, dataCenter.trustStore(), "changeit"));

        // The agent polls the data center's POP3S through the relay; the certificate names 127.0.0.1, so host-name
        // verification holds on the relay's port. An hour's interval: only the tests' pollNow() calls poll.
        relay = new CuttingRelay(dataCenter.pop3sPort(), Long.MAX_VALUE);
        agent = ViewerAgent.start(new ViewerConfig(dir.resolve("viewer"),
                new MailServer("127.0.0.1", relay.port(), true, VIEWER, PASSWORD),
                new MailServer("127.0.0.1", dataCenter.smtpsPort(), true, VIEWER, PASSWORD),
                dataCenter.trustStore(), "changeit", Duration.ofHours(1), "127.0.0.1", 0, "Dr. Poll Reader", VIEWER, ""));
        // The schedule polls once at start-up; let that poll of the empty mailbox finish before any study is sent.
        Awaitility.await("the agent's start-up poll").atMost(Duration.ofSeconds(30))
                .until(() -> agent.poller().lastResult().isPresent());
        assertThat(agent.poller().lastResult().orElseThrow().ok()).as("start-up poll of the empty mailbox").isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (dataCenter != null) {
            dataCenter.close();
        }
        TestDatabases.drop(database);
    }

    @Test
    void aServerGoingAwayMidDownloadLosesNothingAndTheNextPollDuplicatesNothing() throws Exception {
        Sent sent = send(SampleStudy.of("CT", "PID-CUT-1", "CUT^ALICE", "ACC-CUT-1").size(256, 256), "cut");
        assertThat(sent.parts()).as("six images travel in three messages").hasSize(3);
        List<Long> sizes = awaitQueued(sent.studyUid(), sent.parts().size());

        // Cut once the server has sent the whole first message and half of the second (TLS adds only a few KB).
        relay.cutAfter(sizes.get(0) + sizes.get(1) / 2);
        Throwable failure = catchThrowable(agent::pollNow);

        assertThat(relay.hasCut()).as("the relay cut the connection").isTrue();
        assertThat(failure).as("the cut poll fails and says nothing was deleted").isInstanceOf(PollException.class)
                .hasMessageContaining("nothing is deleted on the server");
        assertThat(deliveries(sent.studyUid(), "QUEUED")).as("every message still in the data center's mailbox")
                .isEqualTo(sent.parts().size());
        assertThat(deliveries(sent.studyUid(), "DELIVERED")).isZero();
        assertThat(events(sent.studyUid(), "DELIVERED")).as("no delivered event after a cut session").isZero();
        int before = images(sent.studyUid()).size();
        assertThat(before).as("the first message's two images were stored before the cut, not the rest").isEqualTo(2);

        relay.passThrough();
        PollResult retry = agent.pollNow();

        assertThat(retry.ok()).isTrue();
        assertThat(retry.duplicates()).as("the message stored before the cut is recognised").isEqualTo(1);
        assertThat(retry.stored() + retry.duplicates()).isEqualTo(sent.parts().size());
        assertStoredOnce(sent);
        assertThat(deliveries(sent.studyUid(), "QUEUED")).as("the mailbox is empty").isZero();
        assertThat(deliveries(sent.studyUid(), "DELIVERED")).isEqualTo(sent.parts().size());
        assertThat(events(sent.studyUid(), "DELIVERED")).as("one delivered event per message").isEqualTo(sent.parts().size());
        assertThat(awaitCenterReceipts(sent.studyUid(), ReceiptStatus.DELIVERED, sent.parts().size()))
                .as("delivered receipts in the center's mailbox").isEqualTo(sent.parts().size());
        try (Stream<Path> incoming = Files.list(dir.resolve("viewer/incoming"))) {
            assertThat(incoming.filter(p -> p.toString().endsWith(".eml"))).as("no partial download left").isEmpty();
        }
    }

    @Test
    void theSameMessagesSentTwiceEndAsOneStudyAtTheViewer() throws Exception {
        Sent sent = send(SampleStudy.of("CT", "PID-TWICE-1", "TWICE^BOB", "ACC-TWICE-1").size(256, 256), "twice");
        for (Path part : sent.parts()) {
            assertThat(center.submit(part, n -> { })).as("the same message again").isInstanceOf(SubmitOutcome.Sent.class);
        }
        awaitQueued(sent.studyUid(), sent.parts().size());

        PollResult first = agent.pollNow();
        // Once more after the viewer has fetched them: the data center already holds these Message-IDs.
        for (Path part : sent.parts()) {
            assertThat(center.submit(part, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);
        }
        PollResult second = agent.pollNow();

        assertThat(first.ok()).isTrue();
        assertThat(first.stored()).isEqualTo(sent.parts().size());
        assertThat(second.stored()).as("nothing new in the second poll").isZero();
        assertStoredOnce(sent);
        assertThat(deliveries(sent.studyUid(), "DELIVERED")).as("one delivery per message").isEqualTo(sent.parts().size());
        assertThat(deliveries(sent.studyUid(), "QUEUED")).isZero();
    }

    @Test
    void theSameImagesRepackagedUnderNewMessageIdsAreStoredOnceAtTheViewer() throws Exception {
        SampleStudy study = SampleStudy.of("CT", "PID-REPACK-1", "REPACK^CAROL", "ACC-REPACK-1").size(256, 256);
        Sent sent = send(study, "repack");
        awaitQueued(sent.studyUid(), sent.parts().size());
        assertThat(agent.pollNow().stored()).isEqualTo(sent.parts().size());

        // The center sends the same study again (say, a technologist re-sends it): new messages, the same images.
        List<Path> again = new MessageWriter(SIZE_CAP).write(new Addressing(CENTER, VIEWER, Priority.ROUTINE), sent.batch(),
                dir.resolve("repack-again"));
        for (Path part : again) {
            assertThat(center.submit(part, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);
        }
        awaitQueued(sent.studyUid(), again.size());
        PollResult second = agent.pollNow();

        assertThat(second.ok()).isTrue();
        assertThat(second.stored()).as("the data center forwards the new messages; the viewer keeps each image once")
                .isEqualTo(again.size());
        assertStoredOnce(sent);
        assertThat(deliveries(sent.studyUid(), "QUEUED")).isZero();
    }

    /** The study's images at the viewer: each of the sent images exactly once, its file on disk. */
    private static void assertStoredOnce(Sent sent) throws Exception {
        List<String> expected = sent.batch().objects().stream().map(o -> o.summary().sopInstanceUid().value()).toList();
        List<ImageInfo> images = images(sent.studyUid());
        assertThat(images).extracting(i -> i.sopInstanceUid().value()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(images).allSatisfy(i -> assertThat(i.file()).isRegularFile());
        assertThat(agent.studies().find(StudyUid.of(sent.studyUid())).orElseThrow().imagesReceived()).isEqualTo(expected.size());
        assertThat(agent.studies().find(StudyUid.of(sent.studyUid())).orElseThrow().complete()).isTrue();
        try (Stream<Path> files = Files.list(dir.resolve("viewer/objects").resolve(sent.studyUid()))) {
            assertThat(files.filter(p -> p.toString().endsWith(".dcm"))).hasSize(expected.size());
        }
    }

    private record Sent(StudyBatch batch, List<Path> parts) {
        String studyUid() {
            return batch.studyUid().value();
        }
    }

    private static Sent send(SampleStudy study, String name) throws Exception {
        study.writeImages(dir.resolve(name), 6);
        StudyBatch batch = new StudyScanner().scan(List.of(dir.resolve(name))).studies().get(0);
        List<Path> parts = new MessageWriter(SIZE_CAP).write(new Addressing(CENTER, VIEWER, Priority.ROUTINE), batch,
                dir.resolve(name + "-out"));
        for (Path part : parts) {
            assertThat(center.submit(part, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);
        }
        return new Sent(batch, parts);
    }

    /** Waits until the study's messages wait in the viewer's mailbox; returns their sizes in POP3 listing order. */
    private static List<Long> awaitQueued(String studyUid, int count) {
        Awaitility.await("the study queued for the viewer").atMost(Duration.ofSeconds(30))
                .until(() -> deliveries(studyUid, "QUEUED") >= count);
        return dataCenter.database().sessionFactory().fromSession(s -> s.createNativeQuery(
                        "select size_bytes from delivery where mailbox = :m and study_uid = :s and state = 'QUEUED' order by id",
                        Long.class)
                .setParameter("m", VIEWER).setParameter("s", studyUid).getResultList());
    }

    private static long deliveries(String studyUid, String state) {
        return dataCenter.database().sessionFactory().fromSession(s -> s.createNativeQuery(
                        "select count(*) from delivery where mailbox = :m and study_uid = :s and state = :t", Long.class)
                .setParameter("m", VIEWER).setParameter("s", studyUid).setParameter("t", state).getSingleResult());
    }

    private static long events(String studyUid, String state) {
        return dataCenter.timeline().of(studyUid).stream().filter(e -> e.state().name().equals(state)).count();
    }

    private static List<ImageInfo> images(String studyUid) {
        return agent.studies().series(StudyUid.of(studyUid)).stream().flatMap(s -> s.images().stream()).toList();
    }

    /** Reads the center's mailbox until it has seen {@code count} receipts of the status for the study; returns how many. */
    private static long awaitCenterReceipts(String studyUid, ReceiptStatus status, int count) throws Exception {
        MailboxReader mailbox = new MailboxReader(new Pop3Settings("127.0.0.1", dataCenter.pop3sPort(), CENTER, PASSWORD,
                dataCenter.trustStore(), "changeit"), dir.resolve("center-" + studyUid));
        List<Receipt> receipts = new ArrayList<>();
        Awaitility.await("receipts in the center's mailbox").atMost(Duration.ofSeconds(30)).until(() -> {
            mailbox.fetchAll().stream().filter(f -> f.message() != null).flatMap(f -> f.message().receipt().stream())
                    .filter(r -> r.studyUid().value().equals(studyUid) && r.status() == status).forEach(receipts::add);
            return receipts.size() >= count;
        });
        return receipts.size();
    }
}
