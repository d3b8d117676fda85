package org.radpost.wire;

/** A study's Study Instance UID (0020,000D). */
public record StudyUid(String value) implements Comparable<StudyUid> {
    public StudyUid {
        value = Uid.require(value, "Study Instance UID");
    }

    public static StudyUid of(String value) {
        return new StudyUid(value);
    }

    @Override
    public int compareTo(StudyUid other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
