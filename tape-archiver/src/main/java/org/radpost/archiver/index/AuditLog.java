package org.radpost.archiver.index;

import java.time.Clock;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/** Writes audit rows inside the caller's transaction, so a step and its audit row commit together. */
public final class AuditLog {
    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    public void record(Session session, String actor, AuditEntry entry) {
        session.persist(new AuditRow(clock.instant(), actor, entry));
    }

    /** Every audit row about one study, oldest first. */
    public static List<AuditEvent> forStudy(SessionFactory sessions, String studyUid) {
        return sessions.fromTransaction(s -> s.createQuery(
                        "from AuditRow where studyInstanceUid = :study order by id", AuditRow.class)
                .setParameter("study", studyUid).getResultList().stream().map(AuditRow::toEvent).toList());
    }

    /** The newest audit rows, newest first. */
    public static List<AuditEvent> latest(SessionFactory sessions, int limit) {
        return sessions.fromTransaction(s -> s.createQuery("from AuditRow order by id desc", AuditRow.class)
                .setMaxResults(limit).getResultList().stream().map(AuditRow::toEvent).toList());
    }
}
