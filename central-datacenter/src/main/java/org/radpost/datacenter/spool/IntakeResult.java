package org.radpost.datacenter.spool;

import org.radpost.datacenter.validate.RejectReason;

/** What the data center answers after DATA: accepted (stored and committed), rejected (why), or try later. */
public sealed interface IntakeResult {
    /** Stored durably; {@code duplicate} when the same Message-ID had already been accepted. */
    record Accepted(String messageId, boolean duplicate) implements IntakeResult {}

    /** Refused for good, with the reason and the specific detail (object UID, values). */
    record Rejected(RejectReason reason, String detail) implements IntakeResult {
        /** The text after the SMTP codes: reason code, sentence, detail. */
        public String text() {
            return "[" + reason.code() + "] " + reason.sentence() + ": " + detail;
        }
    }

    /** Not stored because of a fault here (disk, database); the sender keeps the message and retries. */
    record TemporaryFailure(String detail) implements IntakeResult {}

    /** Not stored because the data folder's disk is full; nothing of the message stays behind. */
    record StorageFull(String detail) implements IntakeResult {}
}
