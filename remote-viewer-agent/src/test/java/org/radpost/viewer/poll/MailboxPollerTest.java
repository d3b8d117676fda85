package org.radpost.viewer.poll;

import org.radpost.viewer.GreenMailTls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;
import org.radpost.wire.WireHeaders;
import org.radpost.testkit.SampleStudy;
import org.radpost.testkit.CuttingRelay;
import org.radpost.viewer.TestMail;
import org.radpost.viewer.extract.Extractor;
import org.radpost.viewer.store.Inbox;
import org.radpost.viewer.store.LocalDatabase;
import org.radpost.viewer.store.Studies;
import org.radpost.viewer.store.StudyIndex;
import org.radpost.viewer.store.StudyInfo;
import org.radpost.viewer.store.StudyStatus;
import org.radpost.viewer.worklist.Worklist;
import org.radpost.viewer.worklist.WorklistFilter;

class MailboxPollerTest {
    @TempDir
    Path dir;

    private TestMail mail;
    private LocalDatabase database;
    private Inbox inbox;
    private Extractor extractor;
    private Studies studies;

    @BeforeEach
    void start() {
        mail = new TestMail();
        database = LocalDatabase.open(dir.resolve("data"));
        inbox = new Inbox(database);
        extractor = new Extractor(inbox, new StudyIndex(database));
        studies = new Studies(database);
    }

    @AfterEach
    void stop() {
        extractor.close();
        database.close();
        mail.close();
    }

    private MailboxPoller poller(int port) throws Exception {
        return new MailboxPoller(mail.pop3Via(port), GreenMailTls.clientTls(), inbox, dir.resolve("data"), () -> { });
    }

    @Test
    void storesAStudyOverPop3sIndexesItAndEmptiesTheMailbox() throws Exception {
        SampleStudy study = SampleStudy.ct();
        mail.deliverStudy(study, 3, 20L * 1024 * 1024, Priority.STAT, dir);

        PollResult result = poller(mail.pop3().port()).pollNow();
        extractor.drain();

        assertThat(result.stored()).isEqualTo(1);
        assertThat(mail.viewerMailboxSize()).isZero();
        StudyInfo info = studies.find(StudyUid.of(study.studyInstanceUid())).orElseThrow();
        assertThat(info.stat()).isTrue();
        assertThat(info.center()).isEqualTo(TestMail.CENTER);
        assertThat(info.completeness()).isEqualTo("3 / 3");
        assertThat(info.complete()).isTrue();
        assertThat(storedFiles()).hasSize(3);
    }

    @Test
    void readsEachMessageFromJakartaMailsCacheWithoutWritingAnotherCopy() throws Exception {
        SampleStudy study = SampleStudy.ct();
        mail.deliverStudy(study, 2, 20L * 1024 * 1024, Priority.ROUTINE, dir);
        MailboxPoller poller = poller(mail.pop3().port());
        Path incoming = dir.resolve("data").resolve("incoming");
        List<String> created = new ArrayList<>();
        try (WatchService watch = incoming.getFileSystem().newWatchService()) {
            incoming.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            assertThat(poller.pollNow().stored()).isEqualTo(1);
            WatchKey key;
            while ((key = watch.poll(500, TimeUnit.MILLISECONDS)) != null) {
                key.pollEvents().forEach(e -> created.add(e.context().toString()));
                key.reset();
            }
        }
        // Jakarta Mail's own cache file is the one copy; a second one of ours (<uuid>.eml, fsynced) doubled the disk work.
        assertThat(created).isNotEmpty().noneMatch(name -> name.endsWith(".eml"));
        assertThat(storedFiles()).hasSize(2);
    }

    @Test
    void aPriorSentAlongForComparisonIsKeptOutOfTheWorklistButFoundBySearchAndNeverMarkedOpened() throws Exception {
        SampleStudy prior = SampleStudy.of("CT", "PID-PRIOR-1", "DOE^JANE", "ACC-OLD");
        SampleStudy current = SampleStudy.of("CT", "PID-PRIOR-1", "DOE^JANE", "ACC-NEW");
        mail.greenMail.purgeEmailFromAllMailboxes();
        Path priorEml = mail.deliverStudy(prior, 2, 20L * 1024 * 1024, Priority.ROUTINE, dir.resolve("prior")).get(0);
        mail.greenMail.purgeEmailFromAllMailboxes();
        // The data center marks a restored prior by a header line in front of the message.
        Files.writeString(priorEml, WireHeaders.PRIOR_FOR + ": " + current.studyInstanceUid() + "\r\n"
                + Files.readString(priorEml, java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.ISO_8859_1);
        mail.deliver(priorEml);
        mail.deliverStudy(current, 2, 20L * 1024 * 1024, Priority.ROUTINE, dir.resolve("current"));

        poller(mail.pop3().port()).pollNow();
        extractor.drain();

        StudyUid priorUid = StudyUid.of(prior.studyInstanceUid());
        assertThat(studies.find(priorUid).orElseThrow().status()).isEqualTo(StudyStatus.PRIOR);
        assertThat(new Worklist(studies).list(WorklistFilter.ALL)).extracting(StudyInfo::studyUid)
                .containsExactly(StudyUid.of(current.studyInstanceUid()));
        assertThat(new Worklist(studies).list(new WorklistFilter("PID-PRIOR-1", ""))).extracting(StudyInfo::studyUid)
                .contains(priorUid);
        assertThat(studies.priors(StudyUid.of(current.studyInstanceUid()))).extracting(StudyInfo::studyUid).contains(priorUid);
        assertThat(new StudyIndex(database).markOpened(priorUid)).as("opening a prior sends no viewed receipt").isFalse();
    }

    @Test
    void aStudyShowsInTheWorklistWithItsFirstPartAndBecomesCompleteWithTheLast() throws Exception {
        SampleStudy study = SampleStudy.ct();
        List<Path> parts = study.writeImages(dir.resolve("src"), 0); // no files; parts below
        assertThat(parts).isEmpty();
        Path[] emls = mail.deliverStudy(study, 4, 300 * 1024, Priority.ROUTINE, dir.resolve("split")).toArray(Path[]::new);
        assertThat(emls.length).isGreaterThan(1);
        // Take all but the last part out again, so the first poll sees an incomplete study.
        mail.greenMail.purgeEmailFromAllMailboxes();
        for (int i = 0; i < emls.length - 1; i++) {
            mail.deliver(emls[i]);
        }
        MailboxPoller poller = poller(mail.pop3().port());

        poller.pollNow();
        extractor.drain();
        StudyInfo partial = new Worklist(studies).list(WorklistFilter.ALL).get(0);
        mail.deliver(emls[emls.length - 1]);
        poller.pollNow();
        extractor.drain();
        StudyInfo complete = studies.find(partial.studyUid()).orElseThrow();

        assertThat(partial.complete()).isFalse();
        assertThat(partial.imagesExpected()).hasValue(4);
        assertThat(complete.complete()).isTrue();
        assertThat(complete.imagesReceived()).isEqualTo(4);
    }

    @Test
    void aConnectionDroppedMidDownloadLosesNothingAndDuplicatesNothing() throws Exception {
        SampleStudy study = SampleStudy.ct();
        // 6 images of ~128 KB split into several messages under a 300 KB cap.
        List<Path> emls = mail.deliverStudy(study, 6, 300 * 1024, Priority.ROUTINE, dir);
        assertThat(emls.size()).isGreaterThanOrEqualTo(3);
        long firstMessage = Files.size(emls.get(0));
        try (CuttingRelay proxy = new CuttingRelay(mail.pop3().port(), firstMessage + firstMessage / 2)) {
            MailboxPoller poller = poller(proxy.port());

            assertThatThrownBy(poller::pollNow).isInstanceOf(PollException.class)
                    .hasMessageContaining("nothing is deleted on the server");
            assertThat(proxy.hasCut()).isTrue();
            assertThat(mail.viewerMailboxSize()).isEqualTo(emls.size());
            long storedBeforeRetry = storedFiles().size();

            proxy.passThrough(); // the server is back: the next connection is not cut
            PollResult retry = poller.pollNow();
            extractor.drain();

            assertThat(storedBeforeRetry).isGreaterThan(0);
            assertThat(retry.duplicates()).isGreaterThan(0);
            assertThat(retry.stored() + retry.duplicates()).isEqualTo(emls.size());
        }
        assertThat(mail.viewerMailboxSize()).isZero();
        assertThat(storedFiles()).hasSize(6);
        StudyInfo info = studies.find(StudyUid.of(study.studyInstanceUid())).orElseThrow();
        assertThat(info.imagesReceived()).isEqualTo(6);
        assertThat(info.complete()).isTrue();
        try (Stream<Path> incoming = Files.list(dir.resolve("data/incoming"))) {
            assertThat(incoming.filter(p -> p.toString().endsWith(".eml"))).isEmpty();
        }
    }

    @Test
    void theSameMessageDeliveredTwiceIsStoredOnce() throws Exception {
        SampleStudy study = SampleStudy.ct();
        List<Path> emls = mail.deliverStudy(study, 2, 20L * 1024 * 1024, Priority.ROUTINE, dir);
        mail.deliver(emls.get(0));

        PollResult result = poller(mail.pop3().port()).pollNow();
        extractor.drain();

        assertThat(result.stored()).isEqualTo(1);
        assertThat(result.duplicates()).isEqualTo(1);
        assertThat(studies.find(StudyUid.of(study.studyInstanceUid())).orElseThrow().imagesReceived()).isEqualTo(2);
        assertThat(mail.viewerMailboxSize()).isZero();
    }

    @Test
    void keepsAMessageThatIsNotRadPostAsideAndGoesOn() throws Exception {
        Path junk = dir.resolve("junk.eml");
        Files.writeString(junk, "From: someone@example.org\r\nTo: " + TestMail.VIEWER
                + "\r\nSubject: hello\r\nMessage-ID: <junk@example.org>\r\n\r\nnot a study\r\n");
        mail.deliver(junk);
        SampleStudy study = SampleStudy.ct();
        mail.deliverStudy(study, 1, 20L * 1024 * 1024, Priority.ROUTINE, dir);

        PollResult result = poller(mail.pop3().port()).pollNow();

        assertThat(result.rejected()).isEqualTo(1);
        assertThat(result.stored()).isEqualTo(1);
        try (Stream<Path> kept = Files.list(dir.resolve("data/rejected"))) {
            assertThat(kept.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".txt"));
        }
    }

    @Test
    void refusesAServerWhoseCertificateIsNotFromTheDeploymentCa() throws Exception {
        java.security.KeyStore empty = java.security.KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore other = java.security.KeyStore.getInstance("PKCS12");
        other.load(null, null);
        other.setCertificateEntry("someone-else", org.radpost.wire.tls.DeploymentCa
                .create(dir.resolve("other-ca"), "Other CA", "pw".toCharArray()).certificate());
        trust.init(other);
        var context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        MailboxPoller poller = new MailboxPoller(mail.pop3(), context.getSocketFactory(), inbox, dir.resolve("data"), () -> { });

        assertThatThrownBy(poller::pollNow).isInstanceOf(PollException.class).hasMessageContaining("polling");
    }

    private List<Path> storedFiles() throws Exception {
        Path objects = dir.resolve("data/objects");
        try (Stream<Path> files = Files.walk(objects)) {
            return files.filter(p -> p.toString().endsWith(".dcm")).toList();
        }
    }
}
