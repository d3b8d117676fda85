package org.radpost.datacenter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.radpost.datacenter.receipt.ReceiptMailer;
import org.radpost.datacenter.route.QuarantineEntry;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.receipt.ReceiptStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the queued stages: claims one message row with {@code SELECT ... FOR UPDATE SKIP LOCKED} (so several
 * workers and several nodes share one queue), runs its stage in that transaction, records one tracking event
 * for the transition, and commits. An exception is an infrastructure fault: the message stays and is retried.
 */
public final class Worker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final SessionFactory sessions;
    private final Pipeline pipeline;
    private final Tracker tracker;
    private final ReceiptMailer receipts;
    private final Clock clock;
    private final boolean skipLocked;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Object wakeUp = new Object();

    /** {@code skipLocked} is false only for the embedded H2 database, which is single-node anyway. */
    public Worker(SessionFactory sessions, Pipeline pipeline, Tracker tracker, ReceiptMailer receipts, Clock clock,
                  boolean skipLocked) {
        this.skipLocked = skipLocked;
        this.sessions = sessions;
        this.pipeline = pipeline;
        this.tracker = tracker;
        this.receipts = receipts;
        this.clock = clock;
    }

    @Override
    public void run() {
        while (running.get()) {
            boolean worked = false;
            try {
                worked = runOne();
            } catch (RuntimeException e) {
                LOG.error("pipeline worker fault; retrying", e);
            }
            if (!worked) {
                synchronized (wakeUp) {
                    try {
                        wakeUp.wait(250);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** Tells an idle worker there is new work. */
    public void nudge() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    public void stop() {
        running.set(false);
        nudge();
    }

    /** Claims and runs one message's next stage; false when the queue had nothing due. */
    public boolean runOne() {
        return sessions.fromTransaction(session -> {
            Optional<ReceivedMessage> claimed = claim(session);
            if (claimed.isEmpty()) {
                return false;
            }
            ReceivedMessage message = claimed.get();
            Stage stage = pipeline.stage(message.state()).orElseThrow();
            StageResult result;
            try {
                result = stage.run(session, message);
            } catch (Exception e) {
                result = new StageResult.Retry(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            apply(session, message, stage, result);
            return true;
        });
    }

    private Optional<ReceivedMessage> claim(Session session) {
        Instant now = clock.instant();
        // Messages that failed wait before the next try: 2^attempts seconds, at most 10 minutes.
        List<ReceivedMessage> due = session.createNativeQuery(
                        "SELECT * FROM message WHERE state IN (:states) ORDER BY CASE WHEN priority = 'STAT' THEN 0 ELSE 1 END, id"
                                + " LIMIT 20 FOR UPDATE" + (skipLocked ? " SKIP LOCKED" : ""), ReceivedMessage.class)
                .setParameter("states", pipeline.queuedStates())
                .getResultList();
        return due.stream().filter(m -> m.attempts() == 0
                || m.updatedAt().plus(Duration.ofSeconds(Math.min(600, 1L << Math.min(m.attempts(), 9)))).isBefore(now))
                .findFirst();
    }

    private void apply(Session session, ReceivedMessage message, Stage stage, StageResult result) {
        Instant now = clock.instant();
        String actor = "datacenter:" + stage.name();
        if (result instanceof StageResult.Continue c) {
            message.moveTo(pipeline.after(stage), now);
            tracker.study(session, message.studyUid(), stage.onSuccess(), actor, c.detail());
        } else if (result instanceof StageResult.Quarantine q) {
            message.moveTo(Pipeline.QUARANTINED, now);
            session.persist(new QuarantineEntry(message.id(), message.studyUid(), message.recipient(), q.reasonCode(), q.reason(), now));
            tracker.study(session, message.studyUid(), TrackingState.QUARANTINED, actor, "[" + q.reasonCode() + "] " + q.reason());
            receipts.send(session, ReceiptStatus.QUARANTINED, message.account(), message.studyUid(), message.messageId(),
                    q.reasonCode(), "The study " + message.studyUid() + " is valid but could not be routed: " + q.reason()
                            + ". It is kept in quarantine until an administrator fixes the route; nothing needs to be resent.",
                    List.of());
        } else if (result instanceof StageResult.Retry r) {
            message.failedAttempt(stage.name() + ": " + r.cause(), now);
            LOG.warn("stage {} failed for message {} (attempt {}): {}", stage.name(), message.messageId(), message.attempts(), r.cause());
        }
    }
}
