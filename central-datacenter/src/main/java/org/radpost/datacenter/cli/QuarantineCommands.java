package org.radpost.datacenter.cli;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.console.RunningNodes;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.directory.SmimeCertificates;
import org.radpost.datacenter.receipt.ReceiptMailer;
import org.radpost.datacenter.route.Quarantine;
import org.radpost.datacenter.route.QuarantinedStudy;
import org.radpost.datacenter.smime.DataCenterSmime;
import org.radpost.datacenter.spool.Spool;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.schema.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The quarantine from the command line: one line per study and cause; release to a checked viewer, or reject. */
@Command(name = "quarantine", description = "Works the quarantine: studies that could not be routed (without a subcommand: list).",
        subcommands = {QuarantineCommands.ListWaiting.class, QuarantineCommands.Release.class, QuarantineCommands.Reject.class})
final class QuarantineCommands implements Callable<Integer> {
    @CommandLine.Mixin DatacenterCli.Common common;

    @Override
    public Integer call() throws Exception {
        return ListWaiting.print(common, null);
    }

    /** The quarantine of the configured database, and whether a running data center will act on a change. */
    static final class Session implements AutoCloseable {
        final Database db;
        final Quarantine quarantine;
        final List<RunningNodes.Node> running;

        Session(DatacenterConfig config) throws Exception {
            this.db = Database.open(config.database(), org.radpost.datacenter.DataCenter.ENTITIES);
            Clock clock = Clock.systemUTC();
            Directory directory = new Directory(db.sessionFactory(), clock);
            // A refusal receipt from here reaches a center with a certificate sealed, as the running data center's do.
            DataCenterSmime smime = DataCenterSmime.loadIfIssued(config, new SmimeCertificates(directory), clock).orElse(null);
            this.quarantine = new Quarantine(db.sessionFactory(), directory,
                    new ReceiptMailer(new Spool(config.dataDir()), config.dataCenterAddress(), clock, smime), new Tracker(clock), clock);
            this.running = new RunningNodes(db.sessionFactory(), clock).running();
        }

        String whatNext() {
            return running.isEmpty()
                    ? "no data center is running: it is routed and delivered when one starts ('datacenter serve')"
                    : "the running data center (console " + running.get(0).consoleUrl() + ") routes and delivers it now";
        }

        @Override
        public void close() {
            db.close();
        }
    }

    @Command(name = "list", description = "Lists the studies waiting in quarantine, one line per study and cause.")
    static class ListWaiting implements Callable<Integer> {
        @CommandLine.Mixin DatacenterCli.Common common;
        @Option(names = "--cause", description = "only this cause, e.g. unknown-destination or unauthorized-route") String cause;

        @Override
        public Integer call() throws Exception {
            return print(common, cause);
        }

        static int print(DatacenterCli.Common common, String cause) throws Exception {
            try (Session session = new Session(common.load())) {
                List<QuarantinedStudy> waiting = session.quarantine.studies(cause);
                if (waiting.isEmpty()) {
                    System.out.println("The quarantine is empty" + (cause == null ? "." : " for cause " + cause + "."));
                }
                var now = Clock.systemUTC().instant();
                for (QuarantinedStudy q : waiting) {
                    System.out.printf("#%-5d %s  waiting %-10s [%s]  %s (%s)  accession %s  center %s  %s  %d part%s  for %s%n        %s%n",
                            q.number(), DatacenterCli.TIME.format(q.arrivedAt()), q.ageText(now), q.reasonCode(),
                            org.radpost.datacenter.console.Fmt.person(q.patientName()), dash(q.patientId()), dash(q.accessionNumber()),
                            dash(q.centerCode()), dash(q.modality()), q.parts(), q.parts() == 1 ? "" : "s", q.destination(), q.reason());
                }
                if (!waiting.isEmpty()) {
                    System.out.println("Release one with 'datacenter release NUMBER --to VIEWER', reject with"
                            + " 'datacenter quarantine reject NUMBER --reason TEXT'.");
                }
            }
            return 0;
        }

        private static String dash(String value) {
            return value == null || value.isBlank() ? "-" : value;
        }
    }

    @Command(name = "release", description = "Releases a quarantined study (every part) to a viewer the center is authorized"
            + " to send to; refused otherwise. The center is told.")
    static class Release implements Callable<Integer> {
        @CommandLine.Mixin DatacenterCli.Common common;
        @Parameters(index = "0", paramLabel = "NUMBER", description = "the study's number in 'datacenter quarantine list'") long number;
        @Option(names = "--to", required = true, description = "the viewer's address or code") String to;
        @Option(names = "--by", defaultValue = "${sys:user.name}", description = "who releases it (audit)") String by;

        @Override
        public Integer call() throws Exception {
            try (Session session = new Session(common.load())) {
                QuarantinedStudy study = session.quarantine.release(number, to, DatacenterCli.actor(by));
                DatacenterCli.audit(session.db).record(DatacenterCli.actor(by), "quarantine-release", "study " + study.studyUid(),
                        "quarantined [" + study.reasonCode() + "] for " + study.destination() + ", " + study.parts() + " parts",
                        "released to " + to, null);
                System.out.println("released study " + study.studyUid() + " (" + study.parts() + " parts) to " + to + "; "
                        + session.whatNext());
            }
            return 0;
        }
    }

    @Command(name = "reject", description = "Rejects a quarantined study (every part); the center receives the reason.")
    static class Reject implements Callable<Integer> {
        @CommandLine.Mixin DatacenterCli.Common common;
        @Parameters(index = "0", paramLabel = "NUMBER", description = "the study's number in 'datacenter quarantine list'") long number;
        @Option(names = "--reason", required = true, description = "why; the center reads it") String reason;
        @Option(names = "--by", defaultValue = "${sys:user.name}", description = "who rejects it (audit)") String by;

        @Override
        public Integer call() throws Exception {
            try (Session session = new Session(common.load())) {
                QuarantinedStudy study = session.quarantine.reject(number, reason, DatacenterCli.actor(by));
                DatacenterCli.audit(session.db).record(DatacenterCli.actor(by), "quarantine-reject", "study " + study.studyUid(),
                        "quarantined [" + study.reasonCode() + "]", "rejected: " + reason, null);
                System.out.println("rejected study " + study.studyUid() + " (" + study.parts() + " parts); a receipt with the reason"
                        + " waits in the mailbox of " + study.centerAddress());
            }
            return 0;
        }
    }
}
