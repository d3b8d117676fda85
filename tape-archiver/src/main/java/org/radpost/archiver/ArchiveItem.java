package org.radpost.archiver;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.Sha256;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/**
 * One accepted object the data center hands to the archive: who sent it, what it is, where its file is and
 * the SHA-256 it arrived with (checked again while the archive copies it).
 */
public record ArchiveItem(String centerCode, String modality, StudyUid studyUid, SopInstanceUid sopInstanceUid,
                          String patientId, String accessionNumber, Optional<LocalDate> studyDate, Path file,
                          Sha256 sha256) {
    // Center codes and modalities become folder names under the archive root: keep them path-safe.
    private static final Pattern CENTER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern MODALITY = Pattern.compile("[A-Z0-9_]{1,16}");

    public ArchiveItem {
        Objects.requireNonNull(studyUid, "studyUid");
        Objects.requireNonNull(sopInstanceUid, "sopInstanceUid");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        if (centerCode == null || !CENTER.matcher(centerCode).matches()) {
            throw new IllegalArgumentException("center code '" + centerCode + "' of object " + sopInstanceUid
                    + " must be 1-64 letters, digits, '.', '_' or '-' (it names a folder in the archive)");
        }
        modality = modality == null || modality.isBlank() ? "OT" : modality.strip().toUpperCase(java.util.Locale.ROOT);
        if (!MODALITY.matcher(modality).matches()) {
            throw new IllegalArgumentException("modality '" + modality + "' of object " + sopInstanceUid
                    + " is not a DICOM modality code (1-16 upper-case letters or digits)");
        }
        patientId = patientId == null ? "" : patientId;
        accessionNumber = accessionNumber == null ? "" : accessionNumber;
        studyDate = studyDate == null ? Optional.empty() : studyDate;
    }

    /** The item for a DICOM object whose header the data center has already read. */
    public static ArchiveItem of(String centerCode, DicomSummary summary, Path file, Sha256 sha256) {
        return new ArchiveItem(centerCode, summary.modality(), summary.studyInstanceUid(), summary.sopInstanceUid(),
                summary.patientId(), summary.accessionNumber(), summary.studyDate(), file, sha256);
    }
}
