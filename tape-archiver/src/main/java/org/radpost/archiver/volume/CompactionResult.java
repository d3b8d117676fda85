package org.radpost.archiver.volume;

import java.util.Optional;

/** What compacting one sealed volume did: live entries copied into a new sealed volume, dead ones left behind. */
public record CompactionResult(long retiredVolumeId, Optional<Long> newVolumeId, int copied, int dropped,
                               long bytesFreed) {}
