package org.radpost.archiver.cli;

import java.io.PrintWriter;
import org.radpost.archiver.ArchiveException;
import org.radpost.wire.StudyUid;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The lifetime archive's command line: {@code ./radpost tape-archiver <command>}; thin over {@link org.radpost.archiver.Archiver}. */
@Command(name = "tape-archiver", mixinStandardHelpOptions = true, version = "RadPost tape archiver 0.1",
        description = {
            "RadPost's lifetime archive: objects the data center accepted, kept in TAR volumes per imaging center "
                    + "and modality under the archive root, indexed in the data center's database.",
            "Run it against the same settings as the data center (--config datacenter.properties, or --data-dir)."},
        subcommands = {VolumesCommand.class, VerifyCommand.class, RestoreCommand.class, RetentionCommand.class,
                AuditCommand.class, CommandLine.HelpCommand.class},
        footer = ExitCodes.HELP)
public final class ArchiverCli implements Runnable {
    @Mixin
    ArchiveSettings settings;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "hold", mixinStandardHelpOptions = true, description = "Places a hold on a study: it never expires until released.",
            footer = ExitCodes.HELP)
    int hold(@Option(names = "--study", required = true, paramLabel = "UID", description = "Study Instance UID") String study,
             @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why (shown in the audit trail)")
             String reason) {
        try (ArchiveSettings.Opened open = settings.open()) {
            var hold = open.archiver().retention().hold(StudyUid.of(study), reason, settings.actor());
            out().printf("held study %s: %s (by %s at %s)%n", hold.studyUid(), hold.reason(), hold.heldBy(), hold.heldAt());
            return ExitCodes.OK;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Lifts every active hold on a study.", footer = ExitCodes.HELP)
    int release(@Option(names = "--study", required = true, paramLabel = "UID", description = "Study Instance UID") String study) {
        try (ArchiveSettings.Opened open = settings.open()) {
            int released = open.archiver().retention().release(StudyUid.of(study), settings.actor());
            if (released == 0) {
                spec.commandLine().getErr().printf("study %s has no active hold%n", study);
                return ExitCodes.NOT_FOUND;
            }
            out().printf("released %d hold(s) on study %s%n", released, study);
            return ExitCodes.OK;
        }
    }

    @Command(name = "holds", mixinStandardHelpOptions = true, description = "Lists holds (active only unless --all).", footer = ExitCodes.HELP)
    int holds(@Option(names = "--all", description = "include released holds") boolean all) {
        try (ArchiveSettings.Opened open = settings.open()) {
            var holds = open.archiver().retention().holds(!all);
            holds.forEach(h -> out().printf("%s  %-8s %s  by %s at %s%s%n", h.studyUid(), h.active() ? "ACTIVE" : "released",
                    h.reason(), h.heldBy(), h.heldAt(), h.releasedAt().map(t -> ", released " + t).orElse("")));
            out().printf("%d hold(s)%n", holds.size());
            return ExitCodes.OK;
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The command line with this CLI's error handling: messages, not stack traces, and the documented exit codes. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ArchiverCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("tape-archiver: " + message(e));
            return e instanceof IllegalArgumentException ? ExitCodes.USAGE : ExitCodes.CANNOT_RUN;
        });
        return cli;
    }

    private static String message(Throwable e) {
        if (e instanceof ArchiveException || e instanceof IllegalArgumentException || e.getCause() == null) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return e.getMessage() + " (" + root.getMessage() + ")";
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
