package org.radpost.wire.transport;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.util.SharedFileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.radpost.wire.tls.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits ready {@code .eml} files to the data center over SMTP: TLS always (SMTPS or mandatory STARTTLS),
 * the server's certificate checked against the configured trust store and host name, AUTH always. The
 * file is streamed from disk, never read whole, and its Message-ID is sent unchanged so a re-sent message
 * is recognised by the server.
 */
public final class SmtpSubmitter implements Submitter {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpSubmitter.class);

    private final SmtpSettings settings;
    private final Session session;
    private final String protocol;

    /** Loads the trust store now, so a bad path or password fails at start-up with a sentence. */
    public SmtpSubmitter(SmtpSettings settings) throws IOException {
        this.settings = settings;
        SSLSocketFactory tls = new VerifyingSocketFactory(
                TlsIdentity.clientContext(settings.trustStore(), settings.trustStorePassword()).getSocketFactory());
        this.protocol = settings.security() == SmtpSettings.Security.SMTPS ? "smtps" : "smtp";
        this.session = Session.getInstance(properties(settings, protocol, tls));
    }

    private static Properties properties(SmtpSettings settings, String protocol, SSLSocketFactory tls) {
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put(p + "host", settings.host());
        props.put(p + "port", Integer.toString(settings.port()));
        props.put(p + "auth", "true");
        props.put(p + "ssl.socketFactory", tls);
        props.put(p + "ssl.protocols", "TLSv1.3 TLSv1.2");
        // Angus would otherwise retry a failed TLS connection with the JVM's default trust: never trust anything else.
        props.put(p + "ssl.socketFactory.fallback", "false");
        props.put(p + "socketFactory.fallback", "false");
        if (settings.security() == SmtpSettings.Security.SMTPS) {
            props.put(p + "ssl.enable", "true");
        } else {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        props.put(p + "connectiontimeout", Long.toString(settings.timeouts().connect().toMillis()));
        props.put(p + "timeout", Long.toString(settings.timeouts().read().toMillis()));
        props.put(p + "writetimeout", Long.toString(settings.timeouts().write().toMillis()));
        // Keep the sender's Message-ID and content exactly as written: no 8BITMIME conversion, no re-save.
        props.put(p + "allow8bitmime", "false");
        return props;
    }

    public SmtpSettings settings() {
        return settings;
    }

    @Override
    public SubmitOutcome submit(Path eml, LongConsumer bytesSent) {
        String server = settings.host() + ":" + settings.port();
        if (!Files.isReadable(eml)) {
            throw new IllegalArgumentException("message file " + eml + " does not exist or cannot be read");
        }
        SMTPTransport transport = null;
        SharedFileInputStream file = null;
        try {
            file = new SharedFileInputStream(eml.toFile(), 64 * 1024);
            StreamedMessage message = new StreamedMessage(session, file, bytesSent);
            transport = (SMTPTransport) session.getTransport(protocol);
            transport.connect(settings.host(), settings.port(), settings.user(), new String(settings.password()));
            if (!transport.supportsExtension("AUTH")) {
                return new SubmitOutcome.TemporaryFailure(0, server + " does not offer AUTH; RadPost submits only as an authenticated user");
            }
            transport.sendMessage(message, message.getAllRecipients());
            String reply = transport.getLastServerResponse();
            LOG.debug("{} sent to {}: {}", eml.getFileName(), server, reply);
            return new SubmitOutcome.Sent(reply == null ? "250" : reply.strip());
        } catch (MessagingException e) {
            int code = transport == null ? 0 : transport.getLastReturnCode();
            String response = transport == null ? null : transport.getLastServerResponse();
            if (!isConnected(transport)) {
                // A reply code from before the connection dropped would describe an earlier command.
                code = code >= 400 ? code : 0;
            }
            SubmitOutcome outcome = SmtpFailures.classify(e, server, code, response);
            LOG.info("{} not sent to {}: {}", eml.getFileName(), server, outcome.describe());
            return outcome;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read message file " + eml, e);
        } finally {
            close(transport, file);
        }
    }

    private static boolean isConnected(SMTPTransport transport) {
        return transport != null && transport.isConnected();
    }

    private static void close(SMTPTransport transport, SharedFileInputStream file) {
        try {
            if (transport != null && transport.isConnected()) {
                transport.close();
            }
        } catch (MessagingException e) {
            LOG.debug("closing the SMTP connection: {}", e.getMessage());
        }
        try {
            if (file != null) {
                file.close();
            }
        } catch (IOException e) {
            LOG.debug("closing the message file: {}", e.getMessage());
        }
    }
}
