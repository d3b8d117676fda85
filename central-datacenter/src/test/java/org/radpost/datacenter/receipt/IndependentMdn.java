package org.radpost.datacenter.receipt;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.ParameterList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * A receipt as Jakarta Mail reads it, with none of RadPost's own parsing: the message with Jakarta's MIME parser,
 * the message/disposition-notification part's fields with its RFC 822 header parser ({@link InternetHeaders}),
 * and each RadPost-Object line's parameters with its MIME parameter parser ({@link ParameterList}).
 */
record IndependentMdn(Path file, MimeMessage message, ContentType reportType, String humanText, InternetHeaders fields,
                      List<ObjectLine> objects) {

    /** One RadPost-Object line: the object type token and its parameters (uid, reason, text). */
    record ObjectLine(String type, ParameterList params) {
        String uid() {
            return params.get("uid");
        }

        String reason() {
            return params.get("reason");
        }

        String text() {
            return params.get("text");
        }
    }

    static IndependentMdn parse(Path eml) throws IOException, MessagingException {
        try (InputStream in = Files.newInputStream(eml)) {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
            ContentType type = new ContentType(message.getContentType());
            MimeMultipart report = (MimeMultipart) message.getContent();
            String human = "";
            InternetHeaders fields = null;
            for (int i = 0; i < report.getCount(); i++) {
                BodyPart part = report.getBodyPart(i);
                if (part.isMimeType("text/plain") && human.isEmpty()) {
                    human = (String) part.getContent();
                } else if (part.isMimeType("message/disposition-notification")) {
                    fields = new InternetHeaders(part.getInputStream());
                }
            }
            if (fields == null) {
                throw new AssertionError(eml + " has no message/disposition-notification part");
            }
            List<ObjectLine> objects = new ArrayList<>();
            String[] lines = fields.getHeader("RadPost-Object");
            for (String line : lines == null ? new String[0] : lines) {
                int semicolon = line.indexOf(';');
                objects.add(new ObjectLine(line.substring(0, semicolon).trim(), new ParameterList(line.substring(semicolon))));
            }
            return new IndependentMdn(eml, message, type, human, fields, objects);
        }
    }

    /** The one value of an MDN field, or null. */
    String field(String name) {
        String[] values = fields.getHeader(name);
        return values == null ? null : values[0].trim();
    }

    /** The one value of a message header, unfolded, or null. */
    String header(String name) throws MessagingException {
        String value = message.getHeader(name, " ");
        return value == null ? null : value.replaceAll("\\s+", " ").trim();
    }

    /** The Message-IDs listed in a header such as References or In-Reply-To. */
    List<String> ids(String header) throws MessagingException {
        String value = header(header);
        return value == null ? List.of() : Arrays.stream(value.split("\\s+")).filter(s -> !s.isBlank()).toList();
    }

    List<String> uids() {
        return objects.stream().map(ObjectLine::uid).toList();
    }
}
