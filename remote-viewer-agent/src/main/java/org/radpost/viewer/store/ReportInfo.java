package org.radpost.viewer.store;

import java.nio.file.Path;
import java.time.Instant;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/** A report of a study, written here (local) or received; received reports carry their text in findings. */
public record ReportInfo(SopInstanceUid sopInstanceUid, StudyUid studyUid, boolean local, String reader, String findings,
                         String impression, Instant createdAt, Path file) {
}
