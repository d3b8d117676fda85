package org.radpost.datacenter.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenterFixture;
import org.radpost.testkit.SampleStudy;
import org.radpost.wire.Priority;
import org.radpost.wire.WireHeaders;
import org.radpost.wire.transport.SubmitOutcome;

/**
 * The SMTP edge of a real data center (MariaDB behind it) refuses what it can never store with a permanent
 * reply and a sentence, before anything reaches the spool or the database, and never quotes a database error.
 */
class SmtpEdgeOnDataCenterTest {
    @TempDir
    static Path dir;
    static DataCenterFixture fixture;
    static String studyUid;

    @BeforeAll
    static void start() throws IOException {
        fixture = DataCenterFixture.start(dir, true);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void refusesABatchIdLongerThanItsColumnForGoodWithASentence() throws IOException {
        Path eml = study("batch");
        String text = Files.readString(eml, StandardCharsets.ISO_8859_1);
        String batchId = headerValue(text, WireHeaders.BATCH_ID);
        Files.writeString(eml, text.replace(WireHeaders.BATCH_ID + ": " + batchId, WireHeaders.BATCH_ID + ": " + "b".repeat(70)),
                StandardCharsets.ISO_8859_1);

        SubmitOutcome outcome = fixture.send(eml);

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.PermanentFailure.class, f -> {
            assertThat(f.replyCode()).isEqualTo(554);
            assertThat(f.enhancedCode()).isEqualTo("5.6.0");
            assertThat(f.serverText()).contains(WireHeaders.BATCH_ID).contains("64");
            assertNoInternals(f.serverText());
        });
        assertThat(messagesOfTheStudy()).isZero();
    }

    @Test
    void refusesAMessageIdLongerThanItsColumnForGoodWithASentence() throws IOException {
        Path eml = study("msgid");
        String text = Files.readString(eml, StandardCharsets.ISO_8859_1);
        String messageId = headerValue(text, "Message-ID");
        Files.writeString(eml, text.replace("Message-ID: " + messageId, "Message-ID: <" + "m".repeat(260) + "@radpost.test>"),
                StandardCharsets.ISO_8859_1);

        SubmitOutcome outcome = fixture.send(eml);

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.PermanentFailure.class, f -> {
            assertThat(f.replyCode()).isEqualTo(554);
            assertThat(f.serverText()).contains("Message-ID").contains("250");
            assertNoInternals(f.serverText());
        });
        assertThat(messagesOfTheStudy()).isZero();
    }

    @Test
    void refusesARecipientOutsideTheDeploymentsDomain() throws IOException {
        SampleStudy study = SampleStudy.ct();
        study.writeImages(dir.resolve("foreign"), 1);
        studyUid = study.studyInstanceUid();
        Path eml = fixture.packageStudy(dir.resolve("foreign"), "someone@elsewhere.example", Priority.ROUTINE).get(0);

        SubmitOutcome outcome = fixture.send(eml);

        assertThat(outcome).isInstanceOfSatisfying(SubmitOutcome.PermanentFailure.class, f -> {
            assertThat(f.replyCode()).isEqualTo(550);
            assertThat(f.enhancedCode()).isEqualTo("5.7.1");
            assertThat(f.serverText()).contains("someone@elsewhere.example").contains("radpost.test");
        });
        assertThat(messagesOfTheStudy()).isZero();
    }

    @Test
    void refusesBareLineFeedsWithTheReasonCodeAndSendsTheSenderARejectedReceipt() throws Exception {
        Path eml = study("bare-lf");
        String text = Files.readString(eml, StandardCharsets.ISO_8859_1);
        int body = text.indexOf("\r\n\r\n") + 4;
        // A bare LF after the header, as a lax relay would pass on (SMTP smuggling, CVE-2023-51764).
        String smuggling = text.substring(0, body) + "smuggled\n.\nMAIL FROM:<x@radpost.test>\r\n" + text.substring(body);

        String reply;
        try (RawSmtpClient client = RawSmtpClient.authenticated(fixture.dataCenter.smtpsPort(), trustingTheDataCenter(),
                DataCenterFixture.CENTER, DataCenterFixture.PASSWORD)) {
            assertThat(client.command("MAIL FROM:<" + DataCenterFixture.CENTER + ">")).startsWith("250");
            assertThat(client.command("RCPT TO:<" + DataCenterFixture.VIEWER + ">")).startsWith("250");
            assertThat(client.command("DATA")).startsWith("354");
            client.send(smuggling.replace("\r\n.", "\r\n..") + "\r\n.\r\n");
            reply = client.reply();
        }

        assertThat(reply).startsWith("554 5.6.0 [bare-line-ending] ");
        assertThat(messagesOfTheStudy()).isZero();
        assertThat(fixture.count("select count(*) from status_event where study_uid = '" + studyUid
                + "' and state = 'REJECTED' and detail like '[bare-line-ending]%'")).isEqualTo(1);
        assertThat(fixture.count("select count(*) from delivery where study_uid = '" + studyUid
                + "' and kind = 'RECEIPT' and mailbox = '" + DataCenterFixture.CENTER + "'")).as("a rejected receipt").isEqualTo(1);
    }

    private static javax.net.ssl.SSLContext trustingTheDataCenter() throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(fixture.dataCenter.trustStore())) {
            trust.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.TrustManagerFactory factory =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static Path study(String name) throws IOException {
        SampleStudy study = SampleStudy.ct();
        study.writeImages(dir.resolve(name), 1);
        studyUid = study.studyInstanceUid();
        return fixture.packageStudy(dir.resolve(name), DataCenterFixture.VIEWER, Priority.ROUTINE).get(0);
    }

    private static long messagesOfTheStudy() {
        return fixture.count("select count(*) from message where study_uid = '" + studyUid + "'");
    }

    private static String headerValue(String message, String name) {
        return message.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1)).findFirst()
                .orElseThrow().substring(name.length() + 1).trim();
    }

    /** No database, table, column or Java exception text in a reply a client reads. */
    static void assertNoInternals(String reply) {
        assertThat(reply).doesNotContainIgnoringCase("SQL").doesNotContain("Exception")
                .doesNotContain("batch_id").doesNotContain("message_id").doesNotContain("insert into")
                .doesNotContain("could not execute");
    }
}
