package org.radpost.datacenter.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.radpost.datacenter.smtp.SmtpFixture.CENTER_ADDRESS;
import static org.radpost.datacenter.smtp.SmtpFixture.CENTER_USER;
import static org.radpost.datacenter.smtp.SmtpFixture.VIEWER_ADDRESS;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal of the SMTP edge, one by one, with its exact code, over raw sockets. */
class SmtpRefusalTest {
    static final long MAX_SIZE = 64 * 1024;
    static final String MESSAGE = "Subject: test\r\n\r\nhello\r\n";

    @TempDir
    static Path folder;
    static SmtpFixture smtp;

    @BeforeAll
    static void start() throws IOException {
        RecipientPolicy ourDomainOnly = (sender, recipient) -> recipient.endsWith("@radpost.test") ? Optional.empty()
                : Optional.of(new SmtpReply(550, "5.7.1", "Relaying denied: " + recipient + " is not at radpost.test"));
        smtp = new SmtpFixture(folder, MAX_SIZE, ourDomainOnly);
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
    void refusesEverythingButEhloStartTlsAndQuitBeforeTls() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.plain(smtp.server.startTlsPort(), smtp.tls.client())) {
            assertThat(client.reply()).startsWith("220 ");
            String ehlo = client.command("EHLO test.example");
            assertThat(ehlo).contains("STARTTLS").doesNotContain("AUTH");
            assertThat(client.command("MAIL FROM:<" + CENTER_ADDRESS + ">")).startsWith("530 5.7.0");
            assertThat(client.command("AUTH PLAIN " + RawSmtpClient.plain(CENTER_USER, SmtpFixture.CENTER_PASSWORD)))
                    .startsWith("530 5.7.0");
            assertThat(client.command("HELO test.example")).startsWith("530 5.7.0");

            client.startTls();
            assertThat(client.command("EHLO test.example")).contains("AUTH LOGIN PLAIN").doesNotContain("STARTTLS");
        }
    }

    @Test
    void refusesMailBeforeAuthentication() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.implicitTls(smtp.server.smtpsPort(), smtp.tls.client())) {
            client.reply();
            client.command("EHLO test.example");
            assertThat(client.command("MAIL FROM:<" + CENTER_ADDRESS + ">")).startsWith("530 5.7.0");
        }
    }

    @Test
    void refusesWrongPasswordAndClosesAfterThreeFailures() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.implicitTls(smtp.server.smtpsPort(), smtp.tls.client())) {
            client.reply();
            client.command("EHLO test.example");
            String wrong = "AUTH PLAIN " + RawSmtpClient.plain(CENTER_USER, "not-the-password");
            assertThat(client.command(wrong)).startsWith("535 5.7.8");
            assertThat(client.command(wrong)).startsWith("535 5.7.8");
            assertThat(client.command(wrong)).startsWith("421 4.7.0");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void refusesSenderThatIsNotTheAuthenticatedAccount() throws IOException {
        try (RawSmtpClient client = smtp.login()) {
            assertThat(client.command("MAIL FROM:<" + VIEWER_ADDRESS + ">"))
                    .startsWith("550 5.7.1").contains(VIEWER_ADDRESS).contains(CENTER_USER);
            assertThat(client.command("MAIL FROM:<>")).startsWith("550 5.7.1");
            assertThat(client.command("MAIL FROM:<" + CENTER_ADDRESS.toUpperCase() + ">")).startsWith("250");
        }
    }

    @Test
    void refusesRecipientTheRecipientPolicyRefusesButAcceptsUnknownLocalAddresses() throws IOException {
        try (RawSmtpClient client = smtp.login()) {
            client.command("MAIL FROM:<" + CENTER_ADDRESS + ">");
            assertThat(client.command("RCPT TO:<someone@elsewhere.test>")).isEqualTo(
                    "550 5.7.1 Relaying denied: someone@elsewhere.test is not at radpost.test");
            assertThat(client.command("RCPT TO:<no-such-viewer@radpost.test>")).startsWith("250");
        }
    }

    @Test
    void refusesDeclaredSizeOverTheLimit() throws IOException {
        try (RawSmtpClient client = smtp.login()) {
            assertThat(client.command("EHLO test.example")).contains("SIZE " + MAX_SIZE);
            assertThat(client.command("MAIL FROM:<" + CENTER_ADDRESS + "> SIZE=" + (MAX_SIZE + 1))).startsWith("552 5.3.4");
            assertThat(client.command("MAIL FROM:<" + CENTER_ADDRESS + "> SIZE=" + (5L << 32))).startsWith("552 5.3.4");
            assertThat(client.command("MAIL FROM:<" + CENTER_ADDRESS + "> SIZE=" + MAX_SIZE)).startsWith("250");
        }
    }

    @Test
    void refusesDataOverTheLimitWithoutStoringIt() throws IOException {
        try (RawSmtpClient client = smtp.login()) {
            startData(client);
            String line = "x".repeat(998) + "\r\n";
            StringBuilder data = new StringBuilder("Subject: big\r\n\r\n");
            while (data.length() < MAX_SIZE + 10_000) {
                data.append(line);
            }
            client.send(data + ".\r\n");
            assertThat(client.reply()).startsWith("552 5.3.4");
            assertThat(smtp.sink.received()).isEmpty();
            assertThat(smtp.stagedFiles()).isZero();
            assertThat(client.command("MAIL FROM:<" + CENTER_ADDRESS + ">")).startsWith("250");
        }
    }

    @Test
    void disconnectsClientThatKeepsSendingFarPastTheLimit() throws IOException {
        try (RawSmtpClient client = smtp.login()) {
            startData(client);
            String line = "x".repeat(998) + "\r\n";
            StringBuilder data = new StringBuilder();
            while (data.length() < 2 * MAX_SIZE + 10_000) {
                data.append(line);
            }
            client.send(data.toString());
            assertThat(client.reply()).startsWith("552 5.3.4");
            assertThat(client.closedByServer()).isTrue();
            assertThat(smtp.sink.received()).isEmpty();
        }
    }

    @Test
    void refusesBareLineFeedsAndNeverRunsSmuggledCommands() throws IOException {
        try (RawSmtpClient client = smtp.login()) {
            startData(client);
            // A lax relay's view: the message ends at "\n.\n" (or "\n.\r\n") and the rest is a second mail.
            client.send("Subject: smuggle\r\n\r\nhello\n.\r\nMAIL FROM:<" + CENTER_ADDRESS + ">\r\n"
                    + "RCPT TO:<" + VIEWER_ADDRESS + ">\r\nDATA\r\nSubject: smuggled\r\n\r\nsmuggled\n.\n"
                    + "more\r\n.\r\n");
            assertThat(client.reply()).startsWith("554 5.6.0");
            assertThat(client.command("NOOP")).startsWith("250 2.0.0");
            assertThat(smtp.sink.received()).isEmpty();
            assertThat(smtp.stagedFiles()).isZero();
        }
    }

    @Test
    void refusesBareCarriageReturnInData() throws IOException {
        try (RawSmtpClient client = smtp.login()) {
            startData(client);
            client.send("Subject: cr\r\n\r\nhello\r.\r\nstill the message\r\n.\r\n");
            assertThat(client.reply()).startsWith("554 5.6.0");
            assertThat(smtp.sink.received()).isEmpty();
        }
    }

    @Test
    void closesConnectionWhenCommandsArePipelinedBehindStartTls() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.plain(smtp.server.startTlsPort(), smtp.tls.client())) {
            client.reply();
            client.command("EHLO test.example");
            client.send("STARTTLS\r\nMAIL FROM:<" + CENTER_ADDRESS + ">\r\n");
            assertThat(client.reply()).doesNotStartWith("220");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void relaysTheSinksRejectionWithItsCodeAndReason() throws IOException {
        smtp.sink.answer(envelope -> SinkResult.Rejected.of(554, "5.6.0",
                "Object 1.2.3.4 header SOP Instance UID differs from the DICOM object"));
        try (RawSmtpClient client = smtp.login()) {
            startData(client);
            client.send(MESSAGE + ".\r\n");
            assertThat(client.reply()).isEqualTo("554 5.6.0 Object 1.2.3.4 header SOP Instance UID differs from the DICOM object");
        }
        assertThat(smtp.stagedFiles()).isZero();
    }

    @Test
    void answersTemporaryFailureWhenTheSinkCannotStoreWithoutItsDetail() throws IOException {
        smtp.sink.answer(envelope -> new SinkResult.TemporaryFailure("the data center cannot store the message now"
                + " (could not execute statement [Data too long for column 'batch_id' at row 1]"
                + " [insert into message (account,batch_id) values (?,?)]; java.sql.SQLDataException)"));
        try (RawSmtpClient client = smtp.login()) {
            startData(client);
            client.send(MESSAGE + ".\r\n");
            assertThat(client.reply()).isEqualTo("451 4.3.0 Message not stored because of a local problem; try again later");
            smtp.sink.answer(envelope -> {
                throw new IllegalStateException("database is down");
            });
            startData(client);
            client.send(MESSAGE + ".\r\n");
            assertThat(client.reply()).startsWith("451 4.3.0");
        }
    }

    @Test
    void sends250OnlyAfterTheSinkReturns() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        smtp.sink.beforeAnswer(() -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (RawSmtpClient client = smtp.login()) {
            startData(client);
            client.send(MESSAGE + ".\r\n");
            CompletableFuture<String> reply = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.reply();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !reply.isDone());
            release.countDown();
            assertThat(reply.get(10, TimeUnit.SECONDS)).startsWith("250 2.0.0");
        }
    }

    private static void startData(RawSmtpClient client) throws IOException {
        assertThat(client.command("MAIL FROM:<" + CENTER_ADDRESS + ">")).startsWith("250");
        assertThat(client.command("RCPT TO:<" + VIEWER_ADDRESS + ">")).startsWith("250");
        assertThat(client.command("DATA")).startsWith("354");
    }
}
