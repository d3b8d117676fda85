package org.radpost.archiver.index;

import java.time.Instant;

/** An audit row as read back; absent references are null. */
public record AuditEvent(Instant occurredAt, String actor, AuditAction action, String centerCode, String studyUid,
                         String sopInstanceUid, Long volumeId, String detail) {}
