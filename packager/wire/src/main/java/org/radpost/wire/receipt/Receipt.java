package org.radpost.wire.receipt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.radpost.wire.ObjectType;
import org.radpost.wire.StudyUid;

/**
 * A status receipt or resend request about objects of one study, sent as an RFC 8098 message disposition
 * notification: readable in any mail client, machine-readable through its RadPost-* fields.
 *
 * @param originalMessageId the Message-ID of the message this answers (the first of {@code references}), or empty
 *                          when it answers no message
 * @param reason a reason code for the whole receipt (for rejections, quarantines and resend requests), or empty
 * @param explanation the sentence a person reads first
 * @param finalRecipient whose disposition this reports (RFC 8098 Final-Recipient): the data center for what it did
 *                       itself, the viewer for delivered, viewed and reported; {@code from} when not given
 * @param references every message this answers, the original first (In-Reply-To, References): a study split into
 *                   parts is answered as a whole
 */
public record Receipt(
        ReceiptStatus status,
        String from,
        String to,
        StudyUid studyUid,
        String originalMessageId,
        String reason,
        String explanation,
        List<ReceiptEntry> objects,
        Instant at,
        String finalRecipient,
        List<String> references) {

    public Receipt {
        objects = List.copyOf(objects);
        originalMessageId = originalMessageId == null ? "" : originalMessageId.trim();
        List<String> ids = new ArrayList<>();
        if (!originalMessageId.isEmpty()) {
            ids.add(originalMessageId);
        }
        for (String id : references == null ? List.<String>of() : references) {
            if (id != null && !id.isBlank() && !ids.contains(id.trim())) {
                ids.add(id.trim());
            }
        }
        references = List.copyOf(ids);
        originalMessageId = references.isEmpty() ? "" : references.get(0);
        reason = reason == null ? "" : reason;
        explanation = explanation == null || explanation.isBlank()
                ? "The study " + studyUid + " " + status.sentence() + "." : explanation.replaceAll("[\\r\\n]+", " ");
        finalRecipient = finalRecipient == null || finalRecipient.isBlank() ? from : finalRecipient.trim();
    }

    /** A receipt reported by its sender about the one message it answers (or none). */
    public Receipt(ReceiptStatus status, String from, String to, StudyUid studyUid, String originalMessageId, String reason,
                   String explanation, List<ReceiptEntry> objects, Instant at) {
        this(status, from, to, studyUid, originalMessageId, reason, explanation, objects, at, from, List.of());
    }

    /** The same receipt answering these messages too (after the original, in order). */
    public Receipt answering(List<String> messageIds) {
        List<String> all = new ArrayList<>(references);
        all.addAll(messageIds);
        return new Receipt(status, from, to, studyUid, originalMessageId, reason, explanation, objects, at, finalRecipient, all);
    }

    /** The same receipt reporting the disposition of {@code recipient} (a viewer's, passed on by the data center). */
    public Receipt onBehalfOf(String recipient) {
        return new Receipt(status, from, to, studyUid, originalMessageId, reason, explanation, objects, at, recipient, references);
    }

    /** The object type of the message that carries this receipt. */
    public ObjectType messageType() {
        return status == ReceiptStatus.RESEND_REQUESTED ? ObjectType.RESEND_REQUEST : ObjectType.RECEIPT;
    }
}
