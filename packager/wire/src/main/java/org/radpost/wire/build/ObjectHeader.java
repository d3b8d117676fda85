package org.radpost.wire.build;

import org.radpost.wire.WireHeaders;

/** Formats the value of one {@link WireHeaders#OBJECT} header. */
final class ObjectHeader {
    private ObjectHeader() {}

    static String format(PackagedObject object) {
        StringBuilder value = new StringBuilder(object.summary().objectType().token())
                .append("; uid=").append(object.summary().sopInstanceUid().value());
        object.summary().referencedSopInstanceUid().ifPresent(ref -> value.append("; ref=").append(ref.value()));
        return value.append("; sha256=").append(object.sha256().hex())
                .append("; size=").append(object.size())
                .toString();
    }
}
