package org.radpost.datacenter.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.radpost.datacenter.smtp.SmtpFixture.CENTER_PASSWORD;
import static org.radpost.datacenter.smtp.SmtpFixture.CENTER_USER;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.directory.LoginFailure;
import org.radpost.datacenter.directory.LoginThrottle;
import org.radpost.datacenter.directory.Logins;
import org.radpost.testkit.MutableClock;
import org.slf4j.LoggerFactory;

/** Password guessing over SMTP is throttled per address and per user, logged with the peer, and audited. */
class SmtpLoginTest {
    @TempDir
    Path folder;
    SmtpFixture smtp;
    MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger logins = (Logger) LoggerFactory.getLogger(Logins.class);

    @BeforeEach
    void start() throws IOException {
        smtp = new SmtpFixture(folder, 64 * 1024, RecipientPolicy.acceptAll(), clock);
        log.start();
        logins.addAppender(log);
        logins.setLevel(Level.INFO);
    }

    @AfterEach
    void stop() {
        logins.detachAppender(log);
        logins.setLevel(null);
        smtp.close();
    }

    @Test
    void fiftyGuessesAcrossReconnectsCheckOnlyAFewPasswordsAndEndInATemporaryRefusal() throws IOException {
        List<String> replies = new ArrayList<>();
        RawSmtpClient client = connect();
        for (int i = 0; i < 50; i++) {
            String reply = client.command("AUTH PLAIN " + RawSmtpClient.plain(CENTER_USER, "guess-" + i));
            replies.add(reply);
            if (reply.startsWith("421") || reply.startsWith("454")) {
                client.close();
                client = connect();
            }
        }
        client.close();

        assertThat(smtp.accounts.checks()).as("passwords hashed and compared").isEqualTo(LoginThrottle.ADDRESS_LIMIT);
        assertThat(replies.subList(LoginThrottle.ADDRESS_LIMIT, 50)).allSatisfy(r -> assertThat(r).startsWith("454 4.7.0"));
        // Even the right password waits out the lock-out; after it, it works again.
        try (RawSmtpClient locked = connect()) {
            assertThat(locked.command("AUTH PLAIN " + RawSmtpClient.plain(CENTER_USER, CENTER_PASSWORD))).startsWith("454 4.7.0");
        }
        clock.advance(LoginThrottle.FIRST_LOCK.plus(Duration.ofSeconds(1)));
        try (RawSmtpClient later = connect()) {
            assertThat(later.command("AUTH PLAIN " + RawSmtpClient.plain(CENTER_USER, CENTER_PASSWORD))).startsWith("235");
        }
    }

    @Test
    void eachFailedLoginIsLoggedWithThePeerAndAudited() throws IOException {
        try (RawSmtpClient client = connect()) {
            assertThat(client.command("AUTH PLAIN " + RawSmtpClient.plain(CENTER_USER, "wrong"))).startsWith("535 5.7.8");
            assertThat(client.command("AUTH PLAIN " + RawSmtpClient.plain("nobody", "wrong"))).startsWith("535 5.7.8");
        }
        assertThat(smtp.accounts.failures()).extracting(LoginFailure::user).containsExactly(CENTER_USER, "nobody");
        assertThat(smtp.accounts.failures()).allSatisfy(f -> {
            assertThat(f.protocol()).isEqualTo("SMTP");
            assertThat(f.peerAddress()).isEqualTo("127.0.0.1");
            assertThat(f.reason()).isEqualTo(LoginFailure.Reason.INVALID_CREDENTIALS);
        });
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.INFO && e.getFormattedMessage().contains("127.0.0.1")
                && e.getFormattedMessage().contains("failed")).hasSize(2);
        assertThat(log.list).noneMatch(e -> e.getFormattedMessage().contains("wrong"));
    }

    @Test
    void aUserUnderAttackFromManyAddressesIsLockedToo() {
        LoginThrottle throttle = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.USER_LIMIT; i++) {
            throttle.failed("10.0.0." + i, "center-a");
        }
        assertThat(throttle.lockedFor("10.9.9.9", "CENTER-A")).isPresent();
        assertThat(throttle.lockedFor("10.9.9.9", "someone-else")).isEmpty();
    }

    private RawSmtpClient connect() throws IOException {
        RawSmtpClient client = RawSmtpClient.implicitTls(smtp.server.smtpsPort(), smtp.tls.client());
        client.reply();
        client.command("EHLO test.example");
        return client;
    }
}
