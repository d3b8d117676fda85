package org.radpost.viewer.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.pop3.POP3Folder;
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

/**
 * The poller's download progress over a real POP3S session (GreenMail): message counts, sizes as listed, bytes
 * received as they land in the mail cache, bytes left; idle between sessions and after one that failed.
 */
class DownloadProgressTest {
    private static final long PART_CAP = 300 * 1024;

    @TempDir
    Path dir;

    private TestMail mail;
    private LocalDatabase database;
    private Inbox inbox;
    private MailboxPoller poller;
    private final List<DownloadProgress.Snapshot> atEachCommit = new ArrayList<>();

    @BeforeEach
    void start() {
        GreenMailTop.advertise();   // headers first, as with the data center: study UID and priority are known
        mail = new TestMail();
        database = LocalDatabase.open(dir.resolve("data"));
        inbox = new Inbox(database);
    }

    @AfterEach
    void stop() {
        if (poller != null) {
            poller.close();
        }
        database.close();
        mail.close();
    }

    @Test
    void countsMessagesAndBytesThroughAMultiMessageSessionAndIsIdleAfterwards() throws Exception {
        SampleStudy study = SampleStudy.ct();
        mail.deliverStudy(study, 6, PART_CAP, Priority.STAT, dir);
        List<Long> sizes = listedSizes();
        assertThat(sizes).hasSizeGreaterThanOrEqualTo(3);
        poller = poller(mail.pop3().port());
        assertThat(poller.progress().snapshot()).isEqualTo(DownloadProgress.Snapshot.IDLE);

        PollResult result = poller.pollNow();

        assertThat(result.stored()).isEqualTo(sizes.size());
        assertThat(atEachCommit).hasSize(sizes.size());
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        long before = 0;
        for (int i = 0; i < sizes.size(); i++) {
            DownloadProgress.Snapshot s = atEachCommit.get(i);
            assertThat(s.running()).isTrue();
            assertThat(s.messages()).isEqualTo(sizes.size());
            assertThat(s.current()).isEqualTo(i + 1);
            assertThat(s.size()).isEqualTo(sizes.get(i));
            assertThat(s.received()).as("message %d is in the cache by its commit", i + 1).isEqualTo(sizes.get(i));
            before += sizes.get(i);
            assertThat(s.bytesLeft()).isEqualTo(total - before);
            assertThat(s.studyUid()).hasValue(StudyUid.of(study.studyInstanceUid()));
            assertThat(s.stat()).isTrue();
        }
        assertThat(poller.progress().snapshot()).isEqualTo(DownloadProgress.Snapshot.IDLE);
    }

    @Test
    void measuresAMessageHalfwayThroughItsDownload() throws Exception {
        SampleStudy study = SampleStudy.of("MR", "PID-HALF", "HALF^WAY", "ACC-HALF");
        List<Path> emls = mail.deliverStudy(study, 6, PART_CAP, Priority.ROUTINE, dir);
        List<Long> sizes = listedSizes();
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        try (CuttingRelay relay = new CuttingRelay(mail.pop3().port())) {
            poller = poller(relay.port());
            poller.statCheckGap(Duration.ofHours(1));   // one connection: the session's own
            relay.holdNextConnection(java.nio.file.Files.size(emls.get(0)) / 2);

            Future<PollResult> poll = poller.pollSoon();
            DownloadProgress.Snapshot held;
            try {
                await().atMost(Duration.ofSeconds(60)).until(relay::isHolding);
                // The cache holds what crossed the line so far: more than nothing, less than the message.
                held = await().atMost(Duration.ofSeconds(30)).until(() -> poller.progress().snapshot(),
                        s -> s.current() == 1 && s.received() > 0);
            } finally {
                relay.releaseHold();
            }
            assertThat(held.running()).isTrue();
            assertThat(held.messages()).isEqualTo(sizes.size());
            assertThat(held.size()).isEqualTo(sizes.get(0));
            assertThat(held.received()).isLessThan(sizes.get(0));
            assertThat(held.bytesLeft()).isEqualTo(total - held.received());
            assertThat(held.studyUid()).hasValue(StudyUid.of(study.studyInstanceUid()));
            assertThat(held.priority()).hasValue(Priority.ROUTINE);
            assertThat(poll.get(60, TimeUnit.SECONDS).stored()).isEqualTo(sizes.size());
        }
        assertThat(poller.progress().snapshot()).isEqualTo(DownloadProgress.Snapshot.IDLE);
    }

    @Test
    void isIdleAfterAFailedSessionAndCountsTheNextOneAfresh() throws Exception {
        SampleStudy study = SampleStudy.ct();
        List<Path> emls = mail.deliverStudy(study, 6, PART_CAP, Priority.ROUTINE, dir);
        List<Long> sizes = listedSizes();
        long firstMessage = java.nio.file.Files.size(emls.get(0));
        try (CuttingRelay relay = new CuttingRelay(mail.pop3().port(), firstMessage + firstMessage / 2)) {
            poller = poller(relay.port());
            poller.statCheckGap(Duration.ofHours(1));

            assertThatThrownBy(poller::pollNow).isInstanceOf(PollException.class);
            assertThat(relay.hasCut()).isTrue();
            assertThat(atEachCommit).hasSize(1);
            assertThat(atEachCommit.get(0).current()).isEqualTo(1);
            assertThat(poller.progress().snapshot()).isEqualTo(DownloadProgress.Snapshot.IDLE);

            // Nothing was deleted: the next session lists every message again and counts from its first.
            relay.passThrough();
            atEachCommit.clear();
            PollResult retry = poller.pollNow();
            assertThat(retry.stored() + retry.duplicates()).isEqualTo(sizes.size());
        }
        assertThat(poller.progress().snapshot()).isEqualTo(DownloadProgress.Snapshot.IDLE);
        // The message stored before the cut is a duplicate now: it is not downloaded (TOP told its Message-ID).
        assertThat(atEachCommit).hasSize(sizes.size() - 1);
        long total = sizes.stream().mapToLong(Long::longValue).sum();
        DownloadProgress.Snapshot last = atEachCommit.get(atEachCommit.size() - 1);
        assertThat(last.messages()).isEqualTo(sizes.size());
        assertThat(last.current()).isEqualTo(sizes.size());
        assertThat(last.received()).isEqualTo(sizes.get(sizes.size() - 1));
        assertThat(last.bytesLeft()).isZero();
        assertThat(atEachCommit.get(0).current()).isEqualTo(2);
        assertThat(atEachCommit.get(0).bytesLeft()).isEqualTo(total - sizes.get(0) - sizes.get(1));
    }

    private MailboxPoller poller(int port) throws Exception {
        MailboxPoller[] self = new MailboxPoller[1];
        self[0] = new MailboxPoller(mail.pop3Via(port), GreenMailTls.clientTls(), inbox, dir.resolve("data"),
                () -> atEachCommit.add(self[0].progress().snapshot()));
        return self[0];
    }

    /** The mailbox's sizes as the server lists them (one LIST, in a session of the test's own). */
    private List<Long> listedSizes() throws Exception {
        Properties props = new Properties();
        props.put("mail.pop3s.ssl.socketFactory", GreenMailTls.clientTls());
        Store store = Session.getInstance(props).getStore("pop3s");
        store.connect("127.0.0.1", mail.pop3().port(), TestMail.VIEWER, TestMail.PASSWORD);
        try {
            Folder folder = store.getFolder("INBOX");
            folder.open(Folder.READ_ONLY);
            try {
                List<Long> sizes = new ArrayList<>();
                for (int size : ((POP3Folder) folder).getSizes()) {
                    sizes.add((long) size);
                }
                return sizes;
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
    }
}
