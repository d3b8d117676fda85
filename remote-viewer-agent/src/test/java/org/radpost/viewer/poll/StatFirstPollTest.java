package org.radpost.viewer.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
 * STAT mail is stored before routine mail: within a session (GreenMail, an independent POP3 server, lists its
 * mailbox in arrival order, so the order is the poller's own), and when it lands while a session downloads routine
 * mail. GreenMail is made to advertise the TOP it implements: the poller reads headers first only where TOP is
 * advertised (elsewhere a header read downloads the whole message). The order is what the inbox shows: which
 * study's message is committed after which.
 */
class StatFirstPollTest {
    @TempDir
    Path dir;

    private TestMail mail;
    private LocalDatabase database;
    private Inbox inbox;
    /** Each test message's name and its study UID. */
    private final Map<String, String> studies = new LinkedHashMap<>();
    private final List<String> commitOrder = Collections.synchronizedList(new ArrayList<>());
    private Runnable afterEachCommit = () -> { };

    @BeforeEach
    void start() {
        GreenMailTop.advertise();
        mail = new TestMail();
        database = LocalDatabase.open(dir.resolve("data"));
        inbox = new Inbox(database);
    }

    @AfterEach
    void stop() {
        database.close();
        mail.close();
    }

    @Test
    void aStatMessageListedAfterRoutineOnesIsStoredFirst() throws Exception {
        mail.deliver(message("ROUTINE-1", Priority.ROUTINE));
        mail.deliver(message("ROUTINE-2", Priority.ROUTINE));
        mail.deliver(message("STAT-1", Priority.STAT));

        PollResult result = poller().pollNow();

        assertThat(result.stored()).isEqualTo(3);
        assertThat(commitOrder).containsExactly("STAT-1", "ROUTINE-1", "ROUTINE-2");
        assertThat(mail.viewerMailboxSize()).isZero();
    }

    @Test
    void aStatMessageThatLandsDuringASessionIsFetchedBesideItBeforeItQuits() throws Exception {
        mail.deliver(message("ROUTINE-1", Priority.ROUTINE));
        mail.deliver(message("ROUTINE-2", Priority.ROUTINE));
        mail.deliver(message("ROUTINE-3", Priority.ROUTINE));
        Path stat = message("STAT-LATE", Priority.STAT);
        List<Integer> mailboxAtStatCommit = new ArrayList<>();
        afterEachCommit = () -> {
            try {
                if (commitOrder.equals(List.of("ROUTINE-1"))) {
                    mail.deliver(stat);   // lands after the session's login: not in its snapshot
                } else if (commitOrder.contains("STAT-LATE") && mailboxAtStatCommit.isEmpty()) {
                    mailboxAtStatCommit.add(mail.viewerMailboxSize());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        MailboxPoller poller = poller();
        poller.statCheckGap(Duration.ZERO);

        PollResult result = poller.pollNow();

        // Small routine messages may well be stored while the second session fetches the STAT one (StatLanePollTest
        // holds a routine download to show the order); here: all in one poll, each once, nothing left behind.
        assertThat(commitOrder.get(0)).isEqualTo("ROUTINE-1");
        assertThat(commitOrder).containsExactlyInAnyOrder("ROUTINE-1", "STAT-LATE", "ROUTINE-2", "ROUTINE-3");
        assertThat(result.stored()).isEqualTo(4);
        assertThat(result.duplicates()).isZero();
        // The main session was not ended for it: when the STAT message was committed, the main session had not quit
        // (its three messages were all still there) and the second session had not yet deleted the STAT one.
        assertThat(mailboxAtStatCommit).containsExactly(4);
        assertThat(mail.viewerMailboxSize()).isZero();
    }

    @Test
    void aStatMessageTheSessionAlreadyStoredDoesNotEndIt() throws Exception {
        mail.deliver(message("STAT-1", Priority.STAT));
        mail.deliver(message("ROUTINE-1", Priority.ROUTINE));
        mail.deliver(message("ROUTINE-2", Priority.ROUTINE));
        List<Integer> mailboxAtEachCommit = new ArrayList<>();
        afterEachCommit = () -> {
            try {
                mailboxAtEachCommit.add(mail.viewerMailboxSize());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        MailboxPoller poller = poller();
        poller.statCheckGap(Duration.ZERO);

        poller.pollNow();

        assertThat(commitOrder).containsExactly("STAT-1", "ROUTINE-1", "ROUTINE-2");
        // One session: nothing leaves the mailbox before its QUIT. The second session must know STAT-1 as this
        // session's own (UIDL leaves out messages marked deleted, so the UIDs are taken at login), or it takes it too.
        assertThat(mailboxAtEachCommit).containsExactly(3, 3, 3);
    }

    @Test
    void aRoutineMessageThatLandsDuringASessionDoesNotEndIt() throws Exception {
        mail.deliver(message("ROUTINE-1", Priority.ROUTINE));
        mail.deliver(message("ROUTINE-2", Priority.ROUTINE));
        Path late = message("ROUTINE-LATE", Priority.ROUTINE);
        afterEachCommit = () -> {
            try {
                if (commitOrder.equals(List.of("ROUTINE-1"))) {
                    mail.deliver(late);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        MailboxPoller poller = poller();
        poller.statCheckGap(Duration.ZERO);

        poller.pollNow();

        assertThat(commitOrder).containsExactly("ROUTINE-1", "ROUTINE-2");
        assertThat(mail.viewerMailboxSize()).as("the late routine message waits for the next poll").isEqualTo(1);
    }

    private MailboxPoller poller() throws Exception {
        return new MailboxPoller(mail.pop3(), GreenMailTls.clientTls(), inbox, dir.resolve("data"), this::recordCommit);
    }

    /** Notes which study's message the inbox gained with this commit (from either session's thread). */
    private synchronized void recordCommit() {
        studies.forEach((name, uid) -> {
            if (!commitOrder.contains(name) && inbox.firstMessageId(StudyUid.of(uid)).isPresent()) {
                commitOrder.add(name);
            }
        });
        afterEachCommit.run();
    }

    /** A one-image study packaged as one message (not yet delivered); {@code name} stands for it in the order. */
    private Path message(String name, Priority priority) throws Exception {
        SampleStudy study = SampleStudy.of("CT", "PID-" + name, "TEST^" + name.replace('-', '^'), "ACC-" + name);
        List<Path> files = study.writeImages(dir.resolve("dicom-" + name), 1);
        StudyBatch batch = new StudyScanner().scan(files).studies().get(0);
        List<Path> emls = new MessageWriter().write(new Addressing(TestMail.CENTER, TestMail.VIEWER, priority), batch,
                dir.resolve("eml-" + name));
        studies.put(name, study.studyInstanceUid());
        return emls.get(0);
    }
}
