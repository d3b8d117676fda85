package org.radpost.wire;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What RadPost needs to know of one DICOM object, read from its header (never from the pixel data).
 * The UIDs travel in message headers; the patient fields never do, they are for the indexes only.
 */
public record DicomSummary(
        ObjectType objectType,
        StudyUid studyInstanceUid,
        SeriesUid seriesInstanceUid,
        SopInstanceUid sopInstanceUid,
        String sopClassUid,
        Optional<SopInstanceUid> referencedSopInstanceUid,
        String transferSyntaxUid,
        String modality,
        String patientId,
        String patientName,
        String accessionNumber,
        Optional<LocalDate> studyDate,
        String studyDescription,
        String seriesDescription,
        String seriesNumber,
        String instanceNumber,
        int numberOfFrames) {

    public DicomSummary {
        referencedSopInstanceUid = referencedSopInstanceUid == null ? Optional.empty() : referencedSopInstanceUid;
        studyDate = studyDate == null ? Optional.empty() : studyDate;
        modality = modality == null ? "" : modality;
        patientId = patientId == null ? "" : patientId;
        patientName = patientName == null ? "" : patientName;
        accessionNumber = accessionNumber == null ? "" : accessionNumber;
        studyDescription = studyDescription == null ? "" : studyDescription;
        seriesDescription = seriesDescription == null ? "" : seriesDescription;
        seriesNumber = seriesNumber == null ? "" : seriesNumber;
        instanceNumber = instanceNumber == null ? "" : instanceNumber;
    }
}
