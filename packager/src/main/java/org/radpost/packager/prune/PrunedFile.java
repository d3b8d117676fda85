package org.radpost.packager.prune;

import java.nio.file.Path;
import java.time.Instant;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/** A local DICOM copy deleted (or, in a dry run, to be deleted) because its archive receipt arrived. */
public record PrunedFile(Path file, StudyUid studyUid, SopInstanceUid sopInstanceUid, Instant archivedAt, long size) {}
