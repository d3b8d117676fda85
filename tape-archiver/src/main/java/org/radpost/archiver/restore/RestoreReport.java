package org.radpost.archiver.restore;

import java.nio.file.Path;
import java.util.List;
import org.radpost.archiver.ArchiveRecord;

/** What a restore wrote (each file's SHA-256 checked) and what it could not restore, with the reason. */
public record RestoreReport(List<Restored> restored, List<Failure> failures, long bytes) {
    /** One object written to its file. */
    public record Restored(ArchiveRecord record, Path file) {}

    /** One object not restored, and why. */
    public record Failure(ArchiveRecord record, String reason) {}

    public boolean complete() {
        return failures.isEmpty();
    }
}
