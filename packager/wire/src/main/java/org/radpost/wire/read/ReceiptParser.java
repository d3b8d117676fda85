package org.radpost.wire.read;

import org.radpost.wire.RejectReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.NameValuePair;
import org.apache.james.mime4j.stream.RawBody;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.radpost.wire.ObjectType;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;
import org.radpost.wire.receipt.MdnFields;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;

/** Reads the machine-readable fields of a receipt's message/disposition-notification part. */
final class ReceiptParser {
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
    private ReceiptParser() {}

    static Receipt parse(MimeEntity top, List<MimeEntity> entities, StudyUid study) throws WireFormatException {
        MimeEntity mdn = entities.stream().filter(e -> "message/disposition-notification".equalsIgnoreCase(e.mimeType))
                .findFirst().orElseThrow(() -> new WireFormatException(RejectReason.BAD_RECEIPT,
                        "it has no message/disposition-notification part"));
        Header fields;
        try {
            // The MDN part's body is a block of header-like fields: let Mime4j parse it as one.
            fields = new DefaultMessageBuilder().parseHeader(new ByteArrayInputStream(
                    (mdn.smallText.strip() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(RejectReason.BAD_RECEIPT, "its disposition fields cannot be parsed: " + e.getMessage());
        }
        String statusToken = value(fields, MdnFields.STATUS);
        ReceiptStatus status = ReceiptStatus.fromToken(statusToken).orElseThrow(() ->
                new WireFormatException(RejectReason.BAD_RECEIPT, MdnFields.STATUS + " '" + statusToken + "' is unknown"));
        if (!study.value().equals(value(fields, MdnFields.STUDY_UID))) {
            throw new WireFormatException(RejectReason.UID_MISMATCH, "the receipt's " + MdnFields.STUDY_UID
                    + " differs from its message header");
        }
        List<ReceiptEntry> entries = new ArrayList<>();
        for (Field field : fields.getFields(MdnFields.OBJECT)) {
            entries.add(entry(field.getBody()));
        }
        Instant at;
        try {
            at = Instant.parse(value(fields, MdnFields.AT));
        } catch (DateTimeParseException e) {
            throw new WireFormatException(RejectReason.BAD_RECEIPT, MdnFields.AT + " is not an ISO-8601 instant");
        }
        String explanation = entities.stream().filter(e -> "text/plain".equalsIgnoreCase(e.mimeType) && e != top && e != mdn)
                .map(e -> e.smallText == null ? "" : e.smallText.lines().findFirst().orElse(""))
                .findFirst().orElse("");
        return new Receipt(status, top.header("From").orElse(""), top.header("To").orElse(""), study,
                value(fields, MdnFields.ORIGINAL_MESSAGE_ID), value(fields, MdnFields.REASON), explanation, entries, at,
                recipient(value(fields, MdnFields.FINAL_RECIPIENT)), messageIds(top.headers("References")));
    }

    private static ReceiptEntry entry(String value) throws WireFormatException {
        RawBody body = RawFieldParser.DEFAULT.parseRawBody(new RawField(MdnFields.OBJECT, value));
        Map<String, String> params = new HashMap<>();
        for (NameValuePair pair : body.getParams()) {
            params.put(pair.getName().toLowerCase(), pair.getValue() == null ? "" : pair.getValue());
        }
        ObjectType type = ObjectType.fromToken(body.getValue()).orElseThrow(() ->
                new WireFormatException(RejectReason.BAD_RECEIPT, MdnFields.OBJECT + " '" + value + "' has no known type"));
        try {
            return new ReceiptEntry(type, SopInstanceUid.of(params.get("uid")), params.get("reason"), params.get("text"));
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(RejectReason.BAD_RECEIPT, MdnFields.OBJECT + " '" + value + "': " + e.getMessage());
        }
    }

    /** Final-Recipient is {@code <address-type>; <address>} (RFC 8098 3.2.4); only the address is kept. */
    private static String recipient(String value) {
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(semicolon + 1)).trim();
    }

    private static List<String> messageIds(List<String> headers) {
        List<String> ids = new ArrayList<>();
        for (String header : headers) {
            Matcher m = MESSAGE_ID.matcher(header);
            while (m.find()) {
                ids.add(m.group());
            }
        }
        return ids;
    }

    private static String value(Header fields, String name) {
        Field field = fields.getField(name);
        return field == null ? "" : field.getBody().trim();
    }
}
