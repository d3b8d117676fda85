package org.radpost.datacenter.index;

import jakarta.persistence.AttributeConverter;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/** Stores DICOM UIDs as their text and reads them back as value types, checked on the way in and out. */
public final class UidColumns {
    private UidColumns() {}

    /** A Study Instance UID column. */
    public static final class Study implements AttributeConverter<StudyUid, String> {
        @Override
        public String convertToDatabaseColumn(StudyUid uid) {
            return uid == null ? null : uid.value();
        }

        @Override
        public StudyUid convertToEntityAttribute(String value) {
            return value == null ? null : StudyUid.of(value);
        }
    }

    /** A SOP Instance UID column. */
    public static final class SopInstance implements AttributeConverter<SopInstanceUid, String> {
        @Override
        public String convertToDatabaseColumn(SopInstanceUid uid) {
            return uid == null ? null : uid.value();
        }

        @Override
        public SopInstanceUid convertToEntityAttribute(String value) {
            return value == null ? null : SopInstanceUid.of(value);
        }
    }
}
