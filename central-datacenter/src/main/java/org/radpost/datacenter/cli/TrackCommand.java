package org.radpost.datacenter.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.radpost.datacenter.console.Fmt;
import org.radpost.datacenter.tracking.StatusEvent;
import org.radpost.datacenter.tracking.StudyReport;
import org.radpost.datacenter.tracking.Timeline;
import org.radpost.schema.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A study's header and its timeline summarized per state: a 400-image study reads in a dozen lines. */
@Command(name = "track", description = "Prints a study's header and its timeline per state, found by study UID, accession number or patient ID.")
final class TrackCommand implements Callable<Integer> {
    @CommandLine.Mixin DatacenterCli.Common common;
    @Parameters(index = "0", paramLabel = "KEY") String key;
    @Option(names = "--events", description = "also print every event, one line each") boolean events;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // The command line's own writers, so a caller that runs the command in-process reads what it printed.
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Database db = common.database()) {
            List<String> studies = new Timeline(db.sessionFactory()).studiesFor(key);
            if (studies.isEmpty()) {
                err.println("datacenter: no study matches '" + key + "' (tried study UID, accession number and patient ID)");
                err.flush();
                return 1;
            }
            for (String uid : studies) {
                StudyReport report = StudyReport.of(db.sessionFactory(), uid).orElseThrow();
                var h = report.header();
                out.println("Study " + uid);
                out.printf("  Patient        %s (%s)%n", Fmt.person(h.patientName()), Fmt.orDash(h.patientId()));
                out.printf("  Accession      %-24s Modality  %s%n", Fmt.orDash(h.accessionNumber()), Fmt.orDash(h.modality()));
                out.printf("  Center         %-24s Viewer    %s%n", Fmt.orDash(h.centerCode()), Fmt.orDash(h.destination()));
                out.printf("  Priority       %-24s Objects   %d of %d%n", Fmt.orDash(h.priority()), h.receivedObjects(), h.expectedObjects());
                out.printf("  Current state  %s%n", h.currentState());
                out.println("  State              times  first                last");
                for (StudyReport.StateSummary s : report.states()) {
                    out.printf("  %-18s %5d  %-20s %s%n", s.state(), s.count(), DatacenterCli.TIME.format(s.first()),
                            DatacenterCli.TIME.format(s.last()));
                }
                StringBuilder turnaround = new StringBuilder("  Turnaround    ");
                report.turnaround().forEach(t -> turnaround.append(" ").append(t.from()).append(" → ").append(t.to()).append(": ")
                        .append(t.text()).append(";"));
                out.println(turnaround);
                if (events) {
                    for (StatusEvent e : report.events()) {
                        out.printf("    %s  %-16s %-32s %s%n", DatacenterCli.TIME.format(e.at()), e.state(), e.actor(), e.detail());
                    }
                }
            }
        }
        out.flush();
        return 0;
    }
}
