package org.radpost.archiver.cli;

import org.radpost.archiver.verify.Finding;
import org.radpost.archiver.verify.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Re-reads volumes and reports every entry whose checksum no longer matches; exit 1 when anything is wrong. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = {"Re-reads open and sealed volumes, hashing every entry, and reports each "
        + "entry whose SHA-256 no longer matches the index, unreadable TAR headers and manifest mismatches."},
        footer = ExitCodes.HELP)
final class VerifyCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    ArchiverCli cli;

    @Option(names = "--volume", paramLabel = "ID", description = "only this volume")
    Long volume;

    @Override
    public Integer call() {
        try (ArchiveSettings.Opened open = cli.settings.open()) {
            long start = System.nanoTime();
            VerifyReport report = volume == null ? open.archiver().verify() : open.archiver().verify(volume);
            if (volume != null && report.volumes() == 0) {
                cli.spec.commandLine().getErr().printf("volume %d does not exist or was compacted%n", volume);
                return ExitCodes.NOT_FOUND;
            }
            for (Finding f : report.findings()) {
                cli.out().println("DAMAGED  " + f);
            }
            for (String stray : report.strayFiles()) {
                cli.out().println("STRAY    " + stray + " (no volume names this file: debris of an interrupted "
                        + "start or compaction; check and delete)");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            cli.out().printf("verified %d volume(s), %d entries, %s in %.1f s: %s%n", report.volumes(), report.entries(),
                    ArchiveSettings.human(report.bytes()), seconds,
                    report.clean() ? "all checksums match" : report.findings().size() + " problem(s) found");
            return report.clean() ? ExitCodes.OK : ExitCodes.DAMAGE;
        }
    }
}
