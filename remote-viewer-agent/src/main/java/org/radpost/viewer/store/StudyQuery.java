package org.radpost.viewer.store;

import java.util.Locale;

/**
 * Which studies to list: free text matched against patient name, patient ID and accession (blank: any), a
 * modality (blank: any), and whether priors are included.
 */
public record StudyQuery(String text, String modality, boolean includePriors) {
    public StudyQuery {
        text = text == null ? "" : text.trim();
        modality = modality == null ? "" : modality.trim().toUpperCase(Locale.ROOT);
    }
}
