package org.radpost.datacenter.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.directory.SmimeCertificates;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.RejectReason;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.smime.SmimeSealer;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.tls.KeyStorePassword;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * Center → data center with S/MIME, over real SMTPS against MariaDB: the negative security suite (each refusal
 * with its reply, reason code and rejected receipt) and the positive path (accepted, kept encrypted in the spool,
 * indexed and archived as plain DICOM, delivered).
 */
class SmimeIntakeTest {
    static final String CENTER2 = "center2@radpost.test";
    @TempDir
    static Path dir;
    static DataCenterFixture fixture;
    static DeploymentCa ca;
    static SmimeIdentity center;
    static SmimeIdentity center2;
    /** The key each center opens its (sealed) receipts with. */
    static final java.util.Map<String, SmimeIdentity> keys = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        fixture = DataCenterFixture.start(dir, true);
        ca = DeploymentCa.load(dir.resolve("dc/tls"), KeyStorePassword.of(dir.resolve("dc/tls")),
                DeploymentCa.PUBLIC_TRUST_STORE_PASSWORD.toCharArray());
        center = SmimeParties.issue(ca, "c1", DataCenterFixture.CENTER);
        center2 = SmimeParties.issue(ca, "c2", CENTER2);
        fixture.dataCenter.directory().addCenter("c2", "Center Two", CENTER2, DataCenterFixture.PASSWORD);
        SmimeCertificates held = new SmimeCertificates(fixture.dataCenter.directory());
        held.setForCenter("c1", center.certificate());
        held.setForCenter("c2", center2.certificate());
        keys.put(DataCenterFixture.CENTER, center);
        keys.put(CENTER2, center2);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aSignedAndEncryptedStudyIsAcceptedKeptEncryptedInTheSpoolAndArchivedAsPlainDicom() throws Exception {
        SampleStudy study = SampleStudy.ct();
        Path sealed = seal(plainStudy(study, "ok"), center, fixture.dataCenter.smime().certificate());

        SubmitOutcome outcome = fixture.send(sealed);

        assertThat(outcome).as(outcome.describe()).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        String spooled = Files.readString(Path.of(single("select spool_path from message where study_uid = '"
                + study.studyInstanceUid() + "'")), StandardCharsets.ISO_8859_1);
        // The whole body is one enveloped-data part: no DICOM part is left outside it. (Not a search for the bytes
        // "DICM" in the text: random base64 holds them now and then, which failed one run in a few hundred.)
        assertThat(spooled).contains("Content-Type: application/pkcs7-mime").contains("smime-type=enveloped-data")
                .doesNotContain("application/dicom");
        assertThat(fixture.count("select count(*) from instance i join study s on i.study_id = s.id where s.study_uid = '"
                + study.studyInstanceUid() + "'")).isEqualTo(2);
        Path object = Path.of(single("select i.file_path from instance i join study s on i.study_id = s.id where s.study_uid = '"
                + study.studyInstanceUid() + "' order by i.id limit 1"));
        byte[] head = java.util.Arrays.copyOfRange(Files.readAllBytes(object), 128, 132);
        assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("DICM");
        // viewer1 has no certificate: it receives the study plain, opened by the data center.
        assertThat(studiesIn(DataCenterFixture.VIEWER)).contains(study.studyInstanceUid());
    }

    @Test
    void aSealedStudyForADeidentifiedViewerReachesItDeidentified() throws Exception {
        // The spool keeps the sealed message as it came: the de-identify stage must read it through the data center's key.
        fixture.dataCenter.directory().addViewer("v4", "Dr. Masked", "viewer4@radpost.test", DataCenterFixture.PASSWORD,
                org.radpost.datacenter.directory.AccessLevel.DEIDENTIFIED);
        fixture.dataCenter.directory().authorize("c1", "v4", null);
        SampleStudy study = SampleStudy.of("CT", "PID-SEALED", "SEALED^SALLY", "ACC-SEALED");
        study.writeImages(dir.resolve("studies").resolve("masked"), 2);
        Path plain = fixture.packageStudy(dir.resolve("studies").resolve("masked"), "viewer4@radpost.test", Priority.ROUTINE).get(0);

        SubmitOutcome outcome = fixture.send(seal(plain, center, fixture.dataCenter.smime().certificate()));

        assertThat(outcome).as(outcome.describe()).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        assertThat(fixture.count("select count(*) from message where state = 'failed'")).as("no failed message").isZero();
        MailboxReader mailbox = new MailboxReader(new Pop3Settings("127.0.0.1", fixture.dataCenter.pop3sPort(), "viewer4@radpost.test",
                DataCenterFixture.PASSWORD, fixture.dataCenter.trustStore(), "changeit"), Files.createTempDirectory(dir, "pop"));
        var fetched = mailbox.fetchAll().stream().filter(f -> f.message() != null).toList();
        assertThat(fetched).singleElement().satisfies(f -> {
            assertThat(f.message().studyUid().value()).as("a remapped study UID").isNotEqualTo(study.studyInstanceUid());
            assertThat(f.message().objects()).hasSize(2).allSatisfy(o -> assertThat(Files.readString(o.file(),
                    StandardCharsets.ISO_8859_1)).doesNotContain("SEALED^SALLY").doesNotContain("PID-SEALED"));
        });
    }

    @Test
    void aPlainMessageFromACenterWithACertificateIsRefusedAsNotEncrypted() throws Exception {
        assertRefused(plainStudy(SampleStudy.ct(), "plain"), RejectReason.SMIME_NOT_ENCRYPTED);
    }

    @Test
    void anEncryptedButUnsignedMessageIsRefusedAsUnsigned() throws Exception {
        Path plain = plainStudy(SampleStudy.ct(), "unsigned");
        assertRefused(SmimeParties.encryptOnly(plain, fixture.dataCenter.smime().certificate(), dir.resolve("unsigned.eml")),
                RejectReason.SMIME_UNSIGNED);
    }

    @Test
    void anotherCentersSignatureOnThisCentersLoginIsRefusedAsWrongSigner() throws Exception {
        assertRefused(seal(plainStudy(SampleStudy.ct(), "c2"), center2, fixture.dataCenter.smime().certificate()),
                RejectReason.SMIME_WRONG_SIGNER);
    }

    @Test
    void aCertificateForTheRightAddressThatTheDirectoryDoesNotHoldIsRefusedAsWrongSigner() throws Exception {
        SmimeIdentity unregistered = SmimeParties.issue(ca, "c1-unregistered", DataCenterFixture.CENTER);
        assertRefused(seal(plainStudy(SampleStudy.ct(), "unregistered"), unregistered, fixture.dataCenter.smime().certificate()),
                RejectReason.SMIME_WRONG_SIGNER);
    }

    @Test
    void aTamperedBodyIsRefused() throws Exception {
        Path sealed = seal(plainStudy(SampleStudy.ct(), "tampered"), center, fixture.dataCenter.smime().certificate());
        assertRefused(SmimeParties.tamper(sealed), RejectReason.SMIME_TAMPERED);
    }

    @Test
    void anExpiredSignerCertificateIsRefused() throws Exception {
        fixture.dataCenter.directory().addCenter("c3", "Center Three", "center3@radpost.test", DataCenterFixture.PASSWORD);
        SmimeIdentity expired = SmimeParties.expired(dir.resolve("dc/tls"), "center3@radpost.test");
        new SmimeCertificates(fixture.dataCenter.directory()).setForCenter("c3", expired.certificate());
        keys.put("center3@radpost.test", expired);
        Path plain = plainStudy(SampleStudy.ct(), "expired");
        Files.writeString(plain, Files.readString(plain, StandardCharsets.ISO_8859_1)
                .replaceFirst("(?m)^From: .*$", "From: center3@radpost.test"), StandardCharsets.ISO_8859_1);
        assertRefused(seal(plain, expired, fixture.dataCenter.smime().certificate()), "center3@radpost.test",
                RejectReason.SMIME_CERTIFICATE_EXPIRED);
    }

    @Test
    void aSignerFromAnotherCaIsRefusedAsUntrusted() throws Exception {
        DeploymentCa foreign = DeploymentCa.create(dir.resolve("foreign-ca"), "Someone else's CA", SmimeParties.PASSWORD);
        SmimeIdentity impostor = SmimeParties.issue(foreign, "c1", DataCenterFixture.CENTER);
        assertRefused(seal(plainStudy(SampleStudy.ct(), "foreign"), impostor, fixture.dataCenter.smime().certificate()),
                RejectReason.SMIME_UNTRUSTED_CA);
    }

    @Test
    void aMessageEncryptedToAnotherCertificateIsRefusedAsUndecryptable() throws Exception {
        assertRefused(seal(plainStudy(SampleStudy.ct(), "other-recipient"), center, center2.certificate()),
                RejectReason.SMIME_UNDECRYPTABLE);
    }

    private void assertRefused(Path message, RejectReason reason) throws Exception {
        assertRefused(message, DataCenterFixture.CENTER, reason);
    }

    /** Refused at DATA with the reason's codes, not stored, and the sender's mailbox gets a rejected receipt naming it. */
    private void assertRefused(Path message, String sender, RejectReason reason) throws Exception {
        long messagesBefore = fixture.count("select count(*) from message");
        SubmitOutcome outcome = fixture.submitter(sender).submit(message, n -> { });

        assertThat(outcome).as(outcome.describe()).isInstanceOfSatisfying(SubmitOutcome.PermanentFailure.class, f -> {
            assertThat(f.replyCode()).isEqualTo(reason.smtpCode());
            assertThat(f.enhancedCode()).isEqualTo(reason.enhancedCode());
            assertThat(f.serverText()).contains("[" + reason.code() + "]");
        });
        assertThat(fixture.count("select count(*) from message")).isEqualTo(messagesBefore);
        String messageId = header(message, "Message-ID");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(receiptsFor(sender))
                .anySatisfy(r -> assertThat(r).contains(messageId).contains(reason.code())));
    }

    private static Path plainStudy(SampleStudy study, String name) throws Exception {
        study.writeImages(dir.resolve("studies").resolve(name), 2);
        return fixture.packageStudy(dir.resolve("studies").resolve(name), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0);
    }

    private static Path seal(Path plain, SmimeIdentity signer, java.security.cert.X509Certificate recipient) throws Exception {
        Path sealed = plain.resolveSibling("sealed-" + plain.getFileName());
        new SmimeSealer().seal(plain, signer, recipient, sealed);
        return sealed;
    }

    private static String header(Path message, String name) throws Exception {
        try (var in = Files.newInputStream(message)) {
            return new jakarta.mail.internet.InternetHeaders(in).getHeader(name, ",").strip();
        }
    }

    /** The receipts waiting for {@code mailbox}, as text: centers with a certificate get them sealed, opened here with their key. */
    private static List<String> receiptsFor(String mailbox) {
        List<String> files = fixture.dataCenter.database().sessionFactory().fromSession(s -> s.createNativeQuery(
                "select file_path from delivery where kind = 'RECEIPT' and mailbox = :m", String.class)
                .setParameter("m", mailbox).getResultList());
        return files.stream().map(f -> {
            try {
                Path file = Path.of(f);
                if (org.radpost.wire.smime.Certificates.isSealed(file)) {
                    Path plain = Files.createTempFile(dir, "opened", ".eml");
                    new org.radpost.wire.smime.DataCenterMail(keys.get(mailbox), fixture.dataCenter.smime().certificate(),
                            List.of(ca.certificate())).open(file, plain);
                    file = plain;
                }
                return Files.readString(file, StandardCharsets.ISO_8859_1);
            } catch (java.io.IOException | org.radpost.wire.smime.SmimeException e) {
                return "";
            }
        }).toList();
    }

    private static String single(String sql) {
        return fixture.dataCenter.database().sessionFactory().fromSession(s ->
                s.createNativeQuery(sql, Object.class).getSingleResult()).toString();
    }

    private static List<String> studiesIn(String viewer) throws Exception {
        MailboxReader mailbox = new MailboxReader(new Pop3Settings("127.0.0.1", fixture.dataCenter.pop3sPort(), viewer,
                DataCenterFixture.PASSWORD, fixture.dataCenter.trustStore(), "changeit"), Files.createTempDirectory(dir, "pop"));
        return mailbox.fetchAll().stream().filter(f -> f.message() != null).map(f -> f.message().studyUid().value()).toList();
    }
}
