package org.radpost.archiver.retention;

import java.time.Instant;
import java.util.Optional;
import org.radpost.wire.StudyUid;

/** A hold as listed: who placed it, why and when, and whether it was released. */
public record Hold(StudyUid studyUid, String reason, String heldBy, Instant heldAt, Optional<String> releasedBy,
                   Optional<Instant> releasedAt) {
    public boolean active() {
        return releasedAt.isEmpty();
    }
}
