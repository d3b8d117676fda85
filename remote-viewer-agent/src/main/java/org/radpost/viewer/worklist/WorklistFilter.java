package org.radpost.viewer.worklist;

import java.util.Locale;

/** What the radiologist typed: free text (patient name or ID, accession) and a modality; blank means any. */
public record WorklistFilter(String text, String modality) {
    public static final WorklistFilter ALL = new WorklistFilter("", "");

    public WorklistFilter {
        text = text == null ? "" : text.trim();
        modality = modality == null ? "" : modality.trim().toUpperCase(Locale.ROOT);
    }
}
