package org.radpost.archiver.retention;

import java.time.LocalDate;
import java.util.List;
import org.hibernate.Session;

/**
 * A study's expiry as the index knows it: the latest expiry date of its live objects. A study with any object
 * no rule covers has no expiry and is never listed.
 */
record StudyExpiry(String centerCode, String studyUid, String patientId, String accessionNumber, LocalDate expiryDate,
                   int objectCount) {

    /** Live studies expiring on or before {@code horizon}, optionally of one center. */
    static List<StudyExpiry> dueBy(Session s, LocalDate horizon, String centerCode) {
        String hql = "select o.centerCode, o.studyInstanceUid, min(o.patientId), min(o.accessionNumber),"
                + " max(o.expiryDate), count(o), sum(case when o.expiryDate is null then 1 else 0 end)"
                + " from ArchivedObjectRow o where o.deleted = false"
                + (centerCode == null ? "" : " and o.centerCode = :center")
                + " group by o.centerCode, o.studyInstanceUid having max(o.expiryDate) <= :horizon"
                + " order by max(o.expiryDate), o.studyInstanceUid";
        var query = s.createQuery(hql, Object[].class).setParameter("horizon", horizon);
        if (centerCode != null) {
            query.setParameter("center", centerCode);
        }
        return query.getResultList().stream()
                .filter(r -> ((Number) r[6]).longValue() == 0)
                .map(r -> new StudyExpiry((String) r[0], (String) r[1], (String) r[2], (String) r[3], (LocalDate) r[4],
                        ((Number) r[5]).intValue()))
                .toList();
    }

    /** The same for one study; empty when it has no live objects or no expiry. */
    static java.util.Optional<StudyExpiry> of(Session s, String studyUid) {
        List<Object[]> rows = s.createQuery("select o.centerCode, min(o.patientId), min(o.accessionNumber),"
                        + " max(o.expiryDate), count(o), sum(case when o.expiryDate is null then 1 else 0 end)"
                        + " from ArchivedObjectRow o where o.deleted = false and o.studyInstanceUid = :study"
                        + " group by o.centerCode", Object[].class)
                .setParameter("study", studyUid).getResultList();
        if (rows.size() != 1 || ((Number) rows.get(0)[5]).longValue() > 0 || rows.get(0)[3] == null) {
            return java.util.Optional.empty();
        }
        Object[] r = rows.get(0);
        return java.util.Optional.of(new StudyExpiry((String) r[0], studyUid, (String) r[1], (String) r[2],
                (LocalDate) r[3], ((Number) r[4]).intValue()));
    }
}
