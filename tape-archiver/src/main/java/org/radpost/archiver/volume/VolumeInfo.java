package org.radpost.archiver.volume;

import java.time.Instant;
import java.util.Optional;

/** What `tape-archiver volumes` shows of one volume; the path is relative to the archive root. */
public record VolumeInfo(long id, String centerCode, String modality, String path, VolumeState state, long sizeBytes,
                         int objectCount, Instant createdAt, Optional<Instant> sealedAt,
                         Optional<Long> compactedFrom) {}
