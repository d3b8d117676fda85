package org.radpost.packager.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import org.radpost.packager.outbox.Delivery;
import org.radpost.packager.outbox.DeliveryReport;
import org.radpost.packager.outbox.Outbox;
import org.radpost.wire.transport.Submitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers the outbox again and again, sleeping until the next message is due (or a new one may be), until stopped. */
final class DeliveryLoop {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);

    private final Outbox outbox;
    private final Submitter submitter;
    private final Duration idle;
    private final PrintWriter out;
    private final Object wakeUp = new Object();
    private volatile boolean running = true;

    DeliveryLoop(Outbox outbox, Submitter submitter, Duration idle, PrintWriter out) {
        this.outbox = outbox;
        this.submitter = submitter;
        this.idle = idle;
        this.out = out;
    }

    /** Runs in the calling thread until {@link #stop()}. */
    void run() {
        while (running) {
            try {
                report(outbox.deliverDue(submitter));
            } catch (IOException | RuntimeException e) {
                // The outbox folder itself failed (disk); say so and try again later rather than die.
                LOG.error("delivering the outbox {} failed; trying again in {}: {}", outbox.folder(), idle, e.toString());
            }
            sleepUntilNextDue();
        }
    }

    void stop() {
        running = false;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void report(DeliveryReport report) {
        for (Delivery delivery : report.deliveries()) {
            out.printf("%s  %s  part %s of study %s: %s%n", Instant.now(), delivery.entry().id(), delivery.entry().part(),
                    delivery.entry().studyUid(), delivery.outcome().describe());
        }
        out.flush();
    }

    private void sleepUntilNextDue() {
        long millis = idle.toMillis();
        try {
            Instant next = outbox.nextDue().orElse(null);
            if (next != null) {
                millis = Math.max(50, Math.min(millis, Duration.between(Instant.now(), next).toMillis()));
            }
        } catch (IOException e) {
            LOG.warn("cannot read the outbox {}: {}", outbox.folder(), e.toString());
        }
        synchronized (wakeUp) {
            if (running) {
                try {
                    wakeUp.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }
}
