package org.radpost.datacenter.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.radpost.datacenter.smtp.SmtpFixture.CENTER_ADDRESS;
import static org.radpost.datacenter.smtp.SmtpFixture.VIEWER_ADDRESS;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a hostile or broken client sends to the SMTP edge gets one well-formed reply, and nothing is stored. */
class SmtpHostileInputTest {
    @TempDir
    static Path folder;
    static SmtpFixture smtp;
    /** SmtpServerConfig.loopback() keeps the default recipient limit. */
    static final int MAX_RECIPIENTS = 100;

    @BeforeAll
    static void start() throws IOException {
        smtp = new SmtpFixture(folder, 64 * 1024, RecipientPolicy.acceptAll());
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
    void refusesAMessageWithAnOverlongLineOnceWithOneReplyAndStoresNothing() throws IOException {
        try (RawSmtpClient client = smtp.login()) {
            startData(client);
            client.send("Subject: long\r\n\r\n" + "x".repeat(9000) + "\r\nafter the long line\r\n.\r\n");
            assertThat(client.reply()).matches("5\\d\\d 5\\.\\d{1,3}\\.\\d{1,3} .*line.*");
            // The next reply answers NOOP: no second reply for the message is waiting in the stream.
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 OK");
            assertThat(smtp.sink.received()).isEmpty();
            assertThat(smtp.stagedFiles()).isZero();
            assertThat(client.command("MAIL FROM:<" + CENTER_ADDRESS + ">")).startsWith("250");
        }
    }

    @Test
    void answersAnOverlongCommandLineOnce() throws IOException {
        try (RawSmtpClient client = smtp.login()) {
            assertThat(client.command("NOOP " + "y".repeat(9000))).startsWith("500");
            assertThat(client.command("NOOP")).isEqualTo("250 2.0.0 OK");
        }
    }

    @Test
    void ehloAfterStartTlsListsAuthOnceAndGreetsWithoutAStrayParenthesis() throws IOException {
        try (RawSmtpClient client = RawSmtpClient.plain(smtp.server.startTlsPort(), smtp.tls.client())) {
            client.reply();
            client.command("EHLO test.example");
            client.startTls();
            List<String> lines = client.command("EHLO test.example").lines().toList();
            assertThat(lines.get(0)).isEqualTo("250-localhost Hello test.example [127.0.0.1]");
            assertThat(lines).filteredOn(line -> line.substring(4).startsWith("AUTH")).containsExactly("250-AUTH LOGIN PLAIN");
        }
    }

    @Test
    void refusesRecipientsPastTheLimitAndDeliversToTheFirstHundred() throws IOException {
        try (RawSmtpClient client = smtp.login()) {
            assertThat(client.command("MAIL FROM:<" + CENTER_ADDRESS + ">")).startsWith("250");
            for (int i = 0; i < MAX_RECIPIENTS; i++) {
                assertThat(client.command("RCPT TO:<viewer" + i + "@radpost.test>")).startsWith("250");
            }
            assertThat(client.command("RCPT TO:<one-too-many@radpost.test>")).startsWith("452 4.5.3");
            assertThat(client.command("DATA")).startsWith("354");
            client.send("Subject: many\r\n\r\nhello\r\n.\r\n");
            assertThat(client.reply()).startsWith("250 2.0.0");
            assertThat(smtp.sink.last().envelope().recipients()).hasSize(MAX_RECIPIENTS);
        }
    }

    @Test
    void refusesARecipientAddressLongerThanSmtpAllows() throws IOException {
        try (RawSmtpClient client = smtp.login()) {
            assertThat(client.command("MAIL FROM:<" + CENTER_ADDRESS + ">")).startsWith("250");
            // Valid syntax (labels under 64 characters), but 270 characters: more than a database row or a relay holds.
            String longDomain = "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + ".radpost.test";
            assertThat(client.command("RCPT TO:<" + "a".repeat(64) + "@" + longDomain + ">")).startsWith("501 5.1.3");
            assertThat(client.command("RCPT TO:<" + VIEWER_ADDRESS + ">")).startsWith("250");
        }
    }

    private static void startData(RawSmtpClient client) throws IOException {
        assertThat(client.command("MAIL FROM:<" + CENTER_ADDRESS + ">")).startsWith("250");
        assertThat(client.command("RCPT TO:<" + VIEWER_ADDRESS + ">")).startsWith("250");
        assertThat(client.command("DATA")).startsWith("354");
    }
}
