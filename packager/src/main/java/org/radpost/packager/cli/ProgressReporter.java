package org.radpost.packager.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarStyle;
import org.radpost.packager.outbox.Delivery;
import org.radpost.packager.outbox.DeliveryListener;
import org.radpost.packager.outbox.OutboxEntry;

/** A byte progress bar (MB, MB/s) on the terminal while messages stream to the server. */
final class ProgressReporter implements DeliveryListener, AutoCloseable {
    private final ProgressBar bar;
    private long bytesOfCurrent;

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
        bytesOfCurrent = 0;
    }

    @Override
    public void bytesSent(long bytes) {
        bar.stepBy(bytes);
        bytesOfCurrent += bytes;
    }

    @Override
    public void finished(Delivery delivery) {
        if (delivery.sent()) {
            // Body bytes are counted as they stream; the headers complete the message.
            bar.stepBy(Math.max(0, delivery.entry().size() - bytesOfCurrent));
        }
    }

    @Override
    public void close() {
        bar.close();
    }
}
