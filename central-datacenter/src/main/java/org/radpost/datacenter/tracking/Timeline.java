package org.radpost.datacenter.tracking;

import java.util.List;
import org.hibernate.SessionFactory;

/** A study's history from the audit trail, found by study UID, accession number or patient ID. */
public final class Timeline {
    private final SessionFactory sessions;

    public Timeline(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** The study UIDs the key names: itself when it is a study UID, else the studies with that accession or patient ID. */
    public List<String> studiesFor(String key) {
        return sessions.fromSession(s -> s.createNativeQuery(
                        "SELECT DISTINCT st.study_uid FROM study st JOIN patient p ON p.id = st.patient_ref"
                                + " WHERE st.study_uid = :k OR st.accession_number = :k OR p.patient_id = :k"
                                + " UNION SELECT DISTINCT e.study_uid FROM status_event e WHERE e.study_uid = :k", String.class)
                .setParameter("k", key).getResultList());
    }

    public List<StatusEvent> of(String studyUid) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from StatusEvent where studyUid = :u order by at, id", StatusEvent.class)
                .setParameter("u", studyUid).getResultList());
    }
}
