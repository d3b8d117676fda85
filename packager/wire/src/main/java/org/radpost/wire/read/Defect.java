package org.radpost.wire.read;

import org.radpost.wire.RejectReason;
/** One thing wrong with a message; {@code uid} names the object when the defect is an object's, else empty. */
public record Defect(RejectReason error, String uid, String detail) {
    public Defect {
        uid = uid == null ? "" : uid;
    }

    @Override
    public String toString() {
        return error.code() + (uid.isEmpty() ? "" : " " + uid) + ": " + detail;
    }
}
