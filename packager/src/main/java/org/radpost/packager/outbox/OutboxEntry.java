package org.radpost.packager.outbox;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One message waiting in the outbox: its file, what it carries (from its headers: Message-ID, study UID,
 * part k/n, recipient) and its delivery state.
 */
public record OutboxEntry(String id, Path eml, String messageId, String studyUid, String part, String to, long size,
                          OutboxState state, int attempts, Instant nextAttempt, Optional<String> lastReason,
                          Instant enqueuedAt) {

    OutboxEntry with(OutboxState newState, int newAttempts, Instant newNextAttempt, String newReason) {
        return new OutboxEntry(id, eml, messageId, studyUid, part, to, size, newState, newAttempts, newNextAttempt,
                Optional.ofNullable(newReason), enqueuedAt);
    }

    boolean dueAt(Instant now) {
        return state == OutboxState.QUEUED && !nextAttempt.isAfter(now);
    }
}
