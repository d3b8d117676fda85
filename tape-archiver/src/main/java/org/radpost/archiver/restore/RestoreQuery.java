package org.radpost.archiver.restore;

import org.radpost.wire.StudyUid;

/** Which objects to restore: a study, an accession number or a patient ID. */
public record RestoreQuery(Kind kind, String value) {
    /** The index field each kind looks up. */
    public enum Kind {
        STUDY("studyInstanceUid"), ACCESSION("accessionNumber"), PATIENT("patientId");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public RestoreQuery {
        if (kind == null || value == null || value.isBlank()) {
            throw new IllegalArgumentException("a restore needs a study UID, an accession number or a patient ID");
        }
    }

    public static RestoreQuery study(StudyUid study) {
        return new RestoreQuery(Kind.STUDY, study.value());
    }

    public static RestoreQuery accession(String accessionNumber) {
        return new RestoreQuery(Kind.ACCESSION, accessionNumber);
    }

    public static RestoreQuery patient(String patientId) {
        return new RestoreQuery(Kind.PATIENT, patientId);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + value;
    }
}
