package org.radpost.datacenter.receipt;

import java.util.List;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;

/**
 * A receipt a step wants sent: to whom, about which study and message, why, and which objects it names;
 * {@code finalRecipient} is whose disposition it reports when that is not the data center (the viewer mailbox a
 * study was delivered to), else empty.
 */
public record Notice(ReceiptStatus status, String to, String studyUid, String originalMessageId, String reason,
                     String explanation, List<ReceiptEntry> objects, String finalRecipient) {
    public Notice {
        objects = List.copyOf(objects);
        finalRecipient = finalRecipient == null ? "" : finalRecipient;
    }

    /** A notice about what the data center itself did. */
    public Notice(ReceiptStatus status, String to, String studyUid, String originalMessageId, String reason,
                  String explanation, List<ReceiptEntry> objects) {
        this(status, to, studyUid, originalMessageId, reason, explanation, objects, "");
    }
}
