package org.radpost.packager.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.radpost.wire.RejectReason;
import org.radpost.wire.dicom.DicomFileException;
import org.radpost.packager.outbox.Delivery;
import org.radpost.packager.outbox.DeliveryReport;
import org.radpost.packager.outbox.Outbox;
import org.radpost.packager.outbox.OutboxEntry;
import org.radpost.packager.outbox.PackagingResult;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.SubmitOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code packager send}: package files by study into the outbox and send them now, with a progress bar. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"Groups the DICOM files given (and the files in the folders given) by study, writes one message "
                + "per part under the size cap into the outbox, and sends them now over SMTP with TLS and AUTH.",
                "A bad file is reported (file: reason) and skipped; the rest goes on. A message the server cannot take "
                + "now stays queued and is retried by 'packager daemon'."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {ExitCodes.HELP_0, ExitCodes.HELP_1, ExitCodes.HELP_2, ExitCodes.HELP_3,
            ExitCodes.HELP_4, ExitCodes.HELP_64, ExitCodes.HELP_66, ExitCodes.HELP_74})
final class SendCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions options;

    @Option(names = "--to", required = true, paramLabel = "ADDRESS", description = "the viewer's RadPost address")
    String to;

    @Option(names = "--from", paramLabel = "ADDRESS", description = "this center's address (from)")
    String from;

    @Option(names = "--priority", paramLabel = "stat|routine", description = "reading priority (priority; default routine)")
    String priority;

    @Option(names = "--size-cap", paramLabel = "SIZE", description = "largest message, e.g. 20MB (size-cap; default 20MB)")
    String sizeCap;

    @Parameters(arity = "1..*", paramLabel = "FILE|FOLDER", description = "DICOM files or folders of them")
    List<Path> inputs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> flags = new HashMap<>();
        flags.put("from", from);
        flags.put("priority", priority);
        flags.put("size-cap", sizeCap);
        PackagerContext context = new PackagerContext(options.load(flags));
        SmtpSubmitter submitter = context.submitter();
        Outbox outbox = context.outbox();

        List<Path> missing = inputs.stream().filter(input -> !Files.exists(input)).toList();
        if (!missing.isEmpty()) {
            // A misspelled path is a mistake to fix before anything goes, not a file to skip.
            missing.forEach(input -> err.println(input + ": no such file or folder; nothing was sent (check the path)"));
            err.flush();
            return ExitCodes.NO_INPUT;
        }
        PackagingResult result = context.packager(to).pack(inputs);
        int skipped = 0;
        int mediaFiles = 0;
        for (DicomFileException bad : result.scan().skipped()) {
            if (bad.reason() == RejectReason.MEDIA_FILE) {
                mediaFiles++; // DICOMDIR, README, a bundled viewer: expected beside the images of a disc export
                continue;
            }
            err.println(bad.file() + ": " + bad.getMessage() + "; skipped");
            skipped++;
        }
        long objectBytes = result.scan().studies().stream().mapToLong(s -> s.totalBytes()).sum();
        out.printf("Found %d stud%s, %d object(s), %.1f MB; %d message(s) queued for %s%n", result.scan().studies().size(),
                result.scan().studies().size() == 1 ? "y" : "ies", result.scan().objectCount(), mb(objectBytes),
                result.queued().size(), to);
        if (mediaFiles > 0) {
            out.println(mediaFiles + " media file(s) of a CD/DVD export ignored (DICOMDIR, README, viewer and autorun files).");
        }
        if (result.queued().isEmpty()) {
            out.println("Nothing to send" + (skipped > 0 ? ": every file was skipped (listed above)." : ": no DICOM object was found."));
            out.flush();
            return ExitCodes.NOTHING_TO_SEND;
        }

        Set<String> ours = result.queued().stream().map(OutboxEntry::id).collect(Collectors.toSet());
        Instant now = Instant.now();
        long dueBytes = outbox.list().stream().filter(e -> e.state() == org.radpost.packager.outbox.OutboxState.QUEUED
                && !e.nextAttempt().isAfter(now)).mapToLong(OutboxEntry::size).sum();
        out.flush();
        Instant started = Instant.now();
        DeliveryReport report;
        try (ProgressReporter progress = new ProgressReporter(dueBytes, System.err)) {
            report = outbox.deliverDue(submitter, progress);
        }
        double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toNanos() / 1e9);
        return summarize(out, report, ours, result, seconds, skipped);
    }

    private int summarize(PrintWriter out, DeliveryReport report, Set<String> ours, PackagingResult result, double seconds,
                          int skipped) {
        long sentBytes = 0;
        int sent = 0;
        boolean rejected = false;
        List<String> problems = new ArrayList<>();
        Map<String, Delivery> byId = new HashMap<>();
        report.deliveries().forEach(d -> byId.put(d.entry().id(), d));
        for (OutboxEntry entry : result.queued()) {
            Delivery delivery = byId.get(entry.id());
            if (delivery != null && delivery.sent()) {
                sent++;
                sentBytes += entry.size();
            } else if (delivery != null && delivery.outcome() instanceof SubmitOutcome.PermanentFailure) {
                rejected = true;
                problems.add("  part " + entry.part() + " of study " + entry.studyUid() + " (" + entry.id() + "): "
                        + delivery.outcome().describe());
            } else if (delivery == null && report.remaining().stream().noneMatch(e -> e.id().equals(entry.id()))) {
                sent++; // a daemon delivering the same outbox sent it first
                sentBytes += entry.size();
            } else {
                String why = delivery == null ? "not tried: the server could not be reached" : delivery.outcome().describe();
                problems.add("  part " + entry.part() + " of study " + entry.studyUid() + " (" + entry.id() + "): " + why);
            }
        }
        int others = (int) report.deliveries().stream().filter(d -> !ours.contains(d.entry().id()) && d.sent()).count();
        out.printf("Sent %d of %d message(s): %d stud%s, %d object(s), %.1f MB of mail in %.1f s (%.1f MB/s)%s%n", sent,
                result.queued().size(), result.scan().studies().size(), result.scan().studies().size() == 1 ? "y" : "ies",
                result.scan().objectCount(), mb(sentBytes), seconds, mb(sentBytes) / seconds,
                others > 0 ? "; also sent " + others + " earlier queued message(s)" : "");
        if (!problems.isEmpty()) {
            out.println("Not sent:");
            problems.forEach(out::println);
            out.println(rejected
                    ? "Rejected messages stay in the outbox: fix the cause, then 'packager outbox retry <id>'."
                    : "They wait in the outbox and are retried by 'packager daemon' ('packager outbox' shows them).");
        }
        if (skipped > 0) {
            out.println(skipped + " file(s) skipped (listed above).");
        }
        out.flush();
        if (rejected) {
            return ExitCodes.REJECTED;
        }
        if (sent < result.queued().size()) {
            return ExitCodes.QUEUED_FOR_RETRY;
        }
        return skipped > 0 ? ExitCodes.FILES_SKIPPED : ExitCodes.ALL_SENT;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
