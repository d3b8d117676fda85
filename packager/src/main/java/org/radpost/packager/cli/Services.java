package org.radpost.packager.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.radpost.packager.gateway.DicomGateway;
import org.radpost.packager.gateway.GatewaySettings;
import org.radpost.packager.prune.AutoPrune;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.packager.watch.WatchedFolder;

/** Runs the long-lived parts (outbox delivery, watched folder, DICOM gateway) until Ctrl-C, then stops them in order. */
final class Services {
    private static final Duration IDLE = Duration.ofSeconds(5);

    private final PackagerContext context;
    private final PrintWriter out;
    private final List<AutoCloseable> started = new ArrayList<>();

    Services(PackagerContext context, PrintWriter out) {
        this.context = context;
        this.out = out;
    }

    void watch(Path folder, String to) throws IOException {
        WatchedFolder watched = new WatchedFolder(folder, context.settings().quietPeriod(), context.settings().watchStableFor(),
                context.packager(to), Clock.systemUTC());
        watched.start(Duration.ofSeconds(1));
        started.add(watched);
        out.printf("Watching %s: studies quiet for %s go to %s (sent files in %s, bad ones in %s)%n", folder,
                context.settings().quietPeriod(), to, folder.resolve(WatchedFolder.SENT), folder.resolve(WatchedFolder.FAILED));
    }

    void gateway(int port, String aeTitle, String to) throws IOException {
        GatewaySettings settings = new GatewaySettings(port, context.settings().gatewayBind(), aeTitle,
                context.settings().gatewayAllowedAeTitles(), context.settings().gatewayStaging(),
                context.settings().quietPeriod(), Duration.ofSeconds(1));
        DicomGateway gateway = DicomGateway.start(settings, context.packager(to), Clock.systemUTC());
        started.add(gateway);
        out.printf("DICOM gateway %s listening on %s port %d (calling AE titles: %s); studies quiet for %s go to %s%n", aeTitle,
                settings.bindAddress(), port, settings.allowedCallingAeTitles().isEmpty() ? "any"
                        : String.join(", ", settings.allowedCallingAeTitles()), settings.quietPeriod(), to);
    }

    /** Starts the prune step: receipts fetched and archived copies pruned past the disk threshold, each prune.interval. */
    void autoPrune(PruneSettings prune) throws IOException {
        AutoPrune step = prune.autoPrune(out);
        step.start(prune.interval());
        started.add(step);
        out.printf("Pruning archived copies in %s when disk use passes %.0f%%%s%n", prune.folders(),
                prune.diskThresholdPercent(), prune.mailboxConfigured() ? "; receipts fetched every " + prune.interval() : "");
    }

    /** Delivers the outbox until the JVM is asked to stop (Ctrl-C, SIGTERM). */
    int deliverUntilStopped() throws IOException {
        SmtpSubmitter submitter = context.submitter();
        DeliveryLoop loop = new DeliveryLoop(context.outbox(), submitter, IDLE, out);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            loop.stop();
            closeAll();
            try {
                finished.await(10, java.util.concurrent.TimeUnit.SECONDS); // a send in progress may finish; the outbox is safe either way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "packager-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf("Delivering %s to %s; Ctrl-C to stop.%n", context.outbox().folder(), submitter.settings());
        out.flush();
        try {
            loop.run();
        } finally {
            finished.countDown();
        }
        return ExitCodes.ALL_SENT;
    }

    private void closeAll() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                out.println("stopping " + started.get(i) + ": " + e);
            }
        }
        out.println("Stopped; whatever was not sent stays in the outbox.");
        out.flush();
    }
}
