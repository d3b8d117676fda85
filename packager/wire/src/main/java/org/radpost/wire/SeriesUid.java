package org.radpost.wire;

/** A series' Series Instance UID (0020,000E). */
public record SeriesUid(String value) implements Comparable<SeriesUid> {
    public SeriesUid {
        value = Uid.require(value, "Series Instance UID");
    }

    public static SeriesUid of(String value) {
        return new SeriesUid(value);
    }

    @Override
    public int compareTo(SeriesUid other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
