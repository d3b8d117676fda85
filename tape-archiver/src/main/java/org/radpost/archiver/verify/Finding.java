package org.radpost.archiver.verify;

/** One problem verify found; the SOP Instance UID and entry name are empty for problems of a whole volume. */
public record Finding(long volumeId, String volumePath, Kind kind, String entryName, String sopInstanceUid,
                      String detail) {
    /** The kinds of damage verify reports. */
    public enum Kind {
        /** The entry's bytes no longer hash to the SHA-256 the index recorded. */
        CHECKSUM_MISMATCH,
        /** The volume file is gone or shorter than its entries. */
        MISSING_VOLUME,
        /** A TAR header is damaged: tar cannot list the volume. */
        UNREADABLE_VOLUME,
        /** The index names an entry at an offset where the volume has none (or one of another size). */
        MISSING_ENTRY,
        /** The volume holds an entry the index does not know. */
        UNINDEXED_ENTRY,
        /** A sealed volume's manifest is missing or disagrees with the index. */
        MANIFEST_MISMATCH
    }

    @Override
    public String toString() {
        return "volume " + volumeId + " (" + volumePath + "): " + kind
                + (entryName.isEmpty() ? "" : " " + entryName) + (sopInstanceUid.isEmpty() ? "" : " [" + sopInstanceUid + "]")
                + ": " + detail;
    }
}
