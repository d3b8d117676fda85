package org.radpost.viewer.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalInt;
import org.radpost.wire.StudyUid;

/** One study as the worklist and the study page show it; images received against the announced total. */
public record StudyInfo(
        StudyUid studyUid,
        String patientId,
        String patientName,
        String accessionNumber,
        Optional<LocalDate> studyDate,
        String description,
        String modalities,
        String center,
        boolean stat,
        StudyStatus status,
        int imagesReceived,
        OptionalInt imagesExpected,
        Instant arrivedAt) {

    /** Complete when every announced image is here (a study with no announced total is never complete). */
    public boolean complete() {
        return imagesExpected.isPresent() && imagesReceived >= imagesExpected.getAsInt();
    }

    /** "3 / 5" or "3 / ?" when no total was announced. */
    public String completeness() {
        return imagesReceived + " / " + (imagesExpected.isPresent() ? Integer.toString(imagesExpected.getAsInt()) : "?");
    }
}
