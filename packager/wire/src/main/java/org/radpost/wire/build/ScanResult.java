package org.radpost.wire.build;

import java.util.List;
import org.radpost.wire.dicom.DicomFileException;

/** The studies found among the files given, and each file that was skipped with its reason. */
public record ScanResult(List<StudyBatch> studies, List<DicomFileException> skipped) {
    public ScanResult {
        studies = List.copyOf(studies);
        skipped = List.copyOf(skipped);
    }

    public int objectCount() {
        return studies.stream().mapToInt(s -> s.objects().size()).sum();
    }
}
