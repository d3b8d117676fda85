package org.radpost.wire.receipt;

import java.time.Instant;
import java.util.List;
import org.radpost.wire.ObjectType;
import org.radpost.wire.StudyUid;

/**
 * A status receipt or resend request about objects of one study, sent as an RFC 8098 message disposition
 * notification: readable in any mail client, machine-readable through its RadPost-* fields.
 *
 * @param originalMessageId the Message-ID of the message this answers, or empty when it answers no single message
 * @param reason a reason code for the whole receipt (for rejections and resend requests), or empty
 * @param explanation the sentence a person reads first
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
        Instant at) {

    public Receipt {
        objects = List.copyOf(objects);
        originalMessageId = originalMessageId == null ? "" : originalMessageId;
        reason = reason == null ? "" : reason;
        explanation = explanation == null || explanation.isBlank()
                ? "The study " + studyUid + " " + status.sentence() + "." : explanation.replaceAll("[\\r\\n]+", " ");
    }

    /** The object type of the message that carries this receipt. */
    public ObjectType messageType() {
        return status == ReceiptStatus.RESEND_REQUESTED ? ObjectType.RESEND_REQUEST : ObjectType.RECEIPT;
    }
}
