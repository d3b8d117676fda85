package org.radpost.archiver.verify;

import java.util.List;

/** The outcome of re-reading volumes: how much was read and every problem found. */
public record VerifyReport(int volumes, int entries, long bytes, List<Finding> findings) {
    public boolean clean() {
        return findings.isEmpty();
    }
}
