package org.radpost.archiver.retention;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/** How long objects of a modality (optionally from one center) must be kept: years plus days. */
public record RetentionRule(String modality, Optional<String> centerCode, int years, int days) {
    public RetentionRule {
        if (modality == null || modality.isBlank()) {
            throw new IllegalArgumentException("a retention rule needs a modality such as CT");
        }
        modality = modality.strip().toUpperCase(Locale.ROOT);
        centerCode = centerCode == null ? Optional.empty() : centerCode.filter(c -> !c.isBlank());
        if (years < 0 || days < 0 || years + days == 0) {
            throw new IllegalArgumentException("retention period for " + modality + " must be positive, got "
                    + years + " years and " + days + " days");
        }
    }

    public LocalDate expiryFrom(LocalDate start) {
        return start.plusYears(years).plusDays(days);
    }
}
