package org.radpost.datacenter.smtp;

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
import org.slf4j.LoggerFactory;

/**
 * Random command lines against the real SMTP server over TLS: whatever arrives, every reply line is a
 * well-formed SMTP reply in printable ASCII, the connection ends when the client quits (never hangs), and
 * nothing is logged as an error or with a stack trace. Inputs that once broke a rule are kept as examples.
 */
class SmtpCommandFuzzTest {
    static Path folder;
    static SmtpFixture smtp;
    static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
    static final Logger ROOT = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeContainer
    static void start() throws IOException {
        folder = Files.createTempDirectory("smtp-fuzz");
        smtp = new SmtpFixture(folder, 64 * 1024, RecipientPolicy.localDomain("radpost.test"));
        LOG.start();
        ROOT.addAppender(LOG);
    }

    @AfterContainer
    static void stop() {
        ROOT.detachAppender(LOG);
        smtp.close();
        org.radpost.datacenter.spool.Spool.deleteQuietly(folder);
    }

    @Property(tries = 150)
    void anyCommandLinesGetWellFormedRepliesAndAnEnd(@ForAll("sessions") List<String> lines, @ForAll boolean login)
            throws IOException {
        exchange(login, lines);
    }

    @Example
    void anEhloNameWithControlCharactersIsNotEchoedRaw() throws IOException {
        exchange(false, List.of("EHLO \u0001\u00e9\u007f\rname"));
    }

    @Example
    void anUnknownVerbWithControlCharactersIsNotEchoedRaw() throws IOException {
        exchange(true, List.of("\u0000\u0081X\u001b[2J"));
    }

    @Example
    void authLoginWithAnEmptyUserNameGetsAReply() throws IOException {
        exchange(false, List.of("AUTH LOGIN !"));
        exchange(false, List.of("AUTH LOGIN  P\u00c5\u00b2\u00c0M\u001f\u00c4")); // found by the property: not strict base64
        exchange(false, List.of("EHLO x", "AUTH LOGIN", "", "AUTH LOGIN", "=", "cGFzcw=="));
    }

    @Example
    void dataWithAnOverlongLineAndABareCarriageReturnEndsWithOneReply() throws IOException {
        exchange(true, List.of("MAIL FROM:<center-a@radpost.test>", "RCPT TO:<dr-house@radpost.test>", "DATA",
                "x".repeat(9000), "a\rb", "."));
    }

    private static void exchange(boolean login, List<String> lines) throws IOException {
        int errorsBefore = errors().size();
        try (SSLSocket socket = (SSLSocket) smtp.tls.client().getSocketFactory().createSocket("127.0.0.1", smtp.server.smtpsPort())) {
            socket.setSoTimeout(20_000);
            StringBuilder script = new StringBuilder();
            if (login) {
                script.append("EHLO fuzz.example\r\nAUTH PLAIN ")
                        .append(RawSmtpClient.plain(SmtpFixture.CENTER_USER, SmtpFixture.CENTER_PASSWORD)).append("\r\n");
            }
            for (String line : lines) {
                script.append(line).append("\r\n");
            }
            // Whatever state the lines left (DATA, AUTH LOGIN's questions), this leads out of it and quits.
            script.append("\r\n.\r\nQUIT\r\nQUIT\r\nQUIT\r\n");
            try {
                socket.getOutputStream().write(script.toString().getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            } catch (SocketException e) {
                // The server may close first (too many failures, a 421): what it said is checked below.
            }
            List<String> replies = readToEnd(socket.getInputStream());
            assertThat(replies).as("the greeting").isNotEmpty();
            assertThat(replies.get(0)).startsWith("220 ");
            assertThat(replies).allSatisfy(reply -> assertThat(reply).matches("[2-5]\\d\\d[ -][\\x20-\\x7E]{0,506}"));
        }
        assertThat(errors().subList(errorsBefore, errors().size())).as("errors and stack traces in the log").isEmpty();
    }

    /** Reads until the server closes (a read timeout here is a hung connection and fails the try). */
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
        Arbitrary<String> verb = Arbitraries.of("EHLO", "HELO", "MAIL FROM:", "RCPT TO:", "DATA", "RSET", "NOOP", "QUIT",
                "AUTH", "AUTH PLAIN", "AUTH LOGIN", "AUTH CRAM-MD5", "STARTTLS", "VRFY", "EXPN", "HELP", "BDAT", "ehlo",
                "mail from:", "rcpt to:", "", ".", "MAIL FROM:<center-a@radpost.test>", "RCPT TO:<dr-house@radpost.test>");
        Arbitrary<String> argument = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').excludeChars('\n').ofMaxLength(40),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(300),
                Arbitraries.of("<center-a@radpost.test>", "<dr-house@radpost.test>", "<>", "<a@elsewhere.example>",
                        "SIZE=99999999999999999999", "SIZE=-1", "BODY=8BITMIME", "=", "AHh4eAB5eXk=", "*", "<@a,@b:c@d>"),
                Arbitraries.strings().withChars('x', 'y').ofMinLength(8000).ofMaxLength(9000));
        Arbitrary<String> line = Combinators.combine(verb, argument, Arbitraries.of(" ", "", "  ", "\t"))
                .as((v, a, space) -> v + space + a);
        return line.list().ofMaxSize(12);
    }
}
