package org.radpost.datacenter.receipt;

import java.util.List;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;

/** A receipt a step wants sent: to whom, about which study and message, why, and which objects it names. */
public record Notice(ReceiptStatus status, String to, String studyUid, String originalMessageId, String reason,
                     String explanation, List<ReceiptEntry> objects) {
    public Notice {
        objects = List.copyOf(objects);
    }
}
