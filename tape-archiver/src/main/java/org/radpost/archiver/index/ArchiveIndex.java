package org.radpost.archiver.index;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/** The index's queries over archived objects; "live" rows are those not expired or replaced. */
public final class ArchiveIndex {
    private ArchiveIndex() {}

    public static Optional<ArchivedObjectRow> live(Session s, String sopInstanceUid) {
        return s.createQuery("from ArchivedObjectRow where sopInstanceUid = :sop and deleted = false order by id desc",
                        ArchivedObjectRow.class)
                .setParameter("sop", sopInstanceUid).setMaxResults(1).uniqueResultOptional();
    }

    public static List<ArchivedObjectRow> liveWhere(Session s, String field, String value) {
        // field is one of our own attribute names, never user input.
        return s.createQuery("from ArchivedObjectRow where " + field + " = :v and deleted = false"
                        + " order by studyInstanceUid, archivedAt, id", ArchivedObjectRow.class)
                .setParameter("v", value).getResultList();
    }

    /** The live row of each of the objects that has one, by SOP Instance UID (one query for a whole batch). */
    public static Map<String, ArchivedObjectRow> liveOf(Session s, Collection<String> sopInstanceUids) {
        Map<String, ArchivedObjectRow> live = new HashMap<>();
        if (!sopInstanceUids.isEmpty()) {
            // In id order, so the newest live row wins, as in live().
            s.createQuery("from ArchivedObjectRow where sopInstanceUid in (:sops) and deleted = false order by id",
                            ArchivedObjectRow.class)
                    .setParameterList("sops", sopInstanceUids).getResultList()
                    .forEach(row -> live.put(row.sopInstanceUid(), row));
        }
        return live;
    }

    /** {@link #versionCount} of each of the objects that has any version, by SOP Instance UID. */
    public static Map<String, Integer> versionCounts(Session s, Collection<String> sopInstanceUids) {
        Map<String, Integer> counts = new HashMap<>();
        if (!sopInstanceUids.isEmpty()) {
            s.createQuery("select sopInstanceUid, count(*) from ArchivedObjectRow where sopInstanceUid in (:sops)"
                            + " group by sopInstanceUid", Object[].class)
                    .setParameterList("sops", sopInstanceUids).getResultList()
                    .forEach(r -> counts.put((String) r[0], ((Number) r[1]).intValue()));
        }
        return counts;
    }

    /** How many versions of the object the archive holds or held (superseded and expired ones included). */
    public static int versionCount(Session s, String sopInstanceUid) {
        return s.createQuery("select count(*) from ArchivedObjectRow where sopInstanceUid = :sop", Long.class)
                .setParameter("sop", sopInstanceUid).getSingleResult().intValue();
    }

    /** The superseded (replaced, still kept) versions of a study's objects. */
    public static List<ArchivedObjectRow> supersededOfStudy(Session s, String studyUid) {
        return s.createQuery("from ArchivedObjectRow where studyInstanceUid = :v and removal = :superseded", ArchivedObjectRow.class)
                .setParameter("v", studyUid).setParameter("superseded", ArchivedObjectRow.Removal.SUPERSEDED).getResultList();
    }

    /** Every entry of a volume, live or not, in file order. */
    public static List<ArchivedObjectRow> entriesOf(Session s, long volumeId) {
        return s.createQuery("from ArchivedObjectRow where volumeId = :v order by entryOffset", ArchivedObjectRow.class)
                .setParameter("v", volumeId).getResultList();
    }

    public static List<ArchivedObjectRow> liveOfStudies(Session s, Collection<String> studyUids) {
        if (studyUids.isEmpty()) {
            return List.of();
        }
        return s.createQuery("from ArchivedObjectRow where studyInstanceUid in (:studies) and deleted = false"
                        + " order by studyInstanceUid, archivedAt, id", ArchivedObjectRow.class)
                .setParameterList("studies", studyUids).getResultList();
    }
}
