package org.radpost.datacenter;

import java.time.Clock;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.radpost.datacenter.spool.MessageState;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.datacenter.tracking.TrackingState;

/** The operator's view of messages whose stage gave up: list them with their reason, and retry them (audited). */
public final class FailedMessages {
    private final SessionFactory sessions;
    private final Tracker tracker;
    private final Clock clock;

    public FailedMessages(SessionFactory sessions, Tracker tracker, Clock clock) {
        this.sessions = sessions;
        this.tracker = tracker;
        this.clock = clock;
    }

    /** Failed messages, oldest first. */
    public List<ReceivedMessage> list() {
        return sessions.fromSession(s -> failed(s));
    }

    /** How a failed message stands, as the audit's "before" says it: "failed at archive after 10 attempts: disk full". */
    public static String failure(ReceivedMessage message) {
        return "failed at " + (message.failedStage() == null ? "?" : message.failedStage().token()) + " after " + message.attempts()
                + " attempts: " + message.lastError();
    }

    /** The failed message with this number, if it is failed. */
    public java.util.Optional<ReceivedMessage> find(long id) {
        return sessions.fromSession(s -> java.util.Optional.ofNullable(s.find(ReceivedMessage.class, id))
                .filter(m -> m.state() == MessageState.FAILED));
    }

    /** Sends one failed message back to the stage that failed, with a fresh count of attempts. */
    public ReceivedMessage retry(long id, String actor) {
        return sessions.fromTransaction(session -> {
            ReceivedMessage message = session.find(ReceivedMessage.class, id);
            if (message == null || message.state() != MessageState.FAILED) {
                throw new IllegalArgumentException("message " + id + " is not a failed message; 'datacenter failed' lists them");
            }
            retry(session, message, actor);
            return message;
        });
    }

    /** Retries every failed message; returns how many. */
    public int retryAll(String actor) {
        return sessions.fromTransaction(session -> {
            List<ReceivedMessage> failed = failed(session);
            failed.forEach(m -> retry(session, m, actor));
            return failed.size();
        });
    }

    private void retry(Session session, ReceivedMessage message, String actor) {
        String lastError = message.lastError();
        message.retry(clock.instant());
        tracker.study(session, message.studyUid().value(), TrackingState.RETRIED, actor, "message " + message.messageId()
                + " sent back to " + message.state().token() + " by an operator; it had failed with: " + lastError);
    }

    private static List<ReceivedMessage> failed(Session session) {
        return session.createSelectionQuery("from ReceivedMessage where state = :f order by updatedAt, id", ReceivedMessage.class)
                .setParameter("f", MessageState.FAILED).getResultList();
    }
}
