package org.radpost.datacenter.route;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One study held in quarantine for one cause, however many message parts it arrived in: what an operator reads
 * and acts on. Patient, accession, center and modality are empty when the data center does not hold the study
 * (a viewer's result about an unknown study).
 */
public record QuarantinedStudy(
        String studyUid,
        String reasonCode,
        String reason,
        String destination,
        String patientName,
        String patientId,
        String accessionNumber,
        String centerCode,
        String centerAddress,
        String modality,
        Instant arrivedAt,
        List<Long> entryIds) {

    /** The number every CLI command and console form names this study-and-cause by: its first entry's. */
    public long number() {
        return entryIds.get(0);
    }

    public int parts() {
        return entryIds.size();
    }

    public Duration age(Instant now) {
        return Duration.between(arrivedAt, now);
    }

    /** "3 h 12 min", "2 d 4 h": how long the study has waited. */
    public String ageText(Instant now) {
        Duration age = age(now);
        if (age.toDays() > 0) {
            return age.toDays() + " d " + age.toHoursPart() + " h";
        }
        if (age.toHours() > 0) {
            return age.toHours() + " h " + age.toMinutesPart() + " min";
        }
        return Math.max(0, age.toMinutes()) + " min";
    }

    /** True for a center's study (released to a viewer); false for a result routed back by its study. */
    public boolean fromCenter() {
        return centerCode != null;
    }
}
