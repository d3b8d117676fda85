package org.radpost.archiver.cli;

import java.nio.file.Path;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.radpost.archiver.ArchiveRecord;
import org.radpost.archiver.restore.RestoreQuery;
import org.radpost.archiver.restore.RestoreReport;
import org.radpost.wire.StudyUid;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Restores a study, an accession or a patient's objects into a folder, checking every SHA-256. */
@Command(name = "restore", mixinStandardHelpOptions = true, description = {"Restores archived objects into a folder as <study UID>/<SOP Instance UID>.dcm, "
        + "checking each object's SHA-256 while reading; an object that does not match is not written."},
        footer = ExitCodes.HELP)
final class RestoreCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    ArchiverCli cli;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    /** Exactly one of study, accession, patient. */
    static final class Which {
        @Option(names = "--study", paramLabel = "UID", description = "Study Instance UID") String study;
        @Option(names = "--accession", paramLabel = "NUMBER", description = "accession number") String accession;
        @Option(names = "--patient", paramLabel = "ID", description = "patient ID (all of the patient's studies)") String patient;
    }

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "folder to restore into (created if needed)")
    Path to;

    /** A progress bar on a terminal; silent when output is redirected. */
    private RestoreReport restoreWithProgress(ArchiveSettings.Opened open, List<ArchiveRecord> records) {
        if (System.console() == null) {
            return open.archiver().restore(records, to, cli.settings.actor());
        }
        long total = records.stream().mapToLong(ArchiveRecord::size).sum();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("restore").setInitialMax(total)
                .setUnit("MB", 1L << 20).showSpeed().build()) {
            return open.archiver().restore(records, to, cli.settings.actor(), bar::stepBy);
        }
    }

    @Override
    public Integer call() {
        RestoreQuery query = which.study != null ? RestoreQuery.study(StudyUid.of(which.study))
                : which.accession != null ? RestoreQuery.accession(which.accession) : RestoreQuery.patient(which.patient);
        try (ArchiveSettings.Opened open = cli.settings.open()) {
            List<ArchiveRecord> records = open.archiver().find(query);
            if (records.isEmpty()) {
                cli.spec.commandLine().getErr().printf("no archived objects for %s%n", query);
                return ExitCodes.NOT_FOUND;
            }
            long start = System.nanoTime();
            RestoreReport report = restoreWithProgress(open, records);
            double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-6);
            for (RestoreReport.Failure f : report.failures()) {
                cli.out().printf("NOT RESTORED  %s (study %s): %s%n", f.record().sopInstanceUid(), f.record().studyUid(), f.reason());
            }
            cli.out().printf("restored %d of %d objects (%s, %.1f MB/s) for %s into %s%n", report.restored().size(),
                    records.size(), ArchiveSettings.human(report.bytes()), report.bytes() / 1e6 / seconds, query,
                    to.toAbsolutePath());
            return report.complete() ? ExitCodes.OK : ExitCodes.DAMAGE;
        }
    }
}
