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
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
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
import org.radpost.wire.Priority;
import org.radpost.wire.build.Addressing;
import org.radpost.wire.build.MessageWriter;
import org.radpost.wire.build.StudyBatch;
import org.radpost.wire.build.StudyScanner;
import org.radpost.wire.read.ReceivedObject;
import org.radpost.wire.smime.DataCenterMail;
import org.radpost.wire.smime.SmimeIdentity;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.tls.KeyStorePassword;
import org.radpost.wire.transport.MailboxReader;
import org.radpost.wire.transport.Pop3Settings;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * Priors with S/MIME, over real SMTPS and POP3S against MariaDB: a viewer whose certificate the directory holds
 * finds the prior studies the data center restores from the archive in its mailbox as enveloped data only, and
 * its key opens them to the prior's objects, still marked as priors.
 */
class SealedPriorsToViewerTest {
    @TempDir
    static Path dir;
    static DataCenterFixture fixture;
    static DeploymentCa ca;
    static SmimeIdentity viewer;

    @BeforeAll
    static void start() throws Exception {
        fixture = DataCenterFixture.start(dir, true);
        ca = DeploymentCa.load(dir.resolve("dc/tls"), KeyStorePassword.of(dir.resolve("dc/tls")),
                DeploymentCa.PUBLIC_TRUST_STORE_PASSWORD.toCharArray());
        viewer = SmimeParties.issue(ca, "v1", DataCenterFixture.VIEWER);
        new SmimeCertificates(fixture.dataCenter.directory()).setForViewer("v1", viewer.certificate());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aPriorStudyRestsEnvelopedInTheViewersMailboxAndOpensWithTheViewersKeyToThePriorsObjects() throws Exception {
        SampleStudy first = SampleStudy.of("CT", "PID-S", "SEAL^SAM", "ACCS1");
        Set<String> firstObjects = send(first, 2);
        SampleStudy second = SampleStudy.of("CT", "PID-S", "SEAL^SAM", "ACCS2");
        send(second, 1);

        List<Path> priors = priorFiles(first.studyInstanceUid());
        assertThat(priors).isNotEmpty().allSatisfy(SealedPriorsToViewerTest::assertEnvelopedForTheViewerOnly);

        MailboxReader reader = new MailboxReader(new Pop3Settings("127.0.0.1", fixture.dataCenter.pop3sPort(),
                DataCenterFixture.VIEWER, DataCenterFixture.PASSWORD, fixture.dataCenter.trustStore(), "changeit"),
                Files.createTempDirectory(dir, "viewer"),
                new DataCenterMail(viewer, fixture.dataCenter.smime().certificate(), List.of(ca.certificate())));
        List<MailboxReader.Fetched> fetched = reader.fetchAll();
        assertThat(fetched).allSatisfy(f -> assertThat(f.problem()).isEmpty());
        // The mailbox also holds both studies' own deliveries; the priors are the messages marked as such.
        List<MailboxReader.Fetched> opened = fetched.stream().filter(f -> f.message().priorFor().isPresent()).toList();
        assertThat(opened).isNotEmpty().allSatisfy(f -> {
            assertThat(f.message().studyUid().value()).isEqualTo(first.studyInstanceUid());
            assertThat(f.message().priorFor().orElseThrow().value()).isEqualTo(second.studyInstanceUid());
            assertThat(f.message().from()).isEqualTo("datacenter@radpost.test");
        });
        assertThat(opened.stream().flatMap(f -> f.message().objects().stream())
                .map((ReceivedObject o) -> o.sopInstanceUid().value()).collect(Collectors.toSet())).isEqualTo(firstObjects);
    }

    /** The whole message body is one CMS enveloped-data structure with a recipient entry for the viewer's certificate. */
    private static void assertEnvelopedForTheViewerOnly(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
            assertThat(message.isMimeType("application/pkcs7-mime")).as(file + " content type " + message.getContentType()).isTrue();
            assertThat(new ContentType(message.getContentType()).getParameter("smime-type")).isEqualTo("enveloped-data");
            assertThat(message.getContent()).isNotInstanceOf(Multipart.class);
            CMSEnvelopedData enveloped = new CMSEnvelopedData(message.getInputStream());
            assertThat(enveloped.getRecipientInfos().size()).isEqualTo(1);
            assertThat(enveloped.getRecipientInfos().get(new JceKeyTransRecipientId(viewer.certificate()))).isNotNull();
        } catch (Exception e) {
            throw new AssertionError(file + " is not one enveloped-data entity for the viewer: " + e, e);
        }
    }

    /** Sends the study's images from the center to the viewer, plain, waits for the pipeline; returns its SOP UIDs. */
    private static Set<String> send(SampleStudy study, int images) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("studies").resolve(study.studyInstanceUid()));
        study.writeImages(folder, images);
        StudyBatch batch = new StudyScanner().scan(List.of(folder)).studies().get(0);
        for (Path eml : new MessageWriter().write(new Addressing(DataCenterFixture.CENTER, DataCenterFixture.VIEWER, Priority.ROUTINE),
                batch, Files.createTempDirectory(dir, "out"))) {
            assertThat(fixture.submitter(DataCenterFixture.CENTER).submit(eml, n -> { })).isInstanceOf(SubmitOutcome.Sent.class);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> fixture.count("select count(*) from message where state not in ('done', 'quarantined')") == 0);
        return batch.objects().stream().map(o -> o.summary().sopInstanceUid().value()).collect(Collectors.toSet());
    }

    /** The mailbox files of the viewer's prior deliveries of {@code studyUid}. */
    private static List<Path> priorFiles(String studyUid) {
        List<Path> files = new ArrayList<>();
        fixture.dataCenter.database().sessionFactory().fromSession(s -> s.createNativeQuery(
                        "select file_path from delivery where kind = 'PRIOR' and mailbox = :m and study_uid = :s", String.class)
                .setParameter("m", DataCenterFixture.VIEWER).setParameter("s", studyUid).getResultList())
                .forEach(f -> files.add(Path.of(f)));
        return files;
    }
}
