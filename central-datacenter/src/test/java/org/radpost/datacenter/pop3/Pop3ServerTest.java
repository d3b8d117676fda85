package org.radpost.datacenter.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.radpost.datacenter.directory.Account;
import org.radpost.datacenter.smtp.TestAccounts;
import org.radpost.wire.tls.LoopbackTls;

/** Viewers and centers fetch their mailboxes: Jakarta Mail over POP3S and STLS, curl over POP3S, raw sockets. */
class Pop3ServerTest {
    static final String VIEWER = "dr-house";
    static final String PASSWORD = "viewer-pw";
    static final String STUDY = "From: center-a@radpost.test\r\nTo: dr-house@radpost.test\r\nSubject: study 1.2.3\r\n\r\n"
            + "first part\r\n.line starting with a dot\r\n";
    static final String RECEIPT = "From: radpost@radpost.test\r\nSubject: receipt\r\n\r\nviewed\r\n";

    @TempDir
    static Path folder;
    static LoopbackTls tls;
    static FileMailboxStore store;
    static Pop3Server server;

    @BeforeAll
    static void start() throws IOException {
        tls = LoopbackTls.create(folder.resolve("ca"));
        store = new FileMailboxStore(folder.resolve("mailboxes"));
        TestAccounts accounts = new TestAccounts()
                .add(VIEWER, PASSWORD, Account.Kind.VIEWER, "dr-house@radpost.test")
                .add("center-a", "center-pw", Account.Kind.CENTER, "center-a@radpost.test");
        server = new Pop3Server(Pop3ServerConfig.loopback(), tls.server(), accounts, store);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void fillMailbox() throws IOException {
        store.commits().clear();
        store.put(VIEWER, "m0001-study", STUDY);
        store.put(VIEWER, "m0002-receipt", RECEIPT);
    }

    @Test
    void jakartaMailListsByUidlRetrievesAndDeletesOnlyAtQuit() throws Exception {
        Store pop3 = session("pop3s", server.pop3sPort()).getStore("pop3s");
        pop3.connect(VIEWER, PASSWORD);
        POP3Folder inbox = (POP3Folder) pop3.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        Message[] messages = inbox.getMessages();
        assertThat(messages).hasSize(2);
        assertThat(inbox.getUID(messages[0])).isEqualTo("m0001-study");
        assertThat(inbox.getUID(messages[1])).isEqualTo("m0002-receipt");
        assertThat(messages[0].getSubject()).isEqualTo("study 1.2.3");
        assertThat(new String(messages[0].getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                .isEqualTo("first part\r\n.line starting with a dot\r\n");

        messages[0].setFlag(Flags.Flag.DELETED, true);
        assertThat(store.commits()).as("nothing is deleted before QUIT").isEmpty();
        assertThat(store.holds(VIEWER, "m0001-study")).isTrue();
        inbox.close(true);
        pop3.close();

        assertThat(store.commits()).containsExactly(new FileMailboxStore.Commit(VIEWER, java.util.Set.of("m0001-study")));
        assertThat(store.holds(VIEWER, "m0001-study")).isFalse();
        assertThat(store.holds(VIEWER, "m0002-receipt")).isTrue();
    }

    @Test
    void jakartaMailReadsAHeaderWithTopNotByDownloadingTheMessage() throws Exception {
        Store pop3 = session("pop3s", server.pop3sPort()).getStore("pop3s");
        pop3.connect(VIEWER, PASSWORD);
        // Jakarta Mail reads CAPA once, before login; TOP missing there makes every header read a whole RETR.
        assertThat(((POP3Store) pop3).capabilities()).containsKey("TOP");
        Folder inbox = pop3.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertThat(inbox.getMessages()[0].getHeader("Subject")).containsExactly("study 1.2.3");
        inbox.close(false);
        pop3.close();
    }

    @Test
    void clientThatDropsTheConnectionWithoutQuitDeletesNothing() throws Exception {
        try (SSLSocket socket = (SSLSocket) tls.client().getSocketFactory().createSocket("127.0.0.1", server.pop3sPort())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("+OK");
            for (String command : List.of("USER " + VIEWER, "PASS " + PASSWORD, "DELE 1", "DELE 2")) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(in.readLine()).as(command).startsWith("+OK");
            }
        }
        // The server saw the connection end; a new session still finds both messages.
        Store pop3 = session("pop3s", server.pop3sPort()).getStore("pop3s");
        pop3.connect(VIEWER, PASSWORD);
        Folder inbox = pop3.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertThat(inbox.getMessageCount()).isEqualTo(2);
        inbox.close(false);
        pop3.close();
        assertThat(store.commits()).isEmpty();
    }

    @Test
    void jakartaMailUsesStlsOnThePlainListener() throws Exception {
        Session session = session("pop3", server.stlsPort());
        session.getProperties().put("mail.pop3.starttls.enable", "true");
        session.getProperties().put("mail.pop3.starttls.required", "true");
        Store pop3 = session.getStore("pop3");
        pop3.connect(VIEWER, PASSWORD);
        Folder inbox = pop3.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertThat(inbox.getMessageCount()).isEqualTo(2);
        inbox.close(false);
        pop3.close();
    }

    @Test
    void refusesLoginBeforeStlsAndWithAWrongPassword() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.stlsPort())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("+OK");
            out.write(("USER " + VIEWER + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("-ERR Must issue STLS first");
        }
        try (SSLSocket socket = (SSLSocket) tls.client().getSocketFactory().createSocket("127.0.0.1", server.pop3sPort())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            in.readLine();
            out.write(("USER " + VIEWER + "\r\nPASS wrong\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("+OK");
            assertThat(in.readLine()).startsWith("-ERR");
        }
    }

    @Test
    void closesConnectionWhenCommandsArePipelinedBehindStls() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.stlsPort())) {
            socket.setSoTimeout(15_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("+OK");
            out.write(("STLS\r\nUSER " + VIEWER + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = in.readLine();
            assertThat(reply).doesNotContain("Begin TLS");
            assertThat(in.readLine()).isNull();
        }
    }

    @Test
    void curlListsAndRetrievesTheMailboxOverPop3s() throws Exception {
        String base = "pop3s://127.0.0.1:" + server.pop3sPort() + "/";
        assertThat(curl(base)).containsExactly("1 " + STUDY.length(), "2 " + RECEIPT.length());
        assertThat(curl(base, "-X", "UIDL")).containsExactly("1 m0001-study", "2 m0002-receipt");
        assertThat(String.join("\r\n", curl(base + "2")) + "\r\n").isEqualTo(RECEIPT);
        assertThat(store.commits()).isEmpty();
    }

    @Test
    void retrReadsALargeMessageFromTheStoreInBlocksAndServesItExactly() throws Exception {
        // 512 KB of base64-like lines, some starting with a dot: the dot-stuffing must survive the buffering.
        StringBuilder message = new StringBuilder("From: center-a@radpost.test\r\nSubject: large\r\n\r\n");
        String line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODkrLw==AB";
        for (int i = 0; message.length() < 1 << 19; i++) {
            message.append(i % 1000 == 0 ? "." : "").append(line).append("\r\n");
        }
        store.put(VIEWER, "m0003-large", message.toString());
        store.resetReads();
        List<String> fetched;
        try {
            fetched = curl("pop3s://127.0.0.1:" + server.pop3sPort() + "/3");
        } finally {
            store.remove(VIEWER, "m0003-large");
        }

        assertThat(String.join("\r\n", fetched) + "\r\n").isEqualTo(message.toString());
        // One read per byte (James' dot-stuffing reads a byte at a time) made a 20 MB RETR take 15 s.
        assertThat(store.reads()).as("read calls on the stored message's stream for %d bytes", message.length())
                .isLessThan(message.length() / 1024);
    }

    private static List<String> curl(String url, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "30",
                "--cacert", tls.caPem().toString(), "-u", VIEWER + ":" + PASSWORD, url));
        command.addAll(List.of(extra));
        // Output to a file: a pipe nobody reads until curl ends would stall curl on any message over 64 KB.
        Path output = Files.createTempFile(folder, "curl", ".out");
        Process curl = new ProcessBuilder(command).redirectOutput(output.toFile()).start();
        assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String error = new String(curl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.exitValue()).as(error).isZero();
        return Files.readString(output, StandardCharsets.US_ASCII).lines().toList();
    }

    private static Session session(String protocol, int port) {
        Properties props = new Properties();
        props.put("mail." + protocol + ".host", "127.0.0.1");
        props.put("mail." + protocol + ".port", Integer.toString(port));
        props.put("mail." + protocol + ".ssl.socketFactory", tls.client().getSocketFactory());
        props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        props.put("mail." + protocol + ".timeout", "30000");
        return Session.getInstance(props);
    }
}
