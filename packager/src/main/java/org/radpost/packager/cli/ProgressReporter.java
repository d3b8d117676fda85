package org.radpost.packager.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarStyle;
import org.radpost.packager.outbox.DeliveryListener;
import org.radpost.packager.outbox.OutboxEntry;

/** A byte progress bar (MB, MB/s) on the terminal while messages stream to the server. */
final class ProgressReporter implements DeliveryListener, AutoCloseable {
    private final ProgressBar bar;

    ProgressReporter(long totalBytes, PrintStream terminal) {
        this.bar = ProgressBar.builder()
                .setTaskName("Sending")
                .setInitialMax(Math.max(1, totalBytes))
                .setUnit(" MB", 1024 * 1024)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(terminal))
                .build();
    }

    @Override
    public void starting(OutboxEntry entry) {
        bar.setExtraMessage(" part " + entry.part());
    }

    @Override
    public void bytesSent(long bytes) {
        bar.stepBy(bytes);
    }

    @Override
    public void close() {
        bar.close();
    }
}
