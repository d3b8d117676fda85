package org.radpost.datacenter.route;

import java.time.Clock;
import java.util.List;
import org.hibernate.SessionFactory;
import org.radpost.datacenter.spool.MessageState;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.datacenter.tracking.TrackingState;

/** The admin's view of unroutable messages: list them, and release one to a corrected destination. */
public final class Quarantine {
    private final SessionFactory sessions;
    private final Tracker tracker;
    private final Clock clock;

    public Quarantine(SessionFactory sessions, Tracker tracker, Clock clock) {
        this.sessions = sessions;
        this.tracker = tracker;
        this.clock = clock;
    }

    /** Entries not yet released, oldest first. */
    public List<QuarantineEntry> waiting() {
        return sessions.fromSession(s -> s.createSelectionQuery(
                "from QuarantineEntry where releasedAt is null order by id", QuarantineEntry.class).getResultList());
    }

    /** Sends the message through routing again, to {@code destination}; it is re-checked like any other. */
    public void release(long entryId, String destination, String actor) {
        sessions.inTransaction(session -> {
            QuarantineEntry entry = session.find(QuarantineEntry.class, entryId);
            if (entry == null) {
                throw new IllegalArgumentException("no quarantine entry " + entryId + "; 'datacenter quarantine list' shows them");
            }
            if (entry.releasedAt() != null) {
                throw new IllegalArgumentException("quarantine entry " + entryId + " was already released to " + entry.releasedTo());
            }
            ReceivedMessage message = session.find(ReceivedMessage.class, entry.messageRef());
            entry.release(destination.toLowerCase(), actor, clock.instant());
            message.replaceRecipient(entry.destination(), destination);
            // Routing runs again for the whole message; destinations it served before are not served twice.
            message.moveTo(MessageState.ROUTE, clock.instant());
            tracker.study(session, entry.studyUid().value(), TrackingState.FIXED, actor,
                    "released from quarantine [" + entry.reasonCode() + "] to " + destination);
        });
    }
}
