package org.radpost.viewer.report;

/** What the radiologist wrote for a study: findings and impression (both required). */
public record ReportDraft(String findings, String impression) {
    public ReportDraft {
        findings = findings == null ? "" : findings.strip();
        impression = impression == null ? "" : impression.strip();
        if (findings.isEmpty() || impression.isEmpty()) {
            throw new IllegalArgumentException("a report needs both findings and an impression");
        }
    }
}
