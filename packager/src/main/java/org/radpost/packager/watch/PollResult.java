package org.radpost.packager.watch;

import java.nio.file.Path;
import java.util.List;
import org.radpost.packager.outbox.PackagingResult;

/** What one look at the watched folder did: studies queued for sending, and files set aside as bad. */
public record PollResult(List<PackagingResult> forwarded, List<FailedFile> failed) {
    public PollResult {
        forwarded = List.copyOf(forwarded);
        failed = List.copyOf(failed);
    }

    /** A file moved to {@code failed/}, with the reason also written beside it. */
    public record FailedFile(Path movedTo, String reason) {}
}
