package org.radpost.datacenter;

import java.time.Clock;
import java.util.List;
import org.hibernate.Session;
import org.radpost.datacenter.receipt.Notice;
import org.radpost.datacenter.receipt.ReceiptMailer;
import org.radpost.datacenter.route.QuarantineEntry;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.receipt.ReceiptStatus;

/**
 * The one component that persists what the pipeline's steps report, in the step's transaction: a status event
 * per transition, a receipt per notice, a quarantine entry (and its receipt) per held destination. Steps never
 * write these themselves (STYLE habit 5).
 */
public final class Recorder {
    private final Tracker tracker;
    private final ReceiptMailer receipts;
    private final Clock clock;

    public Recorder(Tracker tracker, ReceiptMailer receipts, Clock clock) {
        this.tracker = tracker;
        this.receipts = receipts;
        this.clock = clock;
    }

    /** Records one transition of a study. */
    public void event(Session session, String studyUid, String actor, TrackingState state, String detail) {
        tracker.study(session, studyUid, state, actor, detail);
    }

    public void events(Session session, String studyUid, String actor, List<StageResult.Event> events) {
        events.forEach(e -> tracker.study(session, studyUid, e.state(), actor, e.detail()));
    }

    public void notices(Session session, List<Notice> notices) {
        notices.forEach(n -> receipts.send(session, n));
    }

    /** Everything a continuing step reported. */
    public void outcome(Session session, String studyUid, String actor, StageResult.Continue result, ReceivedMessage message) {
        events(session, studyUid, actor, result.events());
        notices(session, result.notices());
        holds(session, actor, message, result.holds());
    }

    /** Each held destination waits in quarantine; the sender is told it needs nothing resent. */
    public void holds(Session session, String actor, ReceivedMessage message, List<StageResult.Hold> holds) {
        for (StageResult.Hold hold : holds) {
            session.persist(new QuarantineEntry(message.id(), message.studyUid(), hold.destination(), hold.reasonCode(),
                    hold.reason(), clock.instant()));
            tracker.study(session, message.studyUid().value(), TrackingState.QUARANTINED, actor, "[" + hold.reasonCode() + "] " + hold.reason());
            receipts.send(session, ReceiptStatus.QUARANTINED, message.account(), message.studyUid().value(), message.messageId(),
                    hold.reasonCode(), "The study " + message.studyUid() + " is valid but could not be routed: " + hold.reason()
                            + ". It is kept in quarantine until an administrator fixes the route; nothing needs to be resent.",
                    List.of());
        }
    }
}
