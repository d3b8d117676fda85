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
    /** Bytes of the message this session is sending (several sessions may be sending at once, one per thread). */
    private final ThreadLocal<long[]> bytesOfCurrent = ThreadLocal.withInitial(() -> new long[1]);

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
        bytesOfCurrent.get()[0] = 0;
    }

    @Override
    public void bytesSent(long bytes) {
        bar.stepBy(bytes);
        bytesOfCurrent.get()[0] += bytes;
    }

    @Override
    public void finished(Delivery delivery) {
        if (delivery.sent()) {
            // Body bytes are counted as they stream; the headers complete the message.
            bar.stepBy(Math.max(0, delivery.entry().size() - bytesOfCurrent.get()[0]));
        }
    }

    @Override
    public void close() {
        bar.close();
    }
}
