package org.radpost.datacenter.tracking;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.SessionFactory;

/** Finds studies by what an operator knows of them: patient, accession, study UID, center, viewer, modality, state, dates. */
public final class StudySearch {
    /** At most this many rows per search: a narrower search beats paging through thousands. */
    public static final int LIMIT = 200;

    private final SessionFactory sessions;

    public StudySearch(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * What to look for; blank fields match everything.
     *
     * @param patient part of the patient's name or the exact patient ID
     * @param viewer the destination viewer's code or address
     * @param from first arrival on or after this day (UTC)
     * @param to first arrival on or before this day (UTC)
     */
    public record Criteria(String patient, String accession, String studyUid, String center, String viewer, String modality,
                           String state, LocalDate from, LocalDate to) {
        public static Criteria any() {
            return new Criteria(null, null, null, null, null, null, null, null, null);
        }
    }

    /** One study as the search lists it, with its current state (its latest study-level event). */
    public record Row(String studyUid, String patientName, String patientId, String accessionNumber, String modality,
                      String centerCode, String destination, String priority, String currentState, Instant firstReceivedAt,
                      Instant lastEventAt, int receivedObjects, int expectedObjects) {}

    public List<Row> find(Criteria c) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object[]> params = new ArrayList<>();
        if (present(c.patient())) {
            where.append(" AND (UPPER(p.patient_name) LIKE :pn OR p.patient_id = :pid)");
            params.add(new Object[] {"pn", "%" + c.patient().trim().toUpperCase() + "%"});
            params.add(new Object[] {"pid", c.patient().trim()});
        }
        equal(where, params, "st.accession_number", "acc", c.accession());
        equal(where, params, "st.study_uid", "uid", c.studyUid());
        if (present(c.center())) {
            where.append(" AND (c.code = :center OR c.address = :centerAddr)");
            params.add(new Object[] {"center", c.center().trim()});
            params.add(new Object[] {"centerAddr", c.center().trim().toLowerCase()});
        }
        if (present(c.viewer())) {
            where.append(" AND (st.destination = :viewer OR st.destination = (SELECT v.address FROM viewer v WHERE v.code = :viewerCode))");
            params.add(new Object[] {"viewer", c.viewer().trim().toLowerCase()});
            params.add(new Object[] {"viewerCode", c.viewer().trim()});
        }
        if (present(c.modality())) {
            where.append(" AND st.modality = :mod");
            params.add(new Object[] {"mod", c.modality().trim().toUpperCase()});
        }
        if (c.from() != null) {
            where.append(" AND st.first_received_at >= :from");
            params.add(new Object[] {"from", c.from().atStartOfDay().toInstant(ZoneOffset.UTC)});
        }
        if (c.to() != null) {
            where.append(" AND st.first_received_at < :to");
            params.add(new Object[] {"to", c.to().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)});
        }
        String inner = "SELECT st.study_uid, p.patient_name, p.patient_id, st.accession_number, st.modality, c.code,"
                + " st.destination, st.priority,"
                + " (SELECT e.state FROM status_event e WHERE e.study_uid = st.study_uid ORDER BY e.at DESC, e.id DESC LIMIT 1) AS current_state,"
                + " st.first_received_at,"
                + " (SELECT MAX(e.at) FROM status_event e WHERE e.study_uid = st.study_uid) AS last_event_at,"
                + " st.received_objects, st.expected_objects"
                + " FROM study st JOIN patient p ON p.id = st.patient_ref JOIN center c ON c.id = st.center_id" + where;
        String sql = "SELECT * FROM (" + inner + ") x" + (present(c.state()) ? " WHERE x.current_state = :state" : "")
                + " ORDER BY x.first_received_at DESC LIMIT " + LIMIT;
        return sessions.fromSession(s -> {
            var query = s.createNativeQuery(sql, Object[].class);
            params.forEach(p -> query.setParameter((String) p[0], p[1]));
            if (present(c.state())) {
                query.setParameter("state", c.state().trim().toUpperCase());
            }
            return query.getResultList().stream().map(StudySearch::row).toList();
        });
    }

    private static Row row(Object[] r) {
        return new Row((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5], (String) r[6],
                (String) r[7], r[8] == null ? "" : r[8].toString(), instant(r[9]), instant(r[10]),
                ((Number) r[11]).intValue(), ((Number) r[12]).intValue());
    }

    /** A time read by a native query, in the zone Hibernate wrote it in (the JVM's). */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.LocalDateTime t) {
            return t.atZone(java.time.ZoneId.systemDefault()).toInstant();
        }
        if (value instanceof java.time.OffsetDateTime t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected time value " + value.getClass());
    }

    private static void equal(StringBuilder where, List<Object[]> params, String column, String name, String value) {
        if (present(value)) {
            where.append(" AND ").append(column).append(" = :").append(name);
            params.add(new Object[] {name, value.trim()});
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
