package org.radpost.viewer.store;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
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
    public void addImage(PendingFile file, DicomSummary summary, Optional<LocalTime> studyTime) {
        database.useTransaction(h -> {
            long study = ensureStudy(h, summary, studyTime, file.message(), true);
            long series = h.createQuery("SELECT id FROM series WHERE series_uid = :uid")
                    .bind("uid", summary.seriesInstanceUid().value()).mapTo(Long.class).findOne()
                    .orElseGet(() -> h.createUpdate("INSERT INTO series (study_fk, series_uid, modality, series_number,"
                                    + " description) VALUES (:study, :uid, :modality, :number, :description)")
                            .bind("study", study)
                            .bind("uid", summary.seriesInstanceUid().value())
                            .bind("modality", summary.modality())
                            .bind("number", summary.seriesNumber())
                            .bind("description", summary.seriesDescription())
                            .executeAndReturnGeneratedKeys().mapTo(Long.class).one());
            boolean known = h.createQuery("SELECT id FROM image WHERE sop_instance_uid = :sop")
                    .bind("sop", summary.sopInstanceUid().value()).mapTo(Long.class).findOne().isPresent();
            if (!known) {
                h.createUpdate("INSERT INTO image (series_fk, file_fk, sop_instance_uid, sop_class_uid, transfer_syntax,"
                                + " instance_number, frames) VALUES (:series, :file, :sop, :sopClass, :ts, :instance, :frames)")
                        .bind("series", series)
                        .bind("file", file.id())
                        .bind("sop", summary.sopInstanceUid().value())
                        .bind("sopClass", summary.sopClassUid())
                        .bind("ts", summary.transferSyntaxUid())
                        .bind("instance", parseInt(summary.instanceNumber()))
                        .bind("frames", Math.max(1, summary.numberOfFrames()))
                        .execute();
            }
            Inbox.markExtracted(h, file.id(), Optional.empty());
        });
    }

    /** Indexes a report that arrived (for this study or a prior of the same patient). */
    public void addReceivedReport(PendingFile file, DicomSummary summary, Optional<LocalTime> studyTime, String text) {
        database.useTransaction(h -> {
            long study = ensureStudy(h, summary, studyTime, file.message(), false);
            insertReport(h, study, summary.sopInstanceUid(), "RECEIVED", file.message().sender(), text, "", file.file());
            Inbox.markExtracted(h, file.id(), Optional.empty());
        });
    }

    /** Indexes an overlay that arrived; it is kept with the image it annotates. */
    public void addReceivedAnnotation(PendingFile file, DicomSummary summary) {
        database.useTransaction(h -> {
            SopInstanceUid image = summary.referencedSopInstanceUid().orElse(summary.sopInstanceUid());
            insertAnnotation(h, image, summary.sopInstanceUid(), "RECEIVED", file.message().sender(), "[]", file.file());
            Inbox.markExtracted(h, file.id(), Optional.empty());
        });
    }

    /** Records a report written here and marks its study reported. */
    public void addLocalReport(StudyUid studyUid, SopInstanceUid sop, String reader, String findings, String impression,
                               Path file) {
        database.useTransaction(h -> {
            long study = studyRow(h, studyUid)
                    .orElseThrow(() -> new IllegalArgumentException("no study " + studyUid + " in the local database"));
            insertReport(h, study, sop, "LOCAL", reader, findings, impression, file);
            h.createUpdate("UPDATE study SET status = :status, reported_at = :at WHERE id = :id")
                    .bind("status", StudyStatus.REPORTED).bind("at", Instant.now()).bind("id", study).execute();
        });
    }

    /** Records an annotation drawn here, with the shapes as the page drew them. */
    public void addLocalAnnotation(SopInstanceUid image, SopInstanceUid sop, String reader, String shapesJson, Path file) {
        database.useTransaction(h -> insertAnnotation(h, image, sop, "LOCAL", reader, shapesJson, file));
    }

    /** Marks a study opened the first time it is; returns true only that first time. */
    public boolean markOpened(StudyUid studyUid) {
        return database.inTransaction(h -> h.createUpdate("UPDATE study SET status = :opened, opened_at = :at"
                        + " WHERE study_uid = :uid AND status = :new")
                .bind("opened", StudyStatus.OPENED).bind("at", Instant.now()).bind("uid", studyUid.value())
                .bind("new", StudyStatus.NEW)
                .execute() == 1);
    }

    static Optional<Long> studyRow(Handle h, StudyUid uid) {
        return h.createQuery("SELECT id FROM study WHERE study_uid = :uid").bind("uid", uid.value()).mapTo(Long.class).findOne();
    }

    private static long ensureStudy(Handle h, DicomSummary s, Optional<LocalTime> studyTime, ArrivedMessage message,
                                    boolean countsImages) {
        long patient = h.createQuery("SELECT id FROM patient WHERE patient_id = :id").bind("id", s.patientId())
                .mapTo(Long.class).findOne()
                .orElseGet(() -> h.createUpdate("INSERT INTO patient (patient_id, patient_name) VALUES (:id, :name)")
                        .bind("id", s.patientId()).bind("name", s.patientName())
                        .executeAndReturnGeneratedKeys().mapTo(Long.class).one());
        boolean stat = message.priority() == Priority.STAT;
        // The announced total counts the objects of this type in the study (images for an image study).
        Integer expected = countsImages && message.objectType() == ObjectType.IMAGE ? message.totalObjects() : null;
        Optional<Long> study = studyRow(h, s.studyInstanceUid());
        if (study.isPresent()) {
            h.createUpdate("UPDATE study SET stat = stat OR :stat, study_time = COALESCE(study_time, :time) WHERE id = :id")
                    .bind("stat", stat).bind("time", studyTime.orElse(null)).bind("id", study.get())
                    .execute();
            if (expected != null) {
                h.createUpdate("UPDATE study SET expected_objects = GREATEST(COALESCE(expected_objects, 0), :expected)"
                        + " WHERE id = :id").bind("expected", expected).bind("id", study.get()).execute();
            }
            return study.get();
        }
        return h.createUpdate("INSERT INTO study (patient_fk, study_uid, accession_number, study_date, study_time,"
                        + " description, center, stat, status, expected_objects, arrived_at) VALUES (:patient, :uid,"
                        + " :accession, :date, :time, :description, :center, :stat, :status, :expected, :at)")
                .bind("patient", patient)
                .bind("uid", s.studyInstanceUid().value())
                .bind("accession", s.accessionNumber())
                .bind("date", s.studyDate().orElse(null))
                .bind("time", studyTime.orElse(null))
                .bind("description", s.studyDescription())
                .bind("center", message.sender())
                .bind("stat", stat)
                .bind("status", message.priorFor().isPresent() ? StudyStatus.PRIOR : StudyStatus.NEW)
                .bind("expected", expected)
                .bind("at", message.receivedAt())
                .executeAndReturnGeneratedKeys().mapTo(Long.class).one();
    }

    private static void insertReport(Handle h, long study, SopInstanceUid sop, String origin, String reader,
                                     String findings, String impression, Path path) {
        boolean known = h.createQuery("SELECT id FROM report WHERE sop_instance_uid = :sop").bind("sop", sop.value())
                .mapTo(Long.class).findOne().isPresent();
        if (!known) {
            h.createUpdate("INSERT INTO report (study_fk, sop_instance_uid, origin, reader, findings, impression, path,"
                            + " created_at) VALUES (:study, :sop, :origin, :reader, :findings, :impression, :path, :at)")
                    .bind("study", study).bind("sop", sop.value()).bind("origin", origin).bind("reader", reader)
                    .bind("findings", findings).bind("impression", impression).bind("path", path.toString())
                    .bind("at", Instant.now())
                    .execute();
        }
    }

    private static void insertAnnotation(Handle h, SopInstanceUid image, SopInstanceUid sop, String origin,
                                         String reader, String shapes, Path path) {
        boolean known = h.createQuery("SELECT id FROM annotation WHERE sop_instance_uid = :sop").bind("sop", sop.value())
                .mapTo(Long.class).findOne().isPresent();
        if (!known) {
            h.createUpdate("INSERT INTO annotation (image_sop_uid, sop_instance_uid, origin, reader, shapes_json, path,"
                            + " created_at) VALUES (:image, :sop, :origin, :reader, :shapes, :path, :at)")
                    .bind("image", image.value()).bind("sop", sop.value()).bind("origin", origin).bind("reader", reader)
                    .bind("shapes", shapes).bind("path", path.toString()).bind("at", Instant.now())
                    .execute();
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
