package org.radpost.datacenter.spool;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.SessionFactory;
import org.radpost.datacenter.Recorder;
import org.radpost.datacenter.deliver.Delivery;
import org.radpost.datacenter.index.Instance;
import org.radpost.datacenter.tracking.TrackingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spool retention: removes a message's spooled {@code .eml} and its object files once every delivery of it has
 * been fetched and every object is in the lifetime archive, and the later of the two is older than the keep
 * period. Quarantined, failed, undelivered or unarchived messages keep their files. Each removal is an event.
 */
public final class SpoolRetention {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolRetention.class);
    private static final String ACTOR = "datacenter:spool-retention";

    private final SessionFactory sessions;
    private final Recorder recorder;
    private final Clock clock;
    private final Duration keep;

    public SpoolRetention(SessionFactory sessions, Recorder recorder, Clock clock, Duration keep) {
        if (keep.isNegative()) {
            throw new IllegalArgumentException("datacenter.spool-keep cannot be negative, got " + keep);
        }
        this.sessions = sessions;
        this.recorder = recorder;
        this.clock = clock;
        this.keep = keep;
    }

    /** Removes what is due; returns the Message-IDs whose files went. A crash midway leaves the rest for the next run. */
    public List<String> run() {
        Instant now = clock.instant();
        List<Long> due = sessions.fromSession(s -> s.createSelectionQuery("select m.id from ReceivedMessage m"
                        + " where m.state = :done and m.spoolRemovedAt is null"
                        + " and exists (select 1 from Delivery d where d.messageRef = m.id and d.kind in (:kinds))"
                        + " and not exists (select 1 from Delivery d where d.messageRef = m.id and d.kind in (:kinds)"
                        + "   and (d.state <> :delivered or d.deliveredAt > :cutoff))"
                        + " and not exists (select 1 from Instance i where i.messageId = m.messageId"
                        + "   and (i.archivedAt is null or i.archivedAt > :cutoff))"
                        + " and not exists (select 1 from QuarantineEntry q where q.messageRef = m.id and q.releasedAt is null)"
                        + " order by m.id", Long.class)
                .setParameter("done", MessageState.DONE)
                .setParameterList("kinds", List.of(Delivery.Kind.STUDY, Delivery.Kind.RESULT))
                .setParameter("delivered", Delivery.State.DELIVERED)
                .setParameter("cutoff", now.minus(keep))
                .getResultList());
        List<String> removed = new ArrayList<>();
        for (Long id : due) {
            sessions.inTransaction(session -> {
                ReceivedMessage message = session.find(ReceivedMessage.class, id);
                List<Instance> objects = session.createSelectionQuery("from Instance where messageId = :m", Instance.class)
                        .setParameter("m", message.messageId()).getResultList();
                // Payloads a stage made for one destination (sealed for its certificate, de-identified) go too.
                List<String> payloads = session.createSelectionQuery("select d.filePath from Delivery d where d.messageRef = :m"
                                + " and d.kind in (:kinds) and d.filePath <> :spooled", String.class)
                        .setParameter("m", message.id()).setParameterList("kinds", List.of(Delivery.Kind.STUDY, Delivery.Kind.RESULT))
                        .setParameter("spooled", message.spoolPath()).getResultList();
                // Files first, then the mark: a crash in between removes nothing twice that matters (deletes are idempotent).
                Spool.deleteQuietly(Path.of(message.spoolPath()));
                objects.forEach(o -> Spool.deleteQuietly(Path.of(o.filePath())));
                payloads.forEach(f -> Spool.deleteQuietly(Path.of(f)));
                message.spoolRemoved(now);
                recorder.event(session, message.studyUid().value(), ACTOR, TrackingState.SPOOL_REMOVED, "message " + message.messageId()
                        + " and its " + objects.size() + " object file(s) removed from the spool: delivered and archived, kept "
                        + keep.toDays() + " day(s); the lifetime archive holds the objects");
                removed.add(message.messageId());
            });
        }
        if (!removed.isEmpty()) {
            LOG.info("spool retention: removed the files of {} delivered and archived message(s)", removed.size());
        }
        return removed;
    }
}
