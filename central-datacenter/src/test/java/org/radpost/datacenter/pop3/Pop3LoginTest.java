package org.radpost.datacenter.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.directory.Account;
import org.radpost.datacenter.directory.LoginFailure;
import org.radpost.datacenter.directory.LoginThrottle;
import org.radpost.datacenter.smtp.TestAccounts;
import org.radpost.testkit.MutableClock;
import org.radpost.wire.tls.LoopbackTls;

/** Password guessing over POP3: a session ends after three wrong PASS, an address is locked out, each is audited. */
class Pop3LoginTest {
    @TempDir
    Path folder;
    MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    LoopbackTls tls;
    TestAccounts accounts;
    Pop3Server server;

    @BeforeEach
    void start() throws IOException {
        tls = LoopbackTls.create(folder.resolve("ca"));
        accounts = new TestAccounts().add("dr-house", "viewer-pw", Account.Kind.VIEWER, "dr-house@radpost.test");
        server = new Pop3Server(Pop3ServerConfig.loopback(), tls.server(), accounts,
                new FileMailboxStore(folder.resolve("mailboxes")), clock);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void closesTheSessionAfterThreeWrongPasswords() throws IOException {
        try (Client client = new Client()) {
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 50 && !client.closed(); i++) {
                client.command("USER dr-house");
                replies.add(client.command("PASS guess-" + i));
            }
            assertThat(replies).hasSize(AccountPassCmdHandler.MAX_FAILURES);
            assertThat(replies).allSatisfy(r -> assertThat(r).startsWith("-ERR [AUTH]"));
        }
        assertThat(accounts.failures()).hasSize(3).allSatisfy(f -> {
            assertThat(f.protocol()).isEqualTo("POP3");
            assertThat(f.peerAddress()).isEqualTo("127.0.0.1");
            assertThat(f.user()).isEqualTo("dr-house");
        });
    }

    @Test
    void locksOutTheAddressAcrossSessionsAndLetsTheRightPasswordInAfterwards() throws IOException {
        List<String> replies = new ArrayList<>();
        for (int session = 0; session < 5; session++) {
            try (Client client = new Client()) {
                while (!client.closed()) {
                    client.command("USER dr-house");
                    replies.add(client.command("PASS guess"));
                }
            }
        }
        assertThat(accounts.checks()).isEqualTo(LoginThrottle.ADDRESS_LIMIT);
        assertThat(replies.get(replies.size() - 1)).startsWith("-ERR [SYS/TEMP]");
        assertThat(accounts.failures()).extracting(LoginFailure::reason).contains(LoginFailure.Reason.LOCKED_OUT);

        clock.advance(LoginThrottle.FIRST_LOCK.plus(Duration.ofSeconds(1)));
        try (Client client = new Client()) {
            client.command("USER dr-house");
            assertThat(client.command("PASS viewer-pw")).startsWith("+OK");
        }
    }

    /** A POP3S client reading one line per reply. */
    private final class Client implements AutoCloseable {
        private final SSLSocket socket;
        private final BufferedReader in;
        private final OutputStream out;
        private boolean closed;

        Client() throws IOException {
            socket = (SSLSocket) tls.client().getSocketFactory().createSocket("127.0.0.1", server.pop3sPort());
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("+OK");
        }

        String command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = in.readLine();
            if (reply == null) {
                closed = true;
                return "";
            }
            if (reply.startsWith("-ERR [AUTH] Authentication failed; too many") || reply.startsWith("-ERR [SYS/TEMP] Too many")) {
                closed = in.readLine() == null;
            }
            return reply;
        }

        boolean closed() {
            return closed;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
