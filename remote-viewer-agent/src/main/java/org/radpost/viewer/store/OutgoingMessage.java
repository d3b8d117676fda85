package org.radpost.viewer.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.radpost.wire.StudyUid;

/** One message in the outgoing folder and how far it got. */
public record OutgoingMessage(long id, OutgoingKind kind, StudyUid studyUid, Path eml, OutgoingState state, int attempts,
                              Optional<String> lastError, Instant createdAt, Optional<Instant> sentAt) {
}
