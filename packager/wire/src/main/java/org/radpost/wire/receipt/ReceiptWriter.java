package org.radpost.wire.receipt;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.radpost.wire.WireHeaders;
import org.radpost.wire.internal.DurableFiles;
import org.radpost.wire.internal.FixedIdMimeMessage;

/** Writes a {@link Receipt} as a multipart/report (report-type=disposition-notification) message file. */
public final class ReceiptWriter {
    private static final String REPORTING_UA = "radpost; RadPost 0.1";
    /** More parts than this are named by the first and the latest (RFC 5322 allows trimming References). */
    static final int MAX_REFERENCES = 100;
    private final Session session = Session.getInstance(new Properties());

    /** Writes the receipt to the file (durably) and returns its Message-ID. */
    public String write(Receipt receipt, Path file) throws IOException {
        String domain = receipt.from().substring(receipt.from().indexOf('@') + 1);
        String messageId = "<" + UUID.randomUUID() + "." + receipt.status().token() + "@" + domain + ">";
        try {
            FixedIdMimeMessage message = new FixedIdMimeMessage(session, messageId);
            message.setFrom(new InternetAddress(receipt.from()));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(receipt.to()));
            message.setSentDate(Date.from(receipt.at()));
            message.setSubject("RadPost receipt: study " + receipt.studyUid() + " " + receipt.status().token()
                    + " (" + receipt.objects().size() + " objects)", "US-ASCII");
            message.setHeader(WireHeaders.VERSION, WireHeaders.CURRENT_VERSION);
            message.setHeader(WireHeaders.OBJECT_TYPE, receipt.messageType().token());
            message.setHeader(WireHeaders.STUDY_UID, receipt.studyUid().value());
            message.setHeader(WireHeaders.RECEIPT_STATUS, receipt.status().token());
            if (!receipt.references().isEmpty()) {
                // A study sent in parts is answered as a whole: every part's Message-ID, folded like any long header.
                String ids = String.join(" ", threaded(receipt.references()));
                message.setHeader("In-Reply-To", MimeUtility.fold("In-Reply-To: ".length(), ids));
                message.setHeader("References", MimeUtility.fold("References: ".length(), ids));
            }
            message.setHeader("Auto-Submitted", "auto-replied");

            MimeMultipart report = new MimeMultipart("report; report-type=disposition-notification");
            MimeBodyPart human = new MimeBodyPart();
            human.setText(humanText(receipt), "UTF-8");
            report.addBodyPart(human);
            MimeBodyPart mdn = new MimeBodyPart();
            mdn.setContent(mdnFields(receipt), "message/disposition-notification");
            mdn.setHeader("Content-Type", "message/disposition-notification");
            mdn.setHeader("Content-Transfer-Encoding", "7bit");
            report.addBodyPart(mdn);
            message.setContent(report);
            message.saveChanges();
            DurableFiles.write(file, out -> {
                try {
                    message.writeTo(out);
                } catch (MessagingException e) {
                    throw new IOException(e.getMessage(), e);
                }
            });
            return messageId;
        } catch (MessagingException e) {
            throw new IOException("could not write the " + receipt.status().token() + " receipt for study "
                    + receipt.studyUid() + ": " + e.getMessage(), e);
        }
    }

    private static String humanText(Receipt receipt) {
        StringBuilder text = new StringBuilder(receipt.explanation()).append("\r\n\r\n");
        for (ReceiptEntry entry : receipt.objects()) {
            text.append("- ").append(entry.type().token()).append(' ').append(entry.sopInstanceUid());
            if (!entry.reason().isEmpty()) {
                text.append(": ").append(entry.reason());
            } else if (!entry.reasonCode().isEmpty()) {
                text.append(" (").append(entry.reasonCode()).append(')');
            }
            text.append("\r\n");
        }
        return text.append("\r\nThis is an automatic RadPost receipt.\r\n").toString();
    }

    private static String mdnFields(Receipt receipt) {
        StringBuilder fields = new StringBuilder();
        field(fields, MdnFields.REPORTING_UA, REPORTING_UA);
        field(fields, MdnFields.FINAL_RECIPIENT, "rfc822; " + receipt.finalRecipient());
        if (!receipt.originalMessageId().isEmpty()) {
            field(fields, MdnFields.ORIGINAL_MESSAGE_ID, receipt.originalMessageId());
        }
        field(fields, MdnFields.DISPOSITION, "automatic-action/MDN-sent-automatically; " + receipt.status().disposition());
        field(fields, MdnFields.STATUS, receipt.status().token());
        field(fields, MdnFields.STUDY_UID, receipt.studyUid().value());
        field(fields, MdnFields.AT, receipt.at().toString());
        if (!receipt.reason().isEmpty()) {
            field(fields, MdnFields.REASON, receipt.reason());
        }
        for (ReceiptEntry entry : receipt.objects()) {
            StringBuilder value = new StringBuilder(entry.type().token()).append("; uid=").append(entry.sopInstanceUid());
            if (!entry.reasonCode().isEmpty()) {
                value.append("; reason=").append(entry.reasonCode());
            }
            if (!entry.reason().isEmpty()) {
                value.append("; text=\"").append(entry.reason().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            field(fields, MdnFields.OBJECT, value.toString());
        }
        return fields.toString();
    }

    /** The original and the latest answered messages, so a study in hundreds of parts keeps the headers short. */
    private static List<String> threaded(List<String> ids) {
        if (ids.size() <= MAX_REFERENCES) {
            return ids;
        }
        List<String> kept = new ArrayList<>(List.of(ids.get(0)));
        kept.addAll(ids.subList(ids.size() - MAX_REFERENCES + 1, ids.size()));
        return kept;
    }

    private static void field(StringBuilder fields, String name, String value) {
        // The part is 7bit: anything else in a sentence becomes '?'; long lines are folded (RFC 5322 2.2.3).
        String ascii = value.replaceAll("[^\\x20-\\x7e]", "?");
        fields.append(name).append(": ").append(MimeUtility.fold(name.length() + 2, ascii)).append("\r\n");
    }
}
