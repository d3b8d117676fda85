package org.radpost.datacenter.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.wire.tls.LoopbackTls;
import org.slf4j.LoggerFactory;

/** A client that refuses the server's certificate costs one log line naming the peer, never a stack trace. */
class TlsRejectionLogTest {
    @TempDir
    Path folder;
    SmtpFixture smtp;
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level level = root.getLevel();

    @BeforeEach
    void start() throws IOException {
        smtp = new SmtpFixture(folder.resolve("server"), 64 * 1024, RecipientPolicy.acceptAll());
        log.start();
        root.addAppender(log);
        root.setLevel(Level.INFO); // the peer line is INFO; tests otherwise log at WARN
    }

    @AfterEach
    void stop() {
        root.detachAppender(log);
        root.setLevel(level);
        smtp.close();
    }

    @Test
    void aClientThatDistrustsTheCertificateLeavesOneLineNamingThePeer() throws Exception {
        // The client trusts another CA, so it rejects the server's certificate and aborts the handshake.
        LoopbackTls otherCa = LoopbackTls.create(folder.resolve("other-ca"));
        for (int port : new int[] {smtp.server.smtpsPort()}) {
            try (SSLSocket socket = (SSLSocket) otherCa.client().getSocketFactory().createSocket("127.0.0.1", port)) {
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLException.class);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !tlsLines().isEmpty());
        // Whatever else comes, it comes at once: a plain command after it proves the server has moved on.
        try (RawSmtpClient client = RawSmtpClient.implicitTls(smtp.server.smtpsPort(), smtp.tls.client())) {
            assertThat(client.reply()).startsWith("220");
        }
        List<ILoggingEvent> events = List.copyOf(log.list);
        assertThat(events).filteredOn(e -> e.getThrowableProxy() != null)
                .as("log events with a stack trace").isEmpty();
        assertThat(tlsLines()).hasSize(1);
        assertThat(tlsLines().get(0).getFormattedMessage()).contains("127.0.0.1");
    }

    private List<ILoggingEvent> tlsLines() {
        return List.copyOf(log.list).stream()
                .filter(e -> e.getFormattedMessage().contains("127.0.0.1"))
                .filter(e -> e.getFormattedMessage().toLowerCase().contains("tls")
                        || e.getFormattedMessage().toLowerCase().contains("ssl")
                        || e.getFormattedMessage().toLowerCase().contains("handshake"))
                .toList();
    }
}
