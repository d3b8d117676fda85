package org.radpost.archiver.index;

/** What an audit row says, before the log stamps it with a time and an actor; absent references are null. */
public record AuditEntry(AuditAction action, String centerCode, String studyUid, String sopInstanceUid, Long volumeId,
                         String detail) {
    public static AuditEntry ofVolume(AuditAction action, String centerCode, long volumeId, String detail) {
        return new AuditEntry(action, centerCode, null, null, volumeId, detail);
    }

    public static AuditEntry ofStudy(AuditAction action, String centerCode, String studyUid, String detail) {
        return new AuditEntry(action, centerCode, studyUid, null, null, detail);
    }
}
