package org.radpost.archiver.retention;

import java.time.Clock;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.radpost.archiver.index.AuditAction;
import org.radpost.archiver.index.AuditEntry;
import org.radpost.archiver.index.AuditLog;

/** Each center's expiry policy; a center without a row deletes at expiry. */
public final class CenterPolicies {
    private final SessionFactory sessions;
    private final Clock clock;
    private final AuditLog audit;

    public CenterPolicies(SessionFactory sessions, Clock clock, AuditLog audit) {
        this.sessions = sessions;
        this.clock = clock;
        this.audit = audit;
    }

    public void set(CenterRetention retention, String actor) {
        sessions.inTransaction(s -> {
            CenterPolicyRow row = row(s, retention.centerCode());
            if (row == null) {
                row = new CenterPolicyRow(retention.centerCode());
                row.update(retention, clock.instant(), actor);
                s.persist(row);
            } else {
                row.update(retention, clock.instant(), actor);
            }
            audit.record(s, actor, new AuditEntry(AuditAction.POLICY, retention.centerCode(), null, null, null,
                    "policy " + retention.policy() + (retention.policy() == CenterPolicy.NOTIFY_THEN_CONFIRM
                            ? ", notice " + retention.noticeDays() + " days before expiry" : "")));
        });
    }

    public List<CenterRetention> list() {
        return sessions.fromTransaction(s -> s.createQuery("from CenterPolicyRow order by centerCode",
                CenterPolicyRow.class).getResultList().stream().map(CenterPolicyRow::toRetention).toList());
    }

    static CenterRetention of(Session s, String centerCode) {
        CenterPolicyRow row = row(s, centerCode);
        return row == null ? CenterRetention.defaultFor(centerCode) : row.toRetention();
    }

    static List<CenterRetention> notifying(Session s) {
        return s.createQuery("from CenterPolicyRow where policy = :p", CenterPolicyRow.class)
                .setParameter("p", CenterPolicy.NOTIFY_THEN_CONFIRM).getResultList().stream()
                .map(CenterPolicyRow::toRetention).toList();
    }

    private static CenterPolicyRow row(Session s, String centerCode) {
        return s.createQuery("from CenterPolicyRow where centerCode = :c", CenterPolicyRow.class)
                .setParameter("c", centerCode).uniqueResult();
    }
}
