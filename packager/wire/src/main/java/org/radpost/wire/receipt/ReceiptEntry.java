package org.radpost.wire.receipt;

import org.radpost.wire.ObjectType;
import org.radpost.wire.SopInstanceUid;

/** One object a receipt names, with the reason code and sentence when it was refused or must be resent. */
public record ReceiptEntry(ObjectType type, SopInstanceUid sopInstanceUid, String reasonCode, String reason) {
    public ReceiptEntry {
        reasonCode = reasonCode == null ? "" : reasonCode;
        reason = reason == null ? "" : reason.replaceAll("[\\r\\n]+", " ");
    }

    public static ReceiptEntry of(ObjectType type, SopInstanceUid uid) {
        return new ReceiptEntry(type, uid, "", "");
    }
}
