package org.radpost.packager.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.radpost.packager.prune.KeptFile;
import org.radpost.packager.prune.PruneReport;
import org.radpost.packager.prune.PrunedFile;
import org.radpost.packager.prune.Pruner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code packager prune}: delete local copies of sent objects whose archive receipt has arrived, and nothing else. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Deletes local copies of sent DICOM objects (the watched folder's and the gateway's sent/, "
                + "prune.folders, and the folders given) whose archive receipt is in the ledger, matched by the SOP "
                + "Instance UID in each file's header. Everything else is kept and listed with the reason. Run "
                + "'packager receipts' first to fetch new receipts. The daemon prunes by itself when disk use passes "
                + "prune.disk-threshold-percent (default 80), oldest archived study first."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:every archived local copy was deleted (with --dry-run: listed)",
            ExitCodes.HELP_64, "74:an archived copy could not be deleted (it is listed with the reason)"})
final class PruneCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions options;

    @Option(names = "--dry-run", description = "list what would be deleted; delete nothing")
    boolean dryRun;

    @Parameters(paramLabel = "FOLDER", arity = "0..*", description = "more folders holding sent copies, e.g. what you sent "
            + "with 'packager send'")
    List<Path> folders = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PruneSettings settings = new PruneSettings(options.load(Map.of()));
        Pruner pruner = settings.pruner(settings.ledger(), folders);
        PruneReport report = pruner.prune(dryRun);
        String verb = dryRun ? "would delete" : "deleted";
        for (PrunedFile file : report.deleted()) {
            out.printf("%s %s (%s of study %s, archived at %s)%n", verb, file.file(), file.sopInstanceUid(), file.studyUid(),
                    file.archivedAt());
        }
        for (KeptFile file : report.kept()) {
            out.printf("kept %s: %s%n", file.file(), file.reason());
        }
        out.printf(Locale.ROOT, "%s %d archived file(s), %.1f MB; kept %d file(s). Folders: %s%n",
                dryRun ? "Would delete" : "Deleted", report.deleted().size(), report.bytesFreed() / 1048576.0,
                report.kept().size(), pruner.folders());
        out.flush();
        boolean failed = report.kept().stream().anyMatch(k -> k.reason().startsWith(Pruner.NOT_DELETED));
        return failed ? ExitCodes.IO_ERROR : 0;
    }
}
