package org.radpost.datacenter.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.radpost.datacenter.console.AuditEntry;
import org.radpost.datacenter.tracking.StatusEvent;
import org.radpost.datacenter.tracking.TrackingState;

/** Reads the access audit trail from what the data center records anyway: study events and the admin audit. */
public final class AccessTrail {
    private static final Map<TrackingState, AccessRecord.Kind> ACCESS = Map.of(TrackingState.DELIVERED, AccessRecord.Kind.RECEIVED,
            TrackingState.VIEWED, AccessRecord.Kind.OPENED, TrackingState.ANNOTATED, AccessRecord.Kind.ANNOTATED,
            TrackingState.REPORTED, AccessRecord.Kind.REPORTED);

    private final SessionFactory sessions;

    public AccessTrail(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Every access and admin action at or after {@code since}, oldest first. */
    public List<AccessRecord> since(Instant since) {
        return sessions.fromSession(s -> {
            List<AccessRecord> records = new ArrayList<>();
            s.createSelectionQuery("from StatusEvent where at >= :t and state in :states order by at, id", StatusEvent.class)
                    .setParameter("t", since).setParameterList("states", ACCESS.keySet()).getResultList()
                    .forEach(e -> records.add(new AccessRecord(e.at(), e.actor(), ACCESS.get(e.state()), e.studyUid(), e.detail(), null)));
            s.createSelectionQuery("from AuditEntry where at >= :t order by at, id", AuditEntry.class)
                    .setParameter("t", since).getResultList()
                    .forEach(a -> records.add(new AccessRecord(a.at(), a.actor(), AccessRecord.Kind.ADMIN, a.target(),
                            a.action() + (a.after() == null ? "" : ": " + a.after()), a.remoteAddress())));
            records.sort(Comparator.comparing(AccessRecord::at));
            return records;
        });
    }
}
