package org.radpost.datacenter.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.datacenter.directory.Directory;
import org.radpost.schema.Database;
import org.radpost.testkit.MutableClock;
import org.radpost.testkit.TestDatabases;
import org.radpost.wire.tls.LoopbackTls;

/**
 * A viewer's repeated POP3S sessions (its STAT check sessions) against the real directory on a real (H2) database:
 * the right password derives PBKDF2 once, a changed password is refused in the very next session.
 */
class Pop3CachedLoginTest {
    @TempDir
    Path folder;
    MutableClock clock = MutableClock.at("2026-12-01T10:00:00Z");
    Database db;
    Directory directory;
    LoopbackTls tls;
    Pop3Server server;

    @BeforeEach
    void start() throws IOException {
        db = Database.open(TestDatabases.freshH2(folder.resolve("db")), DataCenter.ENTITIES);
        directory = new Directory(db.sessionFactory(), clock);
        directory.addViewer("v1", "Dr. One", "v1@radpost.test", "viewer-pw", AccessLevel.FULL);
        tls = LoopbackTls.create(folder.resolve("ca"));
        server = new Pop3Server(Pop3ServerConfig.loopback(), tls.server(), directory,
                new FileMailboxStore(folder.resolve("mailboxes")), clock);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
        db.close();
    }

    @Test
    void repeatedSessionsWithTheRightPasswordDeriveOnceAndAChangedPasswordIsRefusedAtOnce() throws IOException {
        long before = directory.passwordHashChecks();
        for (int session = 0; session < 4; session++) {
            assertThat(login("v1@radpost.test", "viewer-pw")).as("session " + session).startsWith("+OK");
        }
        assertThat(directory.passwordHashChecks() - before).isEqualTo(1);

        directory.setViewerPassword("v1", "new-viewer-pw");
        assertThat(login("v1@radpost.test", "viewer-pw")).startsWith("-ERR");
        assertThat(login("v1@radpost.test", "new-viewer-pw")).startsWith("+OK");
        assertThat(login("v1@radpost.test", "new-viewer-pw")).startsWith("+OK");
        assertThat(directory.passwordHashChecks() - before).isEqualTo(3);
    }

    /** One POP3S session: USER, PASS, QUIT; the PASS reply. */
    private String login(String user, String password) throws IOException {
        try (SSLSocket socket = (SSLSocket) tls.client().getSocketFactory().createSocket("127.0.0.1", server.pop3sPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("+OK");
            assertThat(command(in, out, "USER " + user)).startsWith("+OK");
            String reply = command(in, out, "PASS " + password);
            command(in, out, "QUIT");
            return reply;
        }
    }

    private static String command(BufferedReader in, OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return String.valueOf(in.readLine());
    }
}
