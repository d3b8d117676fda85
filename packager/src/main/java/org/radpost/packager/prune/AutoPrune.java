package org.radpost.packager.prune;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's prune step: at each interval it fetches receipts (when a mailbox is set) and, once disk use passes
 * the threshold, prunes archived local copies, oldest archived study first, until it is under again.
 */
public final class AutoPrune implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AutoPrune.class);

    private final Optional<ReceiptCollector> collector;
    private final Pruner pruner;
    private final DiskUsage usage;
    private final double thresholdPercent;
    private final PrintWriter out;
    private ScheduledExecutorService timer;

    public AutoPrune(Optional<ReceiptCollector> collector, Pruner pruner, DiskUsage usage, double thresholdPercent,
                     PrintWriter out) {
        if (thresholdPercent <= 0 || thresholdPercent > 100) {
            throw new IllegalArgumentException("the disk threshold must be a percentage above 0 and up to 100, not "
                    + thresholdPercent + " (prune.disk-threshold-percent, default 80)");
        }
        this.collector = collector;
        this.pruner = pruner;
        this.usage = usage;
        this.thresholdPercent = thresholdPercent;
        this.out = out;
    }

    /** Runs {@link #runOnce()} now and then at every interval, in a background thread, until closed. */
    public synchronized void start(Duration interval) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "packager-prune");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (IOException | RuntimeException e) {
                // A mailbox or disk hiccup must not stop the daemon; the next round tries again.
                LOG.warn("receipts/prune round failed; trying again in {}: {}", interval, e.toString());
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round: fetch receipts, then prune if the disk is over the threshold. */
    public PruneReport runOnce() throws IOException {
        if (collector.isPresent()) {
            ReceiptCollector.Collected collected = collector.get().collect();
            if (!collected.receipts().isEmpty() || !collected.results().isEmpty() || !collected.problems().isEmpty()
                    || !collected.refused().isEmpty()) {
                print("%s  receipts: %d recorded, %d report/overlay file(s) saved, %d unreadable message(s),"
                                + " %d refused (S/MIME check failed)%n", Instant.now(), collected.receipts().size(),
                        collected.results().size(), collected.problems().size(), collected.refused().size());
                collected.refused().forEach(r -> print("  refused message %s%n", r));
            }
        }
        PruneReport report = pruner.pruneUntilBelow(usage, thresholdPercent);
        if (!report.deleted().isEmpty()) {
            print("%s  pruned %d archived local cop%s (%d bytes); %s%n", Instant.now(), report.deleted().size(),
                    report.deleted().size() == 1 ? "y" : "ies", report.bytesFreed(), report.note());
        }
        return report;
    }

    private void print(String format, Object... args) {
        synchronized (out) {
            out.printf(format, args);
            out.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
