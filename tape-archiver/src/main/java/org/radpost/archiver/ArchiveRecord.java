package org.radpost.archiver;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.radpost.wire.Sha256;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/**
 * A durably archived object: its TAR volume and entry (data offset and size, for seeking), its SHA-256,
 * when it was archived (the archive receipt's time) and when it expires (empty: kept until a rule says otherwise).
 */
public record ArchiveRecord(SopInstanceUid sopInstanceUid, StudyUid studyUid, String patientId, String accessionNumber,
                            String modality, String centerCode, long volumeId, String entryName, long offset,
                            long size, Sha256 sha256, Instant archivedAt, Optional<LocalDate> studyDate,
                            Optional<LocalDate> expiryDate) {}
