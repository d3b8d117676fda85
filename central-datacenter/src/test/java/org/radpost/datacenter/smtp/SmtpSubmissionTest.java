package org.radpost.datacenter.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.radpost.datacenter.smtp.SmtpFixture.CENTER_ADDRESS;
import static org.radpost.datacenter.smtp.SmtpFixture.CENTER_PASSWORD;
import static org.radpost.datacenter.smtp.SmtpFixture.CENTER_USER;
import static org.radpost.datacenter.smtp.SmtpFixture.VIEWER_ADDRESS;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real clients submit: Jakarta Mail (Angus) over SMTPS and STARTTLS, and swaks from the command line. */
class SmtpSubmissionTest {
    @TempDir
    static Path folder;
    static SmtpFixture smtp;

    @BeforeAll
    static void start() throws IOException {
        smtp = new SmtpFixture(folder, SmtpServerConfig.DEFAULT_MAX_MESSAGE_SIZE, RecipientPolicy.acceptAll());
    }

    @AfterAll
    static void stop() {
        smtp.close();
    }

    @BeforeEach
    void resetSink() {
        smtp.sink.reset();
    }

    @Test
    void jakartaMailSubmitsOverImplicitTls() throws Exception {
        String reply = send(session("smtps", smtp.server.smtpsPort()), "smtps", "over SMTPS");

        assertThat(reply).startsWith("250 2.0.0").contains("queued as q1");
        RecordingSink.Received received = smtp.sink.last();
        Envelope envelope = received.envelope();
        assertThat(envelope.account().name()).isEqualTo(CENTER_USER);
        assertThat(envelope.mailFrom()).isEqualTo(CENTER_ADDRESS);
        assertThat(envelope.recipients()).containsExactly(VIEWER_ADDRESS);
        assertThat(envelope.remoteAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(envelope.size()).isEqualTo(received.message().length());
        assertThat(received.message()).startsWith("Received: from ").contains("Subject: over SMTPS")
                .contains("\r\n.leading dot survives dot-stuffing\r\n");
        assertThat(smtp.stagedFiles()).isZero();
    }

    @Test
    void jakartaMailSubmitsOverStartTls() throws Exception {
        Session session = session("smtp", smtp.server.startTlsPort());
        session.getProperties().put("mail.smtp.starttls.enable", "true");
        session.getProperties().put("mail.smtp.starttls.required", "true");

        assertThat(send(session, "smtp", "over STARTTLS")).startsWith("250 2.0.0");
        assertThat(smtp.sink.last().message()).contains("Subject: over STARTTLS");
    }

    @Test
    void swaksSubmitsWithStartTlsAndAuthPlain() throws Exception {
        Path data = Files.writeString(folder.resolve("swaks-starttls.eml"),
                "From: " + CENTER_ADDRESS + "\r\nTo: " + VIEWER_ADDRESS + "\r\nSubject: swaks starttls\r\n\r\nbody\r\n");
        Process swaks = swaks(List.of("--server", "127.0.0.1:" + smtp.server.startTlsPort(), "--tls",
                "--auth", "PLAIN", "--data", data.toString()));
        assertThat(swaks.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(swaks.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(swaks.exitValue()).as(output).isZero();
        assertThat(output).contains("<~  250 2.0.0");
        assertThat(smtp.sink.last().message()).contains("Subject: swaks starttls");
    }

    @Test
    void swaksSubmitsOverImplicitTlsWithAuthLogin() throws Exception {
        Process swaks = swaks(List.of("--server", "127.0.0.1:" + smtp.server.smtpsPort(), "--tls-on-connect",
                "--auth", "LOGIN", "--header", "Subject: swaks smtps"));
        assertThat(swaks.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(swaks.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(swaks.exitValue()).as(output).isZero();
        assertThat(smtp.sink.last().message()).contains("Subject: swaks smtps");
        assertThat(smtp.sink.last().envelope().recipients()).containsExactly(VIEWER_ADDRESS);
    }

    private static Process swaks(List<String> extra) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("swaks", "--from", CENTER_ADDRESS, "--to", VIEWER_ADDRESS,
                "--auth-user", CENTER_USER, "--auth-password", CENTER_PASSWORD, "--tls-verify",
                "--tls-ca-path", smtp.tls.caPem().toString(), "--helo", "center-a.test", "--timeout", "30"));
        command.addAll(extra);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static Session session(String protocol, int port) {
        Properties props = new Properties();
        props.put("mail." + protocol + ".host", "127.0.0.1");
        props.put("mail." + protocol + ".port", Integer.toString(port));
        props.put("mail." + protocol + ".auth", "true");
        props.put("mail." + protocol + ".ssl.socketFactory", smtp.tls.client().getSocketFactory());
        props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        props.put("mail." + protocol + ".timeout", "30000");
        return Session.getInstance(props);
    }

    /** Sends one small message and returns the server's last reply (the answer to the end of DATA). */
    private static String send(Session session, String protocol, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(CENTER_ADDRESS));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(VIEWER_ADDRESS));
        message.setSubject(subject);
        message.setText("first line\r\n.leading dot survives dot-stuffing\r\nlast line\r\n", "US-ASCII");
        try (SMTPTransport transport = (SMTPTransport) session.getTransport(protocol)) {
            transport.connect(CENTER_USER, CENTER_PASSWORD);
            transport.sendMessage(message, message.getAllRecipients());
            return transport.getLastServerResponse();
        }
    }
}
