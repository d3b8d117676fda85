package org.radpost.datacenter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.radpost.datacenter.spool.MessageState;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.TrackingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the queued stages: claims the first due message (STAT first) and locks that one row with
 * {@code FOR UPDATE SKIP LOCKED} (so several workers and nodes share one queue; messages in back-off are not due,
 * so they never block the ones behind), runs its stage in that transaction, records what it reported, and commits.
 * An exception, or a failed commit, is an infrastructure fault: it counts as an attempt, and after
 * {@code maxAttempts} the message ends FAILED. A node runs one worker per core (at least two) for every message and
 * one {@link Lane#STAT} worker, so a STAT message never waits for routine messages' stages (an archive write can
 * take seconds).
 */
public final class Worker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    /** How many due messages one claim looks at before it finds one that no other worker holds. */
    private static final int CANDIDATES = 16;

    /** Which messages a worker takes. */
    public enum Lane {
        /** Every due message, STAT first. */
        ALL,
        /** STAT messages only: the lane that keeps them moving while the other workers are busy with routine ones. */
        STAT
    }

    private final SessionFactory sessions;
    private final Pipeline pipeline;
    private final Recorder recorder;
    private final Clock clock;
    private final boolean skipLocked;
    private final int maxAttempts;
    private final Lane lane;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Object wakeUp = new Object();

    /** A worker of the {@link Lane#ALL} lane. */
    public Worker(SessionFactory sessions, Pipeline pipeline, Recorder recorder, Clock clock, boolean skipLocked, int maxAttempts) {
        this(sessions, pipeline, recorder, clock, skipLocked, maxAttempts, Lane.ALL);
    }

    /** {@code skipLocked} false waits for a row another worker holds instead of passing it by (a single worker only). */
    public Worker(SessionFactory sessions, Pipeline pipeline, Recorder recorder, Clock clock, boolean skipLocked, int maxAttempts,
                  Lane lane) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("datacenter.max-attempts must be at least 1, got " + maxAttempts);
        }
        this.sessions = sessions;
        this.pipeline = pipeline;
        this.recorder = recorder;
        this.clock = clock;
        this.skipLocked = skipLocked;
        this.maxAttempts = maxAttempts;
        this.lane = lane;
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

    /** Claims and runs one message's next stage; false when no message was due. */
    public boolean runOne() {
        AtomicReference<Claim> claimed = new AtomicReference<>();
        AtomicReference<String> failure = new AtomicReference<>();
        List<Long> due = dueMessages();
        if (due.isEmpty()) {
            return false;
        }
        boolean worked;
        try {
            worked = sessions.fromTransaction(session -> {
                Optional<ReceivedMessage> claimable = claim(session, due);
                if (claimable.isEmpty()) {
                    return false;
                }
                ReceivedMessage message = claimable.get();
                claimed.set(new Claim(message.id(), message.state()));
                String cause = runStage(session, message);
                if (cause != null) {
                    // The stage's own work is undone; the attempt is counted in a transaction of its own below.
                    failure.set(cause);
                    session.getTransaction().markRollbackOnly();
                } else {
                    session.flush();
                }
                return true;
            });
        } catch (RuntimeException e) {
            if (claimed.get() == null) {
                throw e;
            }
            // Rolled back at commit: that is a failed attempt too, or the message would spin forever.
            failure.compareAndSet(null, "commit failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            worked = true;
        }
        if (failure.get() != null) {
            Claim claim = claimed.get();
            sessions.inTransaction(session -> failedAttempt(session, session.find(ReceivedMessage.class, claim.id()),
                    claim.state(), failure.get()));
        }
        return worked;
    }

    /** Which message a transaction claimed, and at which stage, kept for when its commit fails. */
    private record Claim(long id, MessageState state) {}

    /**
     * The first due messages, by a plain read in a short transaction of its own. Locking in the search itself ({@code ...
     * ORDER BY ... LIMIT 1 FOR UPDATE}) made InnoDB lock every row and gap the search scanned until the stage
     * committed: intake's insert of the next message waited behind a running stage (a STAT study's 250 behind a
     * routine archive write), and other workers and nodes skipped every due row as locked.
     */
    private List<Long> dueMessages() {
        return sessions.fromTransaction(session -> session.createNativeQuery("SELECT id FROM message"
                        + " WHERE state IN (:states) AND next_attempt_at <= :now" + (lane == Lane.STAT ? " AND priority = 'STAT'" : "")
                        + " ORDER BY CASE WHEN priority = 'STAT' THEN 0 ELSE 1 END, id LIMIT " + CANDIDATES, Long.class)
                .setParameter("states", queuedStates())
                .setParameter("now", clock.instant())
                .getResultList());
    }

    /**
     * Locks the first of {@code due} that no other worker holds, by its primary key (one row lock), as the claim
     * transaction's first statement: the stage then reads what every commit before the claim wrote. The row may have
     * moved on since it was listed; its state and due time are checked again under the lock.
     */
    private Optional<ReceivedMessage> claim(Session session, List<Long> due) {
        for (long id : due) {
            Optional<ReceivedMessage> locked = session.createNativeQuery("SELECT * FROM message WHERE id = :id AND state IN (:states)"
                            + " AND next_attempt_at <= :now FOR UPDATE" + (skipLocked ? " SKIP LOCKED" : ""), ReceivedMessage.class)
                    .setParameter("id", id)
                    .setParameter("states", queuedStates())
                    .setParameter("now", clock.instant())
                    .uniqueResultOptional();
            if (locked.isPresent()) {
                return locked;
            }
        }
        return Optional.empty();
    }

    private List<String> queuedStates() {
        return pipeline.queuedStates().stream().map(MessageState::token).toList();
    }

    /** Runs the message's stage and applies a success or a quarantine; returns the cause when it must be retried. */
    private String runStage(Session session, ReceivedMessage message) {
        Stage stage = pipeline.stage(message.state());
        StageResult result;
        try {
            result = stage.run(session, message);
        } catch (Exception e) {
            result = new StageResult.Retry(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        String actor = "datacenter:" + stage.state().token();
        Instant now = clock.instant();
        if (result instanceof StageResult.Continue c) {
            message.moveTo(pipeline.after(stage), now);
            recorder.outcome(session, message.studyUid().value(), actor, c, message);
        } else if (result instanceof StageResult.Quarantine q) {
            message.moveTo(MessageState.QUARANTINED, now);
            recorder.holds(session, actor, message, q.holds());
        } else if (result instanceof StageResult.Retry r) {
            return r.cause();
        } else if (result instanceof StageResult.Reject r) {
            return "a queued stage cannot reject an accepted message (it must quarantine or retry): " + r.text();
        }
        return null;
    }

    private void failedAttempt(Session session, ReceivedMessage message, MessageState stage, String cause) {
        Instant now = clock.instant();
        message.failedAttempt(stage.token() + ": " + cause, now, now.plus(backoff(message.attempts() + 1)));
        LOG.warn("stage {} failed for message {} (attempt {} of {}): {}", stage.token(), message.messageId(),
                message.attempts(), maxAttempts, cause);
        if (message.attempts() >= maxAttempts) {
            message.fail(now);
            recorder.event(session, message.studyUid().value(), "datacenter:" + stage.token(), TrackingState.FAILED,
                    "gave up after " + message.attempts() + " attempts at " + stage.token() + ": " + cause
                            + "; 'datacenter failed' lists it, 'datacenter retry " + message.id() + "' runs it again");
        }
    }

    /** 2^attempts seconds, at most ten minutes. */
    static Duration backoff(int attempts) {
        Duration wait = Duration.ofSeconds(1L << Math.min(attempts, 20));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }
}
