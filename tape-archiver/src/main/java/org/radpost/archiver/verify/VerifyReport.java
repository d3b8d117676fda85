package org.radpost.archiver.verify;

import java.util.List;

/**
 * The outcome of re-reading volumes: how much was read, every problem found, and files under the archive root
 * that no volume names (debris of an interrupted volume start or compaction: harmless, safe to delete once checked).
 */
public record VerifyReport(int volumes, int entries, long bytes, List<Finding> findings, List<String> strayFiles) {
    public VerifyReport {
        findings = List.copyOf(findings);
        strayFiles = List.copyOf(strayFiles);
    }

    public VerifyReport(int volumes, int entries, long bytes, List<Finding> findings) {
        this(volumes, entries, bytes, findings, List.of());
    }

    public VerifyReport withStrayFiles(List<String> files) {
        return new VerifyReport(volumes, entries, bytes, findings, files);
    }

    /** True when every entry matched; stray files do not count as damage. */
    public boolean clean() {
        return findings.isEmpty();
    }
}
