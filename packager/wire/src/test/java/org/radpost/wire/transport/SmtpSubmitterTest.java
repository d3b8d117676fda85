package org.radpost.wire.transport;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.WireHeaders;
import org.radpost.wire.build.PackagedObject;
import org.radpost.wire.tls.DeploymentCa;

class SmtpSubmitterTest {
    @TempDir
    Path dir;
    private TlsMailServer server;

    @BeforeEach
    void startServer() {
        server = TlsMailServer.smtps();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    @Test
    void sendsEveryPartOverSmtpsWithAuthAndEachHeaderMatchesItsObject() throws Exception {
        SampleMessages sample = SampleMessages.write(dir, 5, 300 * 1024);
        assertThat(sample.messages()).hasSizeGreaterThan(1);
        SmtpSubmitter submitter = new SmtpSubmitter(server.settings());
        AtomicLong progress = new AtomicLong();

        for (Path eml : sample.messages()) {
            SubmitOutcome outcome = submitter.submit(eml, progress::addAndGet);
            assertThat(outcome).isInstanceOf(SubmitOutcome.Sent.class);
            assertThat(((SubmitOutcome.Sent) outcome).serverReply()).startsWith("250");
        }

        MimeMessage[] received = server.greenMail().getReceivedMessages();
        assertThat(received).hasSameSizeAs(sample.messages());
        assertThat(progress.get()).isGreaterThan(sample.study().totalBytes());
        Map<String, PackagedObject> objects = sample.study().objects().stream()
                .collect(Collectors.toMap(o -> o.summary().sopInstanceUid().value(), Function.identity()));
        List<String> seen = new ArrayList<>();
        int n = sample.messages().size();
        for (int k = 1; k <= n; k++) {
            MimeMessage message = received[k - 1];
            assertThat(message.getHeader("Message-ID", null)).isEqualTo(messageIdOf(sample.messages().get(k - 1)));
            assertThat(message.getHeader(WireHeaders.STUDY_UID, null)).isEqualTo(sample.study().studyUid().value());
            assertThat(message.getHeader(WireHeaders.PART, null)).isEqualTo(k + "/" + n);
            assertThat(message.getHeader(WireHeaders.OBJECT_COUNT, null)).isEqualTo("5");
            assertThat(message.getHeader(WireHeaders.PRIORITY, null)).isEqualToIgnoringCase("stat");
            assertThat(message.getSubject()).doesNotContain("DOE").doesNotContain("JANE");
            for (String header : message.getHeader(WireHeaders.OBJECT)) {
                String uid = field(header, "uid");
                PackagedObject object = objects.get(uid);
                assertThat(object).as("header names an object of the study: %s", header).isNotNull();
                assertThat(header).startsWith("image;");
                assertThat(field(header, "sha256")).isEqualTo(object.sha256().hex());
                assertThat(field(header, "size")).isEqualTo(Long.toString(object.size()));
                seen.add(uid);
            }
            Multipart parts = (Multipart) message.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                if (!part.isMimeType("application/dicom")) {
                    continue;
                }
                String uid = part.getHeader(WireHeaders.PART_SOP_INSTANCE_UID)[0];
                assertThat(sha256(part.getInputStream())).isEqualTo(objects.get(uid).sha256().hex())
                        .isEqualTo(part.getHeader(WireHeaders.PART_SHA256)[0]);
            }
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(objects.keySet());
    }

    @Test
    void refusesAServerWhoseCertificateIsNotFromTheTrustedCa() throws Exception {
        SampleMessages sample = SampleMessages.write(dir, 1, 1024 * 1024);
        DeploymentCa other = DeploymentCa.create(dir.resolve("other-ca"), "Some other CA", "otherpass".toCharArray());
        SmtpSettings settings = SmtpSettings.of("127.0.0.1", server.port(), SmtpSettings.Security.SMTPS,
                TlsMailServer.USER, TlsMailServer.PASSWORD, other.trustStore(), "otherpass");

        SubmitOutcome outcome = new SmtpSubmitter(settings).submit(sample.messages().get(0));

        assertThat(outcome).isInstanceOf(SubmitOutcome.TemporaryFailure.class);
        assertThat(((SubmitOutcome.TemporaryFailure) outcome).reason()).contains("TLS").contains("PKIX path");
        assertThat(server.greenMail().getReceivedMessages()).isEmpty();
    }

    @Test
    void refusesAServerWhoseCertificateNamesAnotherHost() throws Exception {
        SampleMessages sample = SampleMessages.write(dir, 1, 1024 * 1024);
        SmtpSettings byOtherName = SmtpSettings.of("localhost", server.port(), SmtpSettings.Security.SMTPS,
                TlsMailServer.USER, TlsMailServer.PASSWORD, TlsMailServer.trustStore(), new String(TlsMailServer.STORE_PASSWORD));

        SubmitOutcome outcome = new SmtpSubmitter(byOtherName).submit(sample.messages().get(0));

        assertThat(outcome).isInstanceOf(SubmitOutcome.TemporaryFailure.class);
        assertThat(((SubmitOutcome.TemporaryFailure) outcome).reason()).contains("TLS").contains("No name matching localhost");
        assertThat(server.greenMail().getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerThatDiesDuringAuthIsATemporaryFailureNotAMadeUpRejection() throws Exception {
        SampleMessages sample = SampleMessages.write(dir, 1, 1024 * 1024);
        try (DyingSmtpsServer dying = new DyingSmtpsServer()) {
            SmtpSettings settings = SmtpSettings.of("127.0.0.1", dying.port(), SmtpSettings.Security.SMTPS,
                    TlsMailServer.USER, TlsMailServer.PASSWORD, TlsMailServer.trustStore(), new String(TlsMailServer.STORE_PASSWORD));

            SubmitOutcome outcome = new SmtpSubmitter(settings).submit(sample.messages().get(0));

            assertThat(dying.authsCut()).isEqualTo(1);
            assertThat(outcome).as(outcome.describe()).isInstanceOf(SubmitOutcome.TemporaryFailure.class);
            assertThat(outcome.describe()).doesNotContain("535").contains("AUTH");
        }
    }

    @Test
    void aWrongPasswordIsAPermanentFailureWithTheServersCodes() throws Exception {
        SampleMessages sample = SampleMessages.write(dir, 1, 1024 * 1024);
        SmtpSettings wrong = SmtpSettings.of("127.0.0.1", server.port(), SmtpSettings.Security.SMTPS,
                TlsMailServer.USER, "not-the-password", TlsMailServer.trustStore(), new String(TlsMailServer.STORE_PASSWORD));

        SubmitOutcome outcome = new SmtpSubmitter(wrong).submit(sample.messages().get(0));

        assertThat(outcome).isInstanceOf(SubmitOutcome.PermanentFailure.class);
        SubmitOutcome.PermanentFailure failure = (SubmitOutcome.PermanentFailure) outcome;
        assertThat(failure.replyCode()).isEqualTo(535);
        assertThat(failure.enhancedCode()).isEqualTo("5.7.8");
        assertThat(failure.serverText()).contains("Authentication credentials invalid");
        assertThat(server.greenMail().getReceivedMessages()).isEmpty();
    }

    @Test
    void aRefusedConnectionIsATemporaryFailure() throws Exception {
        SampleMessages sample = SampleMessages.write(dir, 1, 1024 * 1024);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SmtpSettings nowhere = SmtpSettings.of("127.0.0.1", closedPort, SmtpSettings.Security.SMTPS,
                TlsMailServer.USER, TlsMailServer.PASSWORD, TlsMailServer.trustStore(), new String(TlsMailServer.STORE_PASSWORD));

        SubmitOutcome outcome = new SmtpSubmitter(nowhere).submit(sample.messages().get(0));

        assertThat(outcome).isInstanceOf(SubmitOutcome.TemporaryFailure.class);
        assertThat(((SubmitOutcome.TemporaryFailure) outcome).serverUnreachable()).isTrue();
        assertThat(((SubmitOutcome.TemporaryFailure) outcome).reason()).contains("refused");
    }

    @Test
    void startTlsNeverFallsBackToPlainText() throws Exception {
        SampleMessages sample = SampleMessages.write(dir, 1, 1024 * 1024);
        try (TlsMailServer plain = TlsMailServer.plainSmtp()) {
            SmtpSettings startTls = SmtpSettings.of("127.0.0.1", plain.port(), SmtpSettings.Security.STARTTLS,
                    TlsMailServer.USER, TlsMailServer.PASSWORD, TlsMailServer.trustStore(), new String(TlsMailServer.STORE_PASSWORD));

            SubmitOutcome outcome = new SmtpSubmitter(startTls).submit(sample.messages().get(0));

            assertThat(outcome).isInstanceOf(SubmitOutcome.TemporaryFailure.class);
            assertThat(((SubmitOutcome.TemporaryFailure) outcome).reason()).contains("STARTTLS");
            assertThat(plain.greenMail().getReceivedMessages()).isEmpty();
        }
    }

    private static String field(String header, String name) {
        for (String piece : header.split(";")) {
            String p = piece.strip();
            if (p.startsWith(name + "=")) {
                return p.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String messageIdOf(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            return new InternetHeaders(in).getHeader("Message-ID", null);
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
