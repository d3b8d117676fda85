package org.radpost.packager.outbox;

import java.util.List;
import org.radpost.wire.build.ScanResult;

/** The studies found and skipped files of a scan, and the messages queued for them. */
public record PackagingResult(ScanResult scan, List<OutboxEntry> queued) {
    public PackagingResult {
        queued = List.copyOf(queued);
    }
}
