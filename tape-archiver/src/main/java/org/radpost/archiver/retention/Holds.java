package org.radpost.archiver.retention;

import java.time.Clock;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.radpost.archiver.index.AuditAction;
import org.radpost.archiver.index.AuditEntry;
import org.radpost.archiver.index.AuditLog;
import org.radpost.wire.StudyUid;

/** Holds on studies: a held study is never expired, whatever its date and its center's policy. */
public final class Holds {
    private final SessionFactory sessions;
    private final Clock clock;
    private final AuditLog audit;

    public Holds(SessionFactory sessions, Clock clock, AuditLog audit) {
        this.sessions = sessions;
        this.clock = clock;
        this.audit = audit;
    }

    /** Places a hold; a study may be held before it is archived (a legal hold on what is still to come). */
    public Hold hold(StudyUid study, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a hold on study " + study + " needs a reason");
        }
        return sessions.fromTransaction(s -> {
            HoldRow row = new HoldRow(study.value(), reason.strip(), actor, clock.instant());
            s.persist(row);
            audit.record(s, actor, AuditEntry.ofStudy(AuditAction.HOLD, null, study.value(), "hold: " + reason.strip()));
            return row.toHold();
        });
    }

    /** Releases every active hold on the study; returns how many there were. */
    public int release(StudyUid study, String actor) {
        return sessions.fromTransaction(s -> {
            List<HoldRow> active = active(s, study.value());
            active.forEach(h -> h.release(actor, clock.instant()));
            if (!active.isEmpty()) {
                audit.record(s, actor, AuditEntry.ofStudy(AuditAction.RELEASE, null, study.value(),
                        "released " + active.size() + " hold(s)"));
            }
            return active.size();
        });
    }

    public List<Hold> list(boolean activeOnly) {
        return sessions.fromTransaction(s -> s.createQuery("from HoldRow" + (activeOnly ? " where releasedAt is null" : "")
                + " order by heldAt", HoldRow.class).getResultList().stream().map(HoldRow::toHold).toList());
    }

    static boolean isHeld(Session s, String studyUid) {
        return !active(s, studyUid).isEmpty();
    }

    private static List<HoldRow> active(Session s, String studyUid) {
        return s.createQuery("from HoldRow where studyInstanceUid = :study and releasedAt is null", HoldRow.class)
                .setParameter("study", studyUid).getResultList();
    }
}
