package org.radpost.datacenter.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.radpost.datacenter.directory.Account;
import org.radpost.datacenter.smtp.TestAccounts;
import org.radpost.wire.tls.LoopbackTls;
import org.slf4j.LoggerFactory;

/**
 * Random command lines against the real POP3 server over TLS, logged in or not: every status line is
 * {@code +OK} or {@code -ERR} in printable ASCII, the connection ends at QUIT (never hangs), and nothing is logged
 * as an error or with a stack trace. Inputs that once broke a rule are kept as examples.
 */
class Pop3CommandFuzzTest {
    static final String MESSAGE = "From: center-a@radpost.test\r\nSubject: study\r\n\r\nbody\r\n.dot line\r\n";
    static Path folder;
    static LoopbackTls tls;
    static FileMailboxStore store;
    static Pop3Server server;
    static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
    static final Logger ROOT = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeContainer
    static void start() throws IOException {
        folder = Files.createTempDirectory("pop3-fuzz");
        tls = LoopbackTls.create(folder.resolve("ca"));
        store = new FileMailboxStore(folder.resolve("mailboxes"));
        // Random PASS lines soon lock 127.0.0.1 out: later tries explore the locked-out replies as well.
        TestAccounts accounts = new TestAccounts().add("dr-house", "viewer-pw", Account.Kind.VIEWER, "dr-house@radpost.test");
        server = new Pop3Server(Pop3ServerConfig.loopback(), tls.server(), accounts, store);
        server.start();
        LOG.start();
        ROOT.addAppender(LOG);
    }

    @AfterContainer
    static void stop() {
        ROOT.detachAppender(LOG);
        server.stop();
        org.radpost.datacenter.spool.Spool.deleteQuietly(folder);
    }

    @Property(tries = 150)
    void anyCommandLinesGetWellFormedStatusLinesAndAnEnd(@ForAll("sessions") List<String> lines, @ForAll boolean login)
            throws IOException {
        exchange(login, lines);
    }

    /** Found by the property (James threw, the client got no answer): {@code LIST 0}, {@code RETR -1}, a long USER. */
    @Example
    void messageNumbersOutOfRangeControlCharactersAndHugeNumbers() throws IOException {
        exchange(true, List.of("LIST 0", "RETR -1", "RETR 99999999999999999999", "TOP 1 -5", "DELE \u0000", "LIST 0", "UIDL \u00ff\u0001",
                "\u001b[2J", "TOP 1 99999999999"));
        exchange(false, List.of("PASS 0", "USER  " + "z".repeat(300), "USER dr-house", "PASS x"));
    }

    private static void exchange(boolean login, List<String> lines) throws IOException {
        store.put("dr-house", "m0001-study", MESSAGE);
        int errorsBefore = errors().size();
        try (SSLSocket socket = (SSLSocket) tls.client().getSocketFactory().createSocket("127.0.0.1", server.pop3sPort())) {
            socket.setSoTimeout(20_000);
            StringBuilder script = new StringBuilder();
            if (login) {
                script.append("USER dr-house\r\nPASS viewer-pw\r\n");
            }
            for (String line : lines) {
                script.append(line).append("\r\n");
            }
            script.append("QUIT\r\n");
            try {
                socket.getOutputStream().write(script.toString().getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            } catch (SocketException e) {
                // the server may close first; what it said is checked below
            }
            List<String> replies = readToEnd(socket.getInputStream());
            assertThat(replies).as("the greeting").isNotEmpty();
            assertThat(replies.get(0)).startsWith("+OK");
            assertThat(replies).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(1000));
            assertThat(replies).filteredOn(line -> line.startsWith("+") || line.startsWith("-"))
                    .allSatisfy(line -> assertThat(line).matches("(\\+OK|-ERR)([ \\x21-\\x7E][\\x20-\\x7E]*)?"));
        }
        assertThat(errors().subList(errorsBefore, errors().size())).as("errors and stack traces in the log").isEmpty();
    }

    private static List<String> readToEnd(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b; (b = in.read()) != -1; ) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1);
                    lines.add(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        } catch (SocketException e) {
            // reset after the server closed: the end
        }
        return lines;
    }

    private static List<ILoggingEvent> errors() {
        return List.copyOf(LOG.list).stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null).toList();
    }

    @Provide
    Arbitrary<List<String>> sessions() {
        Arbitrary<String> verb = Arbitraries.of("USER", "PASS", "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "TOP", "UIDL",
                "CAPA", "STLS", "APOP", "AUTH", "QUIT", "user", "retr", "", "XTND");
        Arbitrary<String> argument = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.integers().between(-3, 5).map(Object::toString),
                Arbitraries.of("1 0", "1 1", "1 -1", "0", "2147483648", "99999999999999999999", "1 2 3", "m0001-study"),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').excludeChars('\n').ofMaxLength(30),
                Arbitraries.strings().withChars('z').ofMinLength(8000).ofMaxLength(9000));
        Arbitrary<String> line = Combinators.combine(verb, argument, Arbitraries.of(" ", "", "  "))
                .as((v, a, space) -> v + space + a);
        return line.list().ofMaxSize(10);
    }
}
