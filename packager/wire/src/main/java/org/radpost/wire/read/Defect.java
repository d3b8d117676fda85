package org.radpost.wire.read;

import java.util.Optional;
import org.radpost.wire.ObjectType;
import org.radpost.wire.RejectReason;

/**
 * One thing wrong with a message; {@code uid} names the object when the defect is an object's, else empty, and
 * {@code objectType} is the type the message gave that object, when it gave one.
 */
public record Defect(RejectReason error, String uid, Optional<ObjectType> objectType, String detail) {
    public Defect {
        uid = uid == null ? "" : uid;
        objectType = objectType == null ? Optional.empty() : objectType;
    }

    /** A defect of the message as a whole, or of an object whose type is not known. */
    public Defect(RejectReason error, String uid, String detail) {
        this(error, uid, Optional.empty(), detail);
    }

    /** A defect of one object of the given type. */
    public Defect(RejectReason error, String uid, ObjectType type, String detail) {
        this(error, uid, Optional.ofNullable(type), detail);
    }

    @Override
    public String toString() {
        return error.code() + (uid.isEmpty() ? "" : " " + uid) + ": " + detail;
    }
}
