package org.radpost.viewer.store;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.radpost.wire.SeriesUid;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/** Reads studies for the page: the worklist, one study's series and images, its priors, reports and annotations. */
public final class Studies {
    /** The worklist's columns; the modalities are aggregated from the study's series. */
    private static final String STUDY_SELECT = "SELECT s.study_uid, p.patient_id, p.patient_name, s.accession_number,"
            + " s.study_date, s.description, s.center, s.stat, s.status, s.expected_objects, s.arrived_at,"
            + " (SELECT COUNT(*) FROM image i JOIN series se ON se.id = i.series_fk WHERE se.study_fk = s.id) AS received,"
            + " (SELECT LISTAGG(DISTINCT se.modality, '/') FROM series se WHERE se.study_fk = s.id) AS modalities"
            + " FROM study s JOIN patient p ON p.id = s.patient_fk";
    private static final String ORDER = " ORDER BY s.stat DESC, s.arrived_at, s.id";

    private final LocalDatabase database;

    public Studies(LocalDatabase database) {
        this.database = database;
    }

    /** Studies matching the query, STAT first, then by arrival. */
    public List<StudyInfo> list(StudyQuery query) {
        List<String> conditions = new ArrayList<>();
        if (!query.text().isEmpty()) {
            conditions.add("(LOWER(p.patient_name) LIKE :name OR LOWER(p.patient_id) LIKE :text"
                    + " OR LOWER(s.accession_number) LIKE :text)");
        }
        if (!query.includePriors()) {
            conditions.add("s.status <> 'PRIOR'");
        }
        if (!query.modality().isEmpty()) {
            conditions.add("EXISTS (SELECT 1 FROM series se WHERE se.study_fk = s.id AND UPPER(se.modality) = :modality)");
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return database.inTransaction(h -> {
            Query q = h.createQuery(STUDY_SELECT + where + ORDER);
            if (!query.text().isEmpty()) {
                String text = query.text().toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_");
                // Names are stored in DICOM form (DOE^JANE): match "doe jane" and "doe^jane" alike.
                q.bind("name", "%" + text.replace(' ', '^').replace(",", "^") + "%").bind("text", "%" + text + "%");
            }
            if (!query.modality().isEmpty()) {
                q.bind("modality", query.modality());
            }
            return q.map((r, ctx) -> study(r)).list();
        });
    }

    public Optional<StudyInfo> find(StudyUid uid) {
        return database.inTransaction(h -> h.createQuery(STUDY_SELECT + " WHERE s.study_uid = :uid")
                .bind("uid", uid.value()).map((r, ctx) -> study(r)).findOne());
    }

    /**
     * The patient's earlier studies (priors), newest first: earlier by study date, or on the same date earlier by
     * study time, or sent by the data center as a prior for this study. Other studies of the same date without both
     * times, or without a date, cannot be ordered and are not priors.
     */
    public List<StudyInfo> priors(StudyUid uid) {
        return database.inTransaction(h -> h.createQuery(STUDY_SELECT + " JOIN study c ON c.study_uid = :uid"
                        + " WHERE s.patient_fk = c.patient_fk AND s.id <> c.id"
                        + " AND (s.study_date < c.study_date OR (s.study_date = c.study_date AND s.study_time < c.study_time)"
                        + " OR EXISTS (SELECT 1 FROM arrived_message m WHERE m.study_uid = s.study_uid"
                        + " AND m.prior_for = c.study_uid))"
                        + " ORDER BY s.study_date DESC, s.study_time DESC, s.id DESC")
                .bind("uid", uid.value()).map((r, ctx) -> study(r)).list());
    }

    /** The study's series in series-number order, each with its images in instance order. */
    public List<SeriesInfo> series(StudyUid uid) {
        return database.inTransaction(h -> {
            Map<String, List<ImageInfo>> images = new LinkedHashMap<>();
            Map<String, String[]> series = new LinkedHashMap<>();
            h.createQuery("SELECT se.series_uid, se.modality, se.series_number, se.description,"
                            + " i.sop_instance_uid, i.instance_number, i.frames, i.transfer_syntax, f.path FROM series se"
                            + " JOIN study st ON st.id = se.study_fk JOIN image i ON i.series_fk = se.id"
                            + " JOIN stored_file f ON f.id = i.file_fk WHERE st.study_uid = :uid"
                            + " ORDER BY CAST(CASE WHEN se.series_number = '' THEN '0' ELSE se.series_number END AS INT),"
                            + " se.id, i.instance_number, i.id")
                    .bind("uid", uid.value())
                    .map((r, ctx) -> {
                        String key = r.getString("series_uid");
                        series.putIfAbsent(key, new String[] {r.getString("modality"), r.getString("series_number"),
                                r.getString("description")});
                        return Map.entry(key, new ImageInfo(uid, SopInstanceUid.of(r.getString("sop_instance_uid")),
                                r.getString("modality"), r.getInt("instance_number"), r.getInt("frames"),
                                r.getString("transfer_syntax"), Path.of(r.getString("path"))));
                    })
                    .forEach(e -> images.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            List<SeriesInfo> result = new ArrayList<>();
            series.forEach((key, f) -> result.add(new SeriesInfo(SeriesUid.of(key), f[0], f[1], f[2], images.get(key))));
            return result;
        });
    }

    public Optional<ImageInfo> image(SopInstanceUid sop) {
        return database.inTransaction(h -> h.createQuery("SELECT st.study_uid, se.modality, i.instance_number, i.frames,"
                        + " i.transfer_syntax, f.path FROM image i JOIN series se ON se.id = i.series_fk"
                        + " JOIN study st ON st.id = se.study_fk JOIN stored_file f ON f.id = i.file_fk"
                        + " WHERE i.sop_instance_uid = :sop")
                .bind("sop", sop.value())
                .map((r, ctx) -> new ImageInfo(StudyUid.of(r.getString("study_uid")), sop, r.getString("modality"),
                        r.getInt("instance_number"), r.getInt("frames"), r.getString("transfer_syntax"),
                        Path.of(r.getString("path"))))
                .findOne());
    }

    /** Reports of the study, oldest first. */
    public List<ReportInfo> reports(StudyUid uid) {
        return database.inTransaction(h -> h.createQuery("SELECT r.* FROM report r JOIN study st ON st.id = r.study_fk"
                        + " WHERE st.study_uid = :uid ORDER BY r.created_at, r.id")
                .bind("uid", uid.value())
                .map((r, ctx) -> new ReportInfo(SopInstanceUid.of(r.getString("sop_instance_uid")), uid,
                        "LOCAL".equals(r.getString("origin")), r.getString("reader"), r.getString("findings"),
                        r.getString("impression"), Columns.instant(r, "created_at"), Path.of(r.getString("path"))))
                .list());
    }

    /** Annotations saved for the image, oldest first. */
    public List<AnnotationInfo> annotations(SopInstanceUid image) {
        return database.inTransaction(h -> annotations(h, image));
    }

    private static List<AnnotationInfo> annotations(Handle h, SopInstanceUid image) {
        return h.createQuery("SELECT * FROM annotation WHERE image_sop_uid = :image ORDER BY created_at, id")
                .bind("image", image.value())
                .map((r, ctx) -> new AnnotationInfo(SopInstanceUid.of(r.getString("sop_instance_uid")), image,
                        "LOCAL".equals(r.getString("origin")), r.getString("reader"), r.getString("shapes_json"),
                        Columns.instant(r, "created_at")))
                .list();
    }

    private static StudyInfo study(ResultSet r) throws SQLException {
        java.sql.Date date = r.getDate("study_date");
        int expected = r.getInt("expected_objects");
        OptionalInt expectedOpt = r.wasNull() ? OptionalInt.empty() : OptionalInt.of(expected);
        return new StudyInfo(StudyUid.of(r.getString("study_uid")), r.getString("patient_id"), r.getString("patient_name"),
                r.getString("accession_number"), Optional.ofNullable(date).map(java.sql.Date::toLocalDate),
                r.getString("description"), Optional.ofNullable(r.getString("modalities")).orElse(""), r.getString("center"),
                r.getBoolean("stat"), StudyStatus.valueOf(r.getString("status")), r.getInt("received"), expectedOpt,
                Columns.instant(r, "arrived_at"));
    }
}
