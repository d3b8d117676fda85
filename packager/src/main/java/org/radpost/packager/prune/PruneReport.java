package org.radpost.packager.prune;

import java.util.List;

/** What one prune run deleted and kept (with reasons); in a dry run, what it would delete. */
public record PruneReport(boolean dryRun, List<PrunedFile> deleted, List<KeptFile> kept, String note) {
    public PruneReport {
        deleted = List.copyOf(deleted);
        kept = List.copyOf(kept);
        note = note == null ? "" : note;
    }

    public long bytesFreed() {
        return deleted.stream().mapToLong(PrunedFile::size).sum();
    }
}
