package org.radpost.wire.smime;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedFileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.radpost.wire.tls.OwnerOnly;

/**
 * A message split the way S/MIME protects it: the envelope headers (From, To, Message-ID, the RadPost wire
 * headers: UIDs and counts only) stay outside, readable for routing; the content entity (its Content-* headers
 * and body) is what gets signed and encrypted. Files back every part, so nothing is held whole in memory.
 */
final class MessageEnvelope {
    private static final Session SESSION = Session.getInstance(new Properties());
    private final List<String> envelopeHeaderLines;
    private final MimeMessage message;
    private final SharedFileInputStream source;

    private MessageEnvelope(List<String> envelopeHeaderLines, MimeMessage message, SharedFileInputStream source) {
        this.envelopeHeaderLines = envelopeHeaderLines;
        this.message = message;
        this.source = source;
    }

    static MessageEnvelope read(Path file) throws IOException {
        SharedFileInputStream in = new SharedFileInputStream(file.toFile());
        try {
            MimeMessage message = new MimeMessage(SESSION, in);
            List<String> lines = new ArrayList<>();
            for (String line : Collections.list(message.getAllHeaderLines())) {
                String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
                if (!name.startsWith("content-") && !name.equals("mime-version")) {
                    lines.add(line);
                }
            }
            return new MessageEnvelope(lines, message, in);
        } catch (MessagingException e) {
            in.close();
            throw new IOException("cannot read the message headers of " + file + ": " + e.getMessage(), e);
        }
    }

    /** The content entity (Content-* headers, blank line, raw body) written to {@code file}, read back lazily. */
    MimeBodyPart contentEntity(Path file) throws IOException {
        try (OutputStream out = OwnerOnly.replacing(file)) {
            for (Header header : Collections.list(message.getAllHeaders())) {
                if (header.getName().toLowerCase(Locale.ROOT).startsWith("content-")) {
                    out.write((header.getName() + ": " + header.getValue() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            try (InputStream body = message.getRawInputStream()) {
                body.transferTo(out);
            }
        } catch (MessagingException e) {
            throw new IOException("cannot read the message body: " + e.getMessage(), e);
        }
        return part(file);
    }

    /** Writes the envelope headers, MIME-Version, then {@code content} (its own headers and body). */
    void writeWith(MimeBodyPart content, Path target) throws IOException {
        try (OutputStream out = OwnerOnly.replacing(target)) {
            for (String line : envelopeHeaderLines) {
                out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write("MIME-Version: 1.0\r\n".getBytes(StandardCharsets.US_ASCII));
            content.writeTo(out);
        } catch (MessagingException e) {
            throw new IOException("cannot write the message: " + e.getMessage(), e);
        }
    }

    void close() throws IOException {
        source.close();
    }

    static MimeBodyPart part(Path file) throws IOException {
        try {
            return new MimeBodyPart(new SharedFileInputStream(file.toFile()));
        } catch (MessagingException e) {
            throw new IOException("cannot read the MIME entity in " + file + ": " + e.getMessage(), e);
        }
    }
}
