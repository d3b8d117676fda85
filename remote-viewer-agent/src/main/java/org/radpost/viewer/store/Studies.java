package org.radpost.viewer.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.radpost.wire.SeriesUid;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.StudyUid;

/** Reads studies for the page: the worklist, one study's series and images, its priors, reports and annotations. */
public final class Studies {
    /** The worklist's columns; the modalities are aggregated from the study's series. */
    static final String STUDY_SELECT = "SELECT s.study_uid, p.patient_id, p.patient_name, s.accession_number, s.study_date,"
            + " s.description, s.center, s.stat, s.status, s.expected_objects, s.arrived_at,"
            + " (SELECT COUNT(*) FROM image i JOIN series se ON se.id = i.series_fk WHERE se.study_fk = s.id) AS received,"
            + " (SELECT LISTAGG(DISTINCT se.modality, '/') FROM series se WHERE se.study_fk = s.id) AS modalities"
            + " FROM study s JOIN patient p ON p.id = s.patient_fk";

    private final LocalDatabase database;

    public Studies(LocalDatabase database) {
        this.database = database;
    }

    /** Studies matching a SQL condition on s (study) and p (patient), STAT first, then by arrival. */
    public List<StudyInfo> query(String where, Object... params) {
        return database.inTransaction(c -> {
            List<StudyInfo> result = new ArrayList<>();
            try (PreparedStatement s = Sql.prepare(c, STUDY_SELECT + " WHERE " + where
                    + " ORDER BY s.stat DESC, s.arrived_at, s.id", params); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(study(r));
                }
            }
            return result;
        });
    }

    public Optional<StudyInfo> find(StudyUid uid) {
        return query("s.study_uid = ?", uid.value()).stream().findFirst();
    }

    /** The patient's other studies (priors), newest study date first. */
    public List<StudyInfo> priors(StudyUid uid) {
        List<StudyInfo> priors = new ArrayList<>(query("s.patient_fk = (SELECT patient_fk FROM study WHERE study_uid = ?)"
                + " AND s.study_uid <> ?", uid.value(), uid.value()));
        priors.sort((a, b) -> b.studyDate().map(Object::toString).orElse("").compareTo(a.studyDate().map(Object::toString).orElse("")));
        return priors;
    }

    /** The study's series in series-number order, each with its images in instance order. */
    public List<SeriesInfo> series(StudyUid uid) {
        return database.inTransaction(c -> {
            Map<String, List<ImageInfo>> images = new LinkedHashMap<>();
            Map<String, String[]> series = new LinkedHashMap<>();
            try (PreparedStatement s = Sql.prepare(c, "SELECT se.series_uid, se.modality, se.series_number, se.description,"
                    + " i.sop_instance_uid, i.instance_number, i.frames, i.transfer_syntax, f.path FROM series se"
                    + " JOIN study st ON st.id = se.study_fk JOIN image i ON i.series_fk = se.id"
                    + " JOIN stored_file f ON f.id = i.file_fk WHERE st.study_uid = ?"
                    + " ORDER BY CAST(CASE WHEN se.series_number = '' THEN '0' ELSE se.series_number END AS INT),"
                    + " se.id, i.instance_number, i.id", uid.value());
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String key = r.getString(1);
                    series.putIfAbsent(key, new String[] {r.getString(2), r.getString(3), r.getString(4)});
                    images.computeIfAbsent(key, k -> new ArrayList<>()).add(new ImageInfo(uid,
                            SopInstanceUid.of(r.getString(5)), r.getString(2), r.getInt(6), r.getInt(7), r.getString(8),
                            Path.of(r.getString(9))));
                }
            }
            List<SeriesInfo> result = new ArrayList<>();
            series.forEach((key, f) -> result.add(new SeriesInfo(SeriesUid.of(key), f[0], f[1], f[2], images.get(key))));
            return result;
        });
    }

    public Optional<ImageInfo> image(SopInstanceUid sop) {
        return database.inTransaction(c -> {
            try (PreparedStatement s = Sql.prepare(c, "SELECT st.study_uid, se.modality, i.instance_number, i.frames,"
                    + " i.transfer_syntax, f.path FROM image i JOIN series se ON se.id = i.series_fk"
                    + " JOIN study st ON st.id = se.study_fk JOIN stored_file f ON f.id = i.file_fk"
                    + " WHERE i.sop_instance_uid = ?", sop.value()); ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new ImageInfo(StudyUid.of(r.getString(1)), sop, r.getString(2), r.getInt(3),
                        r.getInt(4), r.getString(5), Path.of(r.getString(6)))) : Optional.empty();
            }
        });
    }

    /** Reports of the study, oldest first. */
    public List<ReportInfo> reports(StudyUid uid) {
        return database.inTransaction(c -> {
            List<ReportInfo> result = new ArrayList<>();
            try (PreparedStatement s = Sql.prepare(c, "SELECT r.* FROM report r JOIN study st ON st.id = r.study_fk"
                    + " WHERE st.study_uid = ? ORDER BY r.created_at, r.id", uid.value()); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(new ReportInfo(SopInstanceUid.of(r.getString("sop_instance_uid")), uid,
                            "LOCAL".equals(r.getString("origin")), r.getString("reader"), r.getString("findings"),
                            r.getString("impression"), Sql.instant(r, "created_at"), Path.of(r.getString("path"))));
                }
            }
            return result;
        });
    }

    /** Annotations saved for the image, oldest first. */
    public List<AnnotationInfo> annotations(SopInstanceUid image) {
        return database.inTransaction(c -> annotations(c, image));
    }

    private static List<AnnotationInfo> annotations(Connection c, SopInstanceUid image) throws SQLException {
        List<AnnotationInfo> result = new ArrayList<>();
        try (PreparedStatement s = Sql.prepare(c, "SELECT * FROM annotation WHERE image_sop_uid = ? ORDER BY created_at, id",
                image.value()); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                result.add(new AnnotationInfo(SopInstanceUid.of(r.getString("sop_instance_uid")), image,
                        "LOCAL".equals(r.getString("origin")), r.getString("reader"), r.getString("shapes_json"),
                        Sql.instant(r, "created_at")));
            }
        }
        return result;
    }

    private static StudyInfo study(ResultSet r) throws SQLException {
        java.sql.Date date = r.getDate("study_date");
        int expected = r.getInt("expected_objects");
        OptionalInt expectedOpt = r.wasNull() ? OptionalInt.empty() : OptionalInt.of(expected);
        return new StudyInfo(StudyUid.of(r.getString("study_uid")), r.getString("patient_id"), r.getString("patient_name"),
                r.getString("accession_number"), Optional.ofNullable(date).map(java.sql.Date::toLocalDate),
                r.getString("description"), Optional.ofNullable(r.getString("modalities")).orElse(""), r.getString("center"),
                r.getBoolean("stat"), StudyStatus.valueOf(r.getString("status")), r.getInt("received"), expectedOpt,
                Sql.instant(r, "arrived_at"));
    }
}
