package org.radpost.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
import org.radpost.datacenter.directory.SmimeCertificates;
import org.radpost.schema.DatabaseConfig;
import org.radpost.testkit.SampleStudy;
import org.radpost.testkit.TestDatabases;
import org.radpost.viewer.ViewerAgent;
import org.radpost.viewer.config.MailServer;
import org.radpost.viewer.config.ViewerConfig;
import org.radpost.viewer.poll.PollResult;
import org.radpost.viewer.poll.SealedMail;
import org.radpost.wire.Priority;
import org.radpost.wire.StudyUid;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.smime.SmimeSealer;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.tls.KeyStorePassword;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * S/MIME on both hops of a study, real parts over SMTPS and POP3S on MariaDB: the center signs and encrypts to the
 * data center, the data center verifies, re-signs and encrypts to the viewer's certificate from the directory,
 * and the viewer agent verifies and decrypts before it extracts. Every message at rest on the way is encrypted.
 */
class SmimeEndToEndSystemTest {
    static final String CENTER = "center1@radpost.test";
    static final String VIEWER = "viewer1@radpost.test";
    static final String KEYLESS_VIEWER = "viewer3@radpost.test";
    static final String PASSWORD = "smime-system-pw";
    /** The password of the test parties' key stores (each issued under its own, never the CA's). */
    static final char[] PARTY_PASSWORD = "test-party-pw".toCharArray();

    @TempDir
    static Path dir;
    static DatabaseConfig database;
    static DataCenter dataCenter;
    static SmimeIdentity center;
    static ViewerAgent agent;
    static ViewerAgent keylessAgent;
    static SmtpSubmitter submitter;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabases.freshMariaDb();
        dataCenter = DataCenter.start(DatacenterConfig.local(dir.resolve("dc"), database)
                .withQueue(0, Duration.ZERO), Clock.systemUTC()); // spool-keep 0: the test runs spool retention itself
        dataCenter.directory().addCenter("c1", "Center One", CENTER, PASSWORD);
        dataCenter.directory().addViewer("v1", "Dr. Sealed", VIEWER, PASSWORD, AccessLevel.FULL);
        dataCenter.directory().addViewer("v3", "Dr. No Key", KEYLESS_VIEWER, PASSWORD, AccessLevel.FULL);
        dataCenter.directory().authorize("c1", "v1", null);
        dataCenter.directory().authorize("c1", "v3", null);
        DeploymentCa ca = DeploymentCa.load(dir.resolve("dc/tls"), KeyStorePassword.of(dir.resolve("dc/tls")),
                DeploymentCa.PUBLIC_TRUST_STORE_PASSWORD.toCharArray());
        center = issue(ca, "c1", CENTER);
        SmimeIdentity viewer = issue(ca, "v1", VIEWER);
        SmimeCertificates held = new SmimeCertificates(dataCenter.directory());
        held.setForCenter("c1", center.certificate());
        held.setForViewer("v1", viewer.certificate());
        held.setForViewer("v3", issue(ca, "v3", KEYLESS_VIEWER).certificate());
        submitter = new SmtpSubmitter(SmtpSettings.of("127.0.0.1", dataCenter.smtpsPort(), SmtpSettings.Security.SMTPS,
                CENTER, PASSWORD, dataCenter.trustStore(), "changeit"));

        agent = ViewerAgent.start(config("viewer", VIEWER), new SealedMail(viewer, dataCenter.smime().certificate(),
                List.of(ca.certificate())));
        keylessAgent = ViewerAgent.start(config("keyless", KEYLESS_VIEWER), (SealedMail) null);
        for (ViewerAgent a : List.of(agent, keylessAgent)) {
            Awaitility.await("the agent's start-up poll").atMost(Duration.ofSeconds(60)).until(() -> a.poller().lastResult().isPresent());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {agent, keylessAgent, dataCenter}) {
            if (part != null) {
                part.close();
            }
        }
        TestDatabases.drop(database);
    }

    @Test
    void aSealedStudyReachesTheViewerResealedForItAndIsExtractedThere() throws Exception {
        Sent sent = send(SampleStudy.of("CT", "PID-SMIME-1", "SEALED^ANNA", "ACC-SMIME-1").size(256, 256), "e2e", VIEWER);
        awaitQueued(sent.studyUid(), VIEWER, sent.parts().size());

        for (String file : deliveryFiles(sent.studyUid(), VIEWER)) {
            assertThat(Files.readString(Path.of(file), StandardCharsets.ISO_8859_1)).as("the viewer's mailbox at rest")
                    .contains("application/pkcs7-mime").doesNotContain("application/dicom").doesNotContain("SEALED^ANNA");
        }
        PollResult poll = agent.pollNow();

        assertThat(poll.ok()).isTrue();
        assertThat(poll.rejected()).isZero();
        assertThat(poll.stored()).isEqualTo(sent.parts().size());
        var study = agent.studies().find(StudyUid.of(sent.studyUid())).orElseThrow();
        assertThat(study.imagesReceived()).isEqualTo(sent.batch().objects().size());
        assertThat(study.complete()).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(sent.studyUid(), VIEWER, "DELIVERED") == sent.parts().size());

        // Delivered and archived: spool retention removes the spooled message and the payload sealed for the viewer.
        List<String> payloads = deliveryFiles(sent.studyUid(), VIEWER);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> dataCenter.archiver()
                .findByStudy(StudyUid.of(sent.studyUid())).size() == sent.batch().objects().size());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !dataCenter.spoolRetention().run().isEmpty()
                || payloads.stream().noneMatch(f -> Files.exists(Path.of(f))));
        assertThat(payloads).as("the sealed payloads in the viewer's mailbox folder").noneMatch(f -> Files.exists(Path.of(f)));
    }

    @Test
    void theViewersReportTravelsBackSignedAndEncryptedAndReachesTheCenter() throws Exception {
        SampleStudy study = SampleStudy.of("CT", "PID-SMIME-2", "REPORT^CARL", "ACC-SMIME-2").size(128, 128);
        Sent sent = send(study, "report", VIEWER);
        awaitQueued(sent.studyUid(), VIEWER, sent.parts().size());
        assertThat(agent.pollNow().stored()).isEqualTo(sent.parts().size());

        Path report = study.writeTextReport(Files.createDirectories(dir.resolve("report-sr")), "No acute findings.");
        List<Long> queued = agent.outbox().queueObject(org.radpost.viewer.store.OutgoingKind.REPORT, report,
                org.radpost.viewer.outbox.Outbox.addressing(VIEWER, CENTER));
        try (Stream<Path> outgoing = Files.list(dir.resolve("viewer/outgoing"))) {
            for (Path file : outgoing.filter(p -> p.toString().endsWith(".eml")).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as("the viewer's outgoing folder at rest")
                        .contains("application/pkcs7-mime").doesNotContain("application/dicom");
            }
        }
        assertThat(agent.sendNow()).as("sent and accepted by the data center, which requires S/MIME from v1").isEqualTo(queued.size());

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> dataCenter.database().sessionFactory().fromSession(s ->
                ((Number) s.createNativeQuery("select count(*) from delivery where kind = 'RESULT' and study_uid = :s and mailbox = :m",
                        Object.class).setParameter("s", sent.studyUid()).setParameter("m", CENTER).getSingleResult()).longValue()) == 1);
    }

    @Test
    void aViewerAgentWithoutItsKeyRefusesSealedMailAndKeepsItForTheAdmin() throws Exception {
        Sent sent = send(SampleStudy.of("CT", "PID-SMIME-3", "NOKEY^BEN", "ACC-SMIME-3").size(128, 128), "keyless", KEYLESS_VIEWER);
        awaitQueued(sent.studyUid(), KEYLESS_VIEWER, sent.parts().size());

        PollResult poll = keylessAgent.pollNow();

        assertThat(poll.stored()).isZero();
        assertThat(poll.rejected()).isEqualTo(sent.parts().size());
        assertThat(keylessAgent.studies().find(StudyUid.of(sent.studyUid()))).isEmpty();
        try (Stream<Path> kept = Files.list(dir.resolve("keyless/rejected"))) {
            List<Path> reasons = kept.filter(p -> p.toString().endsWith(".txt")).toList();
            assertThat(reasons).isNotEmpty();
            assertThat(Files.readString(reasons.get(0))).contains("smime.keystore");
        }
    }

    private record Sent(StudyBatch batch, List<Path> parts) {
        String studyUid() {
            return batch.studyUid().value();
        }
    }

    private static Sent send(SampleStudy study, String name, String to) throws Exception {
        study.writeImages(dir.resolve(name), 4);
        StudyBatch batch = new StudyScanner().scan(List.of(dir.resolve(name))).studies().get(0);
        List<Path> sealed = new ArrayList<>();
        for (Path plain : new MessageWriter(400 * 1024).write(new Addressing(CENTER, to, Priority.ROUTINE), batch,
                dir.resolve(name + "-mail"))) {
            Path target = plain.resolveSibling("sealed-" + plain.getFileName());
            new SmimeSealer().seal(plain, center, dataCenter.smime().certificate(), target);
            SubmitOutcome outcome = submitter.submit(target, n -> { });
            assertThat(outcome).as(outcome.describe()).isInstanceOf(SubmitOutcome.Sent.class);
            sealed.add(target);
        }
        return new Sent(batch, sealed);
    }

    private static ViewerConfig config(String folder, String address) {
        return new ViewerConfig(dir.resolve(folder),
                new MailServer("127.0.0.1", dataCenter.pop3sPort(), true, address, PASSWORD),
                new MailServer("127.0.0.1", dataCenter.smtpsPort(), true, address, PASSWORD),
                dataCenter.trustStore(), "changeit", Duration.ofHours(1), "127.0.0.1", 0, "Dr. Reader", address, "");
    }

    private static SmimeIdentity issue(DeploymentCa ca, String alias, String address) throws Exception {
        return SmimeIdentity.load(ca.issue(alias, address, List.of(), PARTY_PASSWORD).keyStore(), PARTY_PASSWORD);
    }

    private static void awaitQueued(String studyUid, String mailbox, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(studyUid, mailbox, "QUEUED") == count);
    }

    private static long deliveries(String studyUid, String mailbox, String state) {
        return dataCenter.database().sessionFactory().fromSession(s -> ((Number) s.createNativeQuery(
                        "select count(*) from delivery where kind = 'STUDY' and study_uid = :s and mailbox = :m and state = :st", Object.class)
                .setParameter("s", studyUid).setParameter("m", mailbox).setParameter("st", state).getSingleResult()).longValue());
    }

    private static List<String> deliveryFiles(String studyUid, String mailbox) {
        return dataCenter.database().sessionFactory().fromSession(s -> s.createNativeQuery(
                        "select file_path from delivery where kind = 'STUDY' and study_uid = :s and mailbox = :m", String.class)
                .setParameter("s", studyUid).setParameter("m", mailbox).getResultList());
    }
}
