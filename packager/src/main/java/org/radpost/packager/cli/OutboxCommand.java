package org.radpost.packager.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.radpost.packager.outbox.Outbox;
import org.radpost.packager.outbox.OutboxEntry;
import org.radpost.packager.outbox.OutboxState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code packager outbox}: what waits to be sent, and why; {@code retry} and {@code remove} act on one message. */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = "Lists each message in the outbox: id, study UID, part k/n, state, attempts, next try, last reason.",
        subcommands = {OutboxCommand.Retry.class, OutboxCommand.Remove.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed (or done)", ExitCodes.HELP_64, ExitCodes.HELP_74})
final class OutboxCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Mixin
    SettingsOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<OutboxEntry> entries = open(options).list();
        if (entries.isEmpty()) {
            out.println("The outbox is empty: everything was sent.");
            out.flush();
            return ExitCodes.ALL_SENT;
        }
        out.printf("%-48s  %-40s  %-7s  %-18s  %8s  %-19s  %s%n", "ID", "STUDY UID", "PART", "STATE", "ATTEMPTS", "NEXT TRY",
                "LAST REASON");
        for (OutboxEntry e : entries) {
            out.printf("%-48s  %-40s  %-7s  %-18s  %8d  %-19s  %s%n", e.id(), e.studyUid(), e.part(), e.state().token(),
                    e.attempts(), e.state() == OutboxState.QUEUED ? TIME.format(e.nextAttempt()) : "-",
                    e.lastReason().orElse(""));
        }
        long failed = entries.stream().filter(e -> e.state() == OutboxState.FAILED).count();
        out.printf("%d message(s), %d rejected (fix the cause, then 'packager outbox retry <id>', or 'remove <id>')%n",
                entries.size(), failed);
        out.flush();
        return ExitCodes.ALL_SENT;
    }

    static Outbox open(SettingsOptions options) throws IOException {
        PackagerSettings settings = options.load(Map.of());
        return Outbox.open(settings.outbox(), java.time.Clock.systemUTC(), settings.retryPolicy());
    }

    /** {@code packager outbox retry <id>}. */
    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Queues a message again for an attempt now (after a rejection was fixed); 'packager daemon' sends it.")
    static final class Retry implements Callable<Integer> {
        @ParentCommand
        OutboxCommand parent;

        @Mixin
        SettingsOptions options;

        @Parameters(paramLabel = "ID", description = "the message id shown by 'packager outbox'")
        String id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            OutboxEntry entry = open(options.over(parent.options)).retry(id);
            spec.commandLine().getOut().printf("%s (part %s of study %s) queued again%n", entry.id(), entry.part(), entry.studyUid());
            spec.commandLine().getOut().flush();
            return ExitCodes.ALL_SENT;
        }
    }

    /** {@code packager outbox remove <id>}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Removes a message from the outbox without sending it.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        OutboxCommand parent;

        @Mixin
        SettingsOptions options;

        @Parameters(paramLabel = "ID", description = "the message id shown by 'packager outbox'")
        String id;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            open(options.over(parent.options)).remove(id);
            spec.commandLine().getOut().printf("%s removed unsent%n", id);
            spec.commandLine().getOut().flush();
            return ExitCodes.ALL_SENT;
        }
    }
}
