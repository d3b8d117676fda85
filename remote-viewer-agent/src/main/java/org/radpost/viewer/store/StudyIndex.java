package org.radpost.viewer.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.radpost.wire.DicomSummary;
import org.radpost.wire.ObjectType;
import org.radpost.wire.Priority;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/**
 * Puts what the extractor read from each object into the patient → study → series → image tables,
 * plus received reports and overlays; each object is indexed in one transaction with its inbox row.
 */
public final class StudyIndex {
    private final LocalDatabase database;

    public StudyIndex(LocalDatabase database) {
        this.database = database;
    }

    /** Indexes an image; a second call for the same SOP Instance UID changes nothing. */
    public void addImage(PendingFile file, DicomSummary summary) {
        database.inTransaction(c -> {
            long study = ensureStudy(c, summary, file.message(), true);
            long series = Sql.findId(c, "SELECT id FROM series WHERE series_uid = ?", summary.seriesInstanceUid().value())
                    .orElse(-1L);
            if (series < 0) {
                series = Sql.insert(c, "INSERT INTO series (study_fk, series_uid, modality, series_number, description)"
                                + " VALUES (?,?,?,?,?)", study, summary.seriesInstanceUid().value(), summary.modality(),
                        summary.seriesNumber(), summary.seriesDescription());
            }
            if (Sql.findId(c, "SELECT id FROM image WHERE sop_instance_uid = ?", summary.sopInstanceUid().value()).isEmpty()) {
                Sql.insert(c, "INSERT INTO image (series_fk, file_fk, sop_instance_uid, sop_class_uid, transfer_syntax,"
                                + " instance_number, frames) VALUES (?,?,?,?,?,?,?)", series, file.id(),
                        summary.sopInstanceUid().value(), summary.sopClassUid(), summary.transferSyntaxUid(),
                        parseInt(summary.instanceNumber()), Math.max(1, summary.numberOfFrames()));
            }
            Inbox.markExtracted(c, file.id(), Optional.empty());
            return null;
        });
    }

    /** Indexes a report that arrived (for this study or a prior of the same patient). */
    public void addReceivedReport(PendingFile file, DicomSummary summary, String text) {
        database.inTransaction(c -> {
            long study = ensureStudy(c, summary, file.message(), false);
            insertReport(c, study, summary.sopInstanceUid(), "RECEIVED", file.message().sender(), text, "",
                    file.file().toString());
            Inbox.markExtracted(c, file.id(), Optional.empty());
            return null;
        });
    }

    /** Indexes an overlay that arrived; it is kept with the image it annotates. */
    public void addReceivedAnnotation(PendingFile file, DicomSummary summary) {
        database.inTransaction(c -> {
            SopInstanceUid image = summary.referencedSopInstanceUid().orElse(summary.sopInstanceUid());
            insertAnnotation(c, image, summary.sopInstanceUid(), "RECEIVED", file.message().sender(), "[]",
                    file.file().toString());
            Inbox.markExtracted(c, file.id(), Optional.empty());
            return null;
        });
    }

    /** Records a report written here and marks its study reported. */
    public void addLocalReport(StudyUid studyUid, SopInstanceUid sop, String reader, String findings, String impression,
                               java.nio.file.Path file) {
        database.inTransaction(c -> {
            long study = Sql.findId(c, "SELECT id FROM study WHERE study_uid = ?", studyUid.value())
                    .orElseThrow(() -> new IllegalArgumentException("no study " + studyUid + " in the local database"));
            insertReport(c, study, sop, "LOCAL", reader, findings, impression, file.toString());
            Sql.update(c, "UPDATE study SET status = ?, reported_at = ? WHERE id = ?", StudyStatus.REPORTED, Instant.now(), study);
            return null;
        });
    }

    /** Records an annotation drawn here, with the shapes as the page drew them. */
    public void addLocalAnnotation(SopInstanceUid image, SopInstanceUid sop, String reader, String shapesJson,
                                   java.nio.file.Path file) {
        database.inTransaction(c -> {
            insertAnnotation(c, image, sop, "LOCAL", reader, shapesJson, file.toString());
            return null;
        });
    }

    /** Marks a study opened the first time it is; returns true only that first time. */
    public boolean markOpened(StudyUid studyUid) {
        return database.inTransaction(c -> Sql.update(c,
                "UPDATE study SET status = ?, opened_at = ? WHERE study_uid = ? AND status = ?",
                StudyStatus.OPENED, Instant.now(), studyUid.value(), StudyStatus.NEW) == 1);
    }

    private static long ensureStudy(Connection c, DicomSummary s, ArrivedMessage message, boolean countsImages)
            throws SQLException {
        long patient = Sql.findId(c, "SELECT id FROM patient WHERE patient_id = ?", s.patientId()).orElse(-1L);
        if (patient < 0) {
            patient = Sql.insert(c, "INSERT INTO patient (patient_id, patient_name) VALUES (?,?)", s.patientId(), s.patientName());
        }
        boolean stat = message.priority() == Priority.STAT;
        // The announced total counts the objects of this type in the study (images for an image study).
        Integer expected = countsImages && message.objectType() == ObjectType.IMAGE ? message.totalObjects() : null;
        Optional<Long> study = Sql.findId(c, "SELECT id FROM study WHERE study_uid = ?", s.studyInstanceUid().value());
        if (study.isPresent()) {
            Sql.update(c, "UPDATE study SET stat = stat OR ? WHERE id = ?", stat, study.get());
            if (expected != null) {
                Sql.update(c, "UPDATE study SET expected_objects = GREATEST(COALESCE(expected_objects, 0), ?) WHERE id = ?",
                        expected, study.get());
            }
            return study.get();
        }
        return Sql.insert(c, "INSERT INTO study (patient_fk, study_uid, accession_number, study_date, description, center,"
                        + " stat, status, expected_objects, arrived_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                patient, s.studyInstanceUid().value(), s.accessionNumber(), s.studyDate().orElse(null),
                s.studyDescription(), message.sender(), stat,
                message.priorFor().isPresent() ? StudyStatus.PRIOR : StudyStatus.NEW, expected, message.receivedAt());
    }

    private static void insertReport(Connection c, long study, SopInstanceUid sop, String origin, String reader,
                                     String findings, String impression, String path) throws SQLException {
        if (Sql.findId(c, "SELECT id FROM report WHERE sop_instance_uid = ?", sop.value()).isEmpty()) {
            Sql.insert(c, "INSERT INTO report (study_fk, sop_instance_uid, origin, reader, findings, impression, path,"
                    + " created_at) VALUES (?,?,?,?,?,?,?,?)", study, sop.value(), origin, reader, findings, impression,
                    path, Instant.now());
        }
    }

    private static void insertAnnotation(Connection c, SopInstanceUid image, SopInstanceUid sop, String origin,
                                         String reader, String shapes, String path) throws SQLException {
        if (Sql.findId(c, "SELECT id FROM annotation WHERE sop_instance_uid = ?", sop.value()).isEmpty()) {
            Sql.insert(c, "INSERT INTO annotation (image_sop_uid, sop_instance_uid, origin, reader, shapes_json, path,"
                    + " created_at) VALUES (?,?,?,?,?,?,?)", image.value(), sop.value(), origin, reader, shapes, path,
                    Instant.now());
        }
    }

    private static int parseInt(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
