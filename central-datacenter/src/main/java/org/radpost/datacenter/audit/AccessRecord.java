package org.radpost.datacenter.audit;

import java.time.Instant;

/**
 * One entry of the access audit trail: who received, opened, annotated or reported which study, or which
 * administrative action someone took.
 *
 * @param subject the study UID for study access, the changed thing (center, viewer, user, message) for admin actions
 * @param remoteAddress where an admin action came from; null for study access (the actor is the mailbox)
 */
public record AccessRecord(Instant at, String actor, Kind kind, String subject, String detail, String remoteAddress) {
    /** What happened, with the DICOM audit event (PS3.15 A.5) it is exported as. */
    public enum Kind {
        /** A viewer's POP3 retrieval of a study message: DICOM Instances Transferred. */
        RECEIVED("110104", "DICOM Instances Transferred", "R"),
        /** The radiologist opened the study (viewed receipt): DICOM Instances Accessed, read. */
        OPENED("110103", "DICOM Instances Accessed", "R"),
        /** An overlay came back: DICOM Instances Accessed, create. */
        ANNOTATED("110103", "DICOM Instances Accessed", "C"),
        /** A report came back: DICOM Instances Accessed, create. */
        REPORTED("110103", "DICOM Instances Accessed", "C"),
        /** A console or CLI action by an administrator: Security Alert (configuration changed). */
        ADMIN("110113", "Security Alert", "E");

        final String eventId;
        final String eventName;
        final String actionCode;

        Kind(String eventId, String eventName, String actionCode) {
            this.eventId = eventId;
            this.eventName = eventName;
            this.actionCode = actionCode;
        }
    }
}
