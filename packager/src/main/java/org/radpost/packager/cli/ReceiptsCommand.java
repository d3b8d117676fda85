package org.radpost.packager.cli;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.radpost.wire.StudyUid;
import org.radpost.packager.prune.ReceiptCollector;
import org.radpost.packager.prune.ReceiptLedger;
import org.radpost.packager.prune.StudyReceipts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code packager receipts}: read the center's mailbox, record every receipt, save reports, summarise per study. */
@Command(name = "receipts", mixinStandardHelpOptions = true,
        description = {"Reads this center's mailbox at the data center over POP3S (pop3.*), records every receipt "
                + "(accepted, rejected, quarantined, delivered, viewed, reported, archived, resend requested) in the "
                + "ledger under data-folder/receipts, saves the radiologists' reports and overlays in "
                + "data-folder/inbox/results/<study UID>/, and prints a summary per study with every rejection and "
                + "resend request and its reason. With smime.* set, sealed (S/MIME) mail is opened with the center's key "
                + "and must carry the data center's signature; a message that fails the check is refused with its reason, "
                + "kept in data-folder/refused/ and not acted on."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:the mailbox was read and every message recorded",
            "1:some messages could not be read (each is listed, and kept in the mailbox and in data-folder/inbox/) or were "
                    + "refused by their S/MIME check (each is listed with its reason and kept in data-folder/refused/)",
            "2:the mailbox could not be reached or refused the login; nothing was lost, run again later",
            ExitCodes.HELP_64, ExitCodes.HELP_74})
final class ReceiptsCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions options;

    @Option(names = "--offline", description = "do not read the mailbox; summarise what the ledger already holds")
    boolean offline;

    @Option(names = "--all", description = "summarise every study in the ledger, not only those with news")
    boolean all;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PruneSettings settings = new PruneSettings(options.load(Map.of()));
        ReceiptLedger ledger = settings.ledger();
        List<StudyUid> studies = List.of();
        int exit = 0;
        if (!offline) {
            ReceiptCollector.Collected collected;
            try {
                collected = settings.collector(ledger).collect();
            } catch (IOException e) {
                if (!(e.getCause() instanceof MessagingException)) {
                    throw e;
                }
                err.println("packager: " + e.getMessage() + "; nothing was lost, run 'packager receipts' again later");
                err.flush();
                return 2;
            }
            out.printf("Read %d receipt(s) and %d report/overlay file(s)%s%n", collected.receipts().size(),
                    collected.results().size(), collected.results().isEmpty() ? "" : " (saved in " + settings.resultsFolder() + ")");
            collected.results().forEach(f -> out.println("  saved " + f));
            collected.problems().forEach(p -> err.println("unreadable message " + p));
            collected.refused().forEach(r -> err.println("refused message " + r));
            exit = collected.problems().isEmpty() && collected.refused().isEmpty() ? 0 : 1;
            studies = List.copyOf(collected.studies());
        }
        for (StudyReceipts study : ledger.studies()) {
            if (offline || all || studies.contains(study.studyUid())) {
                study.summary().forEach(out::println);
            }
        }
        out.flush();
        err.flush();
        return exit;
    }
}
