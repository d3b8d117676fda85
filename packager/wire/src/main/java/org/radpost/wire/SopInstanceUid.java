package org.radpost.wire;

/** One object's SOP Instance UID (0008,0018): an image, an overlay or a report. */
public record SopInstanceUid(String value) implements Comparable<SopInstanceUid> {
    public SopInstanceUid {
        value = Uid.require(value, "SOP Instance UID");
    }

    public static SopInstanceUid of(String value) {
        return new SopInstanceUid(value);
    }

    @Override
    public int compareTo(SopInstanceUid other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
