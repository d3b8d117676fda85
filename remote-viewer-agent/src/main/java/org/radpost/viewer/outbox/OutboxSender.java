package org.radpost.viewer.outbox;

import java.time.Duration;
import org.radpost.viewer.background.BackgroundLoop;
import org.radpost.wire.transport.SubmitOutcome;
import org.radpost.viewer.store.OutgoingMessage;
import org.radpost.wire.transport.Submitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits queued messages over SMTP in the background, oldest first: a 250 marks the row sent, a temporary failure
 * leaves it queued for the next round, a 5xx marks it failed with the server's words. Woken when something is queued.
 */
public final class OutboxSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    private final Outbox outbox;
    private final Submitter submitter;
    private final BackgroundLoop<Integer> loop = new BackgroundLoop<>("viewer-outbox", Duration.ofSeconds(5), this::sendQueued);

    public OutboxSender(Outbox outbox, Submitter submitter) {
        this.outbox = outbox;
        this.submitter = submitter;
    }

    public void start(Duration retryInterval) {
        loop.start(retryInterval);
    }

    public void wake() {
        loop.wake();
    }

    /** Sends everything queued once; returns how many were sent. Stops at the first unreachable server. */
    public synchronized int sendQueued() {
        int sent = 0;
        for (OutgoingMessage message : outbox.queued()) {
            SubmitOutcome outcome = submitter.submit(message.eml());
            if (outcome instanceof SubmitOutcome.Sent) {
                outbox.markSent(message.id());
                sent++;
            } else if (outcome instanceof SubmitOutcome.TemporaryFailure t) {
                outbox.markAttemptFailed(message.id(), t.describe(), false);
                log.info("{} {} for study {} {}", message.kind(), message.eml().getFileName(), message.studyUid(), t.describe());
                if (t.serverUnreachable()) {
                    return sent;
                }
            } else {
                outbox.markAttemptFailed(message.id(), outcome.describe(), true);
                log.warn("{} {} for study {} {}", message.kind(), message.eml().getFileName(), message.studyUid(), outcome.describe());
            }
        }
        return sent;
    }

    @Override
    public void close() {
        loop.close();
    }
}
