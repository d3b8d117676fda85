package org.radpost.packager.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.radpost.packager.outbox.DeliveryReport;
import org.radpost.packager.outbox.OutboxState;
import org.radpost.packager.prune.AutoPrune;
import org.radpost.wire.transport.SubmitOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code packager daemon}: deliver the outbox with backoff until stopped; also the watched folder and gateway if set. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Delivers the outbox until Ctrl-C: each queued message when its time comes, retrying with "
                + "exponential backoff after a connection failure or 4xx; 5xx rejections stay for the operator.",
                "Also runs the watched folder (watch.folder) and the DICOM gateway (gateway.port) when they are set.",
                "Every prune.interval (1m) it fetches receipts when pop3.host is set, and when disk use of data-folder "
                + "passes prune.disk-threshold-percent (80) it deletes archived local copies, oldest archived study first, "
                + "until it is under again (see 'packager prune')."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:stopped (with --once: every due message was sent)",
            ExitCodes.HELP_2, ExitCodes.HELP_3, ExitCodes.HELP_64, ExitCodes.HELP_74})
final class DaemonCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions options;

    @Option(names = "--once", description = "deliver what is due once and exit (for cron or a check)")
    boolean once;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PackagerContext context = new PackagerContext(options.load(Map.of()));
        PruneSettings prune = new PruneSettings(context.settings());
        if (once) {
            pruneOnce(prune, out);
            DeliveryReport report = context.outbox().deliverDue(context.submitter());
            report.deliveries().forEach(d -> out.printf("%s  part %s of study %s: %s%n", d.entry().id(), d.entry().part(),
                    d.entry().studyUid(), d.outcome().describe()));
            out.printf("%d sent, %d waiting, %d rejected%n", report.sentCount(),
                    report.remaining().stream().filter(e -> e.state() != OutboxState.FAILED).count(),
                    report.remaining().stream().filter(e -> e.state() == OutboxState.FAILED).count());
            out.flush();
            if (report.deliveries().stream().anyMatch(d -> d.outcome() instanceof SubmitOutcome.PermanentFailure)) {
                return ExitCodes.REJECTED;
            }
            return report.remaining().isEmpty() ? ExitCodes.ALL_SENT : ExitCodes.QUEUED_FOR_RETRY;
        }
        Services services = new Services(context, out);
        if (context.settings().watchFolder().isPresent()) {
            services.watch(context.settings().watchFolder().get(), context.settings().to());
        }
        if (context.settings().gatewayPort().isPresent()) {
            services.gateway(context.settings().gatewayPort().get(), context.settings().gatewayAeTitle(), context.settings().to());
        }
        services.autoPrune(prune);
        return services.deliverUntilStopped();
    }

    /** The prune step of one round; a mailbox or disk problem is reported but does not change the delivery's exit code. */
    private static void pruneOnce(PruneSettings prune, PrintWriter out) throws IOException {
        try (AutoPrune step = prune.autoPrune(out)) {
            out.println("prune: " + step.runOnce().note());
        } catch (IOException e) {
            out.println("prune: skipped this round: " + e.getMessage());
        }
    }
}
