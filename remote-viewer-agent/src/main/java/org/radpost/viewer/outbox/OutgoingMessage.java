package org.radpost.viewer.outbox;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.radpost.wire.StudyUid;

/** One message in the outgoing folder and how far it got: QUEUED, SENT or FAILED (refused for good). */
public record OutgoingMessage(long id, OutgoingKind kind, StudyUid studyUid, Path eml, String state, int attempts,
                              Optional<String> lastError, Instant createdAt, Optional<Instant> sentAt) {
}
