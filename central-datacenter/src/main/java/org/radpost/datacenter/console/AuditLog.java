package org.radpost.datacenter.console;

import java.time.Clock;
import java.util.List;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes and reads the audit of console and CLI actions (table console_audit); also logs each at INFO. */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private final SessionFactory sessions;
    private final Clock clock;

    public AuditLog(SessionFactory sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    public void record(String actor, String action, String target, String before, String after, String remoteAddress) {
        sessions.inTransaction(s -> s.persist(new AuditEntry(clock.instant(), actor, action, target, before, after, remoteAddress)));
        LOG.info("audit: {} {} {} (before: {}; after: {}) from {}", actor, action, target, before, after,
                remoteAddress == null ? "the CLI" : remoteAddress);
    }

    /** The newest entries first. */
    public List<AuditEntry> latest(int limit) {
        return sessions.fromSession(s -> s.createSelectionQuery("from AuditEntry order by id desc", AuditEntry.class)
                .setMaxResults(limit).getResultList());
    }
}
