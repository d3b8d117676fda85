package org.radpost.datacenter.smime;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.datacenter.directory.SmimeCertificates;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.receipt.ReceiptStatus;
import org.radpost.wire.smime.Certificates;
import org.radpost.wire.smime.DataCenterMail;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.smime.SmimeSealer;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.tls.KeyStorePassword;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * Data center → center with S/MIME, over real SMTPS and POP3S against MariaDB: a center whose certificate the
 * directory holds finds its receipts and the radiologist's forwarded report in its mailbox as enveloped data only,
 * signed by the data center; the center's reader (the packager's, from the wire library) opens them with the
 * center's key. A center without a certificate still gets plain mail.
 */
class SealedToCenterTest {
    static final String PLAIN_CENTER = "center5@radpost.test";
    @TempDir
    static Path dir;
    static DataCenterFixture fixture;
    static DeploymentCa ca;
    static SmimeIdentity center;

    @BeforeAll
    static void start() throws Exception {
        fixture = DataCenterFixture.start(dir, true);
        ca = DeploymentCa.load(dir.resolve("dc/tls"), KeyStorePassword.of(dir.resolve("dc/tls")),
                DeploymentCa.PUBLIC_TRUST_STORE_PASSWORD.toCharArray());
        center = SmimeParties.issue(ca, "c1", DataCenterFixture.CENTER);
        new SmimeCertificates(fixture.dataCenter.directory()).setForCenter("c1", center.certificate());
        fixture.dataCenter.directory().addCenter("c5", "Center Five", PLAIN_CENTER, DataCenterFixture.PASSWORD);
        fixture.dataCenter.directory().authorize("c5", "v1", null);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void theAcceptedReceiptRestsEnvelopedInTheCentersMailboxAndOpensOnlyWithTheCentersKey() throws Exception {
        SampleStudy study = SampleStudy.ct();
        assertThat(fixture.send(sealedStudy(study, "accepted"))).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();

        List<Path> receipts = awaitFiles("RECEIPT", DataCenterFixture.CENTER, study.studyInstanceUid(), 1);
        receipts.forEach(SealedToCenterTest::assertEnvelopedForTheCenterOnly);

        // Without the center's key the reader cannot read it and leaves it on the server.
        MailboxReader keyless = new MailboxReader(pop3(DataCenterFixture.CENTER), dir.resolve("keyless"));
        assertThat(keyless.fetchAll()).isNotEmpty().allSatisfy(f -> {
            assertThat(f.message()).isNull();
            assertThat(f.problem()).contains("no S/MIME key");
        });
        List<MailboxReader.Fetched> fetched = fetchAsCenter(study.studyInstanceUid(), m -> m.receipt().isPresent(), 1);
        assertThat(fetched).anySatisfy(f -> assertThat(f.message().receipt().orElseThrow().status()).isEqualTo(ReceiptStatus.ACCEPTED));
    }

    @Test
    void theViewersReportIsForwardedToTheCenterEnvelopedAndOpensThereWithTheDataCentersSignature() throws Exception {
        SampleStudy study = SampleStudy.ct();
        assertThat(fixture.send(sealedStudy(study, "reported"))).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        Path reportFile = study.writeTextReport(Files.createDirectories(dir.resolve("report")), "No acute findings.");
        Path report = new MessageWriter().write(new Addressing(DataCenterFixture.VIEWER, DataCenterFixture.CENTER, Priority.ROUTINE),
                new StudyScanner().scan(List.of(reportFile)).studies().get(0), dir.resolve("report-out")).get(0);

        SubmitOutcome outcome = fixture.submitter(DataCenterFixture.VIEWER).submit(report, n -> { });

        assertThat(outcome).as(outcome.describe()).isInstanceOf(SubmitOutcome.Sent.class);
        fixture.drainPipeline();
        List<Path> results = awaitFiles("RESULT", DataCenterFixture.CENTER, study.studyInstanceUid(), 1);
        results.forEach(SealedToCenterTest::assertEnvelopedForTheCenterOnly);
        List<MailboxReader.Fetched> fetched = fetchAsCenter(study.studyInstanceUid(),
                m -> m.objects().stream().anyMatch(o -> o.type() == ObjectType.REPORT), 1);
        assertThat(fetched).anySatisfy(f -> assertThat(f.message().objects()).singleElement()
                .satisfies(o -> assertThat(o.type()).isEqualTo(ObjectType.REPORT)));
    }

    @Test
    void aCenterWithoutACertificateKeepsGettingPlainReceipts() throws Exception {
        SampleStudy study = SampleStudy.ct();
        study.writeImages(dir.resolve("studies").resolve("plain-center"), 2);
        List<Path> plain = new MessageWriter().write(new Addressing(PLAIN_CENTER, DataCenterFixture.VIEWER, Priority.ROUTINE),
                new StudyScanner().scan(List.of(dir.resolve("studies").resolve("plain-center"))).studies().get(0),
                Files.createDirectories(dir.resolve("plain-center-out")));

        assertThat(fixture.submitter(PLAIN_CENTER).submit(plain.get(0), n -> { })).isInstanceOf(SubmitOutcome.Sent.class);

        fixture.drainPipeline();
        List<Path> receipts = awaitFiles("RECEIPT", PLAIN_CENTER, study.studyInstanceUid(), 1);
        assertThat(receipts).allSatisfy(f -> assertThat(Certificates.isSealed(f)).isFalse());
    }

    /** The whole message body is one CMS enveloped-data structure with a recipient entry for the center's certificate. */
    private static void assertEnvelopedForTheCenterOnly(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
            assertThat(message.isMimeType("application/pkcs7-mime")).as(file + " content type " + message.getContentType()).isTrue();
            assertThat(new ContentType(message.getContentType()).getParameter("smime-type")).isEqualTo("enveloped-data");
            assertThat(message.getContent()).isNotInstanceOf(Multipart.class);
            CMSEnvelopedData enveloped = new CMSEnvelopedData(message.getInputStream());
            assertThat(enveloped.getRecipientInfos().size()).isEqualTo(1);
            assertThat(enveloped.getRecipientInfos().get(new JceKeyTransRecipientId(center.certificate()))).isNotNull();
        } catch (Exception e) {
            throw new AssertionError(file + " is not one enveloped-data entity for the center: " + e, e);
        }
    }

    private static Path sealedStudy(SampleStudy study, String name) throws Exception {
        study.writeImages(dir.resolve("studies").resolve(name), 2);
        Path plain = fixture.packageStudy(dir.resolve("studies").resolve(name), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0);
        Path sealed = plain.resolveSibling("sealed-" + plain.getFileName());
        new SmimeSealer().seal(plain, center, fixture.dataCenter.smime().certificate(), sealed);
        return sealed;
    }

    /** The payload files of the mailbox's deliveries of this kind and study, once {@code count} are queued. */
    private static List<Path> awaitFiles(String kind, String mailbox, String studyUid, int count) {
        List<Path> files = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            files.clear();
            fixture.dataCenter.database().sessionFactory().fromSession(s -> s.createNativeQuery(
                            "select file_path from delivery where kind = :k and mailbox = :m and study_uid = :s and state = 'QUEUED'",
                            String.class).setParameter("k", kind).setParameter("m", mailbox).setParameter("s", studyUid).getResultList())
                    .forEach(f -> files.add(Path.of(f)));
            return files.size() >= count;
        });
        return List.copyOf(files);
    }

    private static List<MailboxReader.Fetched> fetchAsCenter(String studyUid,
            java.util.function.Predicate<org.radpost.wire.read.ReadMessage> wanted, int count) throws Exception {
        MailboxReader reader = new MailboxReader(pop3(DataCenterFixture.CENTER), Files.createTempDirectory(dir, "center"),
                new DataCenterMail(center, fixture.dataCenter.smime().certificate(), List.of(ca.certificate())));
        List<MailboxReader.Fetched> found = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (MailboxReader.Fetched f : reader.fetchAll()) {
                assertThat(f.refusal()).as(f.problem()).isEqualTo(Optional.empty());
                if (f.message() != null && f.message().studyUid().value().equals(studyUid) && wanted.test(f.message())) {
                    found.add(f);
                }
            }
            return found.size() >= count;
        });
        return found;
    }

    private static Pop3Settings pop3(String user) {
        return new Pop3Settings("127.0.0.1", fixture.dataCenter.pop3sPort(), user, DataCenterFixture.PASSWORD,
                fixture.dataCenter.trustStore(), "changeit");
    }
}
