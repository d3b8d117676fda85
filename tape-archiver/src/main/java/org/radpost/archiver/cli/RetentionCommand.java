package org.radpost.archiver.cli;

import java.util.List;
import java.util.Optional;
import org.radpost.archiver.retention.CenterPolicy;
import org.radpost.archiver.retention.CenterRetention;
import org.radpost.archiver.retention.ExpiryNotice;
import org.radpost.archiver.retention.Retention;
import org.radpost.archiver.retention.RetentionRule;
import org.radpost.archiver.retention.SweepReport;
import org.radpost.wire.StudyUid;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Retention: periods per modality, center policies, expiry notices and confirmations, and the expiry sweep. */
@Command(name = "retention", mixinStandardHelpOptions = true, description = {"How long studies are kept. Expiry = study date (or receipt date when "
        + "missing) + the period for the modality (a center's own rule wins). At expiry a center's studies are "
        + "deleted, or, for notify-then-confirm centers, deleted only after the center confirms. Held studies never expire."},
        subcommands = picocli.CommandLine.HelpCommand.class, footer = ExitCodes.HELP)
final class RetentionCommand implements Runnable {
    @ParentCommand
    ArchiverCli cli;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "rules", mixinStandardHelpOptions = true, description = "Lists the retention periods.")
    int rules() {
        return with(r -> {
            List<RetentionRule> rules = r.rules();
            rules.forEach(rule -> cli.out().printf("%-8s %-16s %3d years %4d days%n", rule.modality(),
                    rule.centerCode().orElse("(all centers)"), rule.years(), rule.days()));
            cli.out().printf("%d rule(s); objects no rule covers are kept until one does%n", rules.size());
            return ExitCodes.OK;
        });
    }

    @Command(name = "set-rule", mixinStandardHelpOptions = true, description = "Adds or changes a period; live objects' expiry dates are recomputed.")
    int setRule(@Option(names = "--modality", required = true, paramLabel = "MOD", description = "e.g. CT") String modality,
                @Option(names = "--center", paramLabel = "CODE", description = "only this center (default: all centers)") String center,
                @Option(names = "--years", defaultValue = "0", paramLabel = "N", description = "years to keep") int years,
                @Option(names = "--days", defaultValue = "0", paramLabel = "N", description = "days to keep, added to the years") int days) {
        RetentionRule rule = new RetentionRule(modality, Optional.ofNullable(center), years, days);
        return with(r -> {
            int changed = r.setRule(rule, cli.settings.actor());
            cli.out().printf("%s%s kept %d years %d days; %d archived objects got a new expiry date%n", rule.modality(),
                    rule.centerCode().map(c -> " from " + c).orElse(""), years, days, changed);
            return ExitCodes.OK;
        });
    }

    @Command(name = "policies", mixinStandardHelpOptions = true, description = "Lists center policies (a center not listed deletes at expiry).")
    int policies() {
        return with(r -> {
            r.policies().forEach(p -> cli.out().printf("%-16s %-20s %s%n", p.centerCode(), p.policy(),
                    p.policy() == CenterPolicy.NOTIFY_THEN_CONFIRM ? "notice " + p.noticeDays() + " days before expiry" : ""));
            return ExitCodes.OK;
        });
    }

    /** Exactly one of the two policies. */
    static final class PolicyChoice {
        @Option(names = "--delete-at-expiry", description = "delete the center's studies at expiry") boolean delete;
        @Option(names = "--notify-days", paramLabel = "N",
                description = "notify the center N days before expiry and delete only after it confirms") Integer notifyDays;
    }

    @Command(name = "set-policy", mixinStandardHelpOptions = true, description = "Sets a center's policy at expiry.")
    int setPolicy(@Option(names = "--center", required = true, paramLabel = "CODE", description = "imaging center code") String center,
                  @ArgGroup(exclusive = true, multiplicity = "1") PolicyChoice choice) {
        CenterRetention policy = choice.delete ? new CenterRetention(center, CenterPolicy.DELETE_AT_EXPIRY, 0)
                : new CenterRetention(center, CenterPolicy.NOTIFY_THEN_CONFIRM, choice.notifyDays);
        return with(r -> {
            r.setPolicy(policy, cli.settings.actor());
            cli.out().printf("center %s: %s%n", center, policy.policy());
            return ExitCodes.OK;
        });
    }

    @Command(name = "notices", mixinStandardHelpOptions = true, description = "Lists expiry notices due now (notify-then-confirm centers). The data "
            + "center mails them; --mark-notified records them as sent.")
    int notices(@Option(names = "--mark-notified", description = "record the listed notices as sent") boolean mark) {
        return with(r -> {
            List<ExpiryNotice> due = r.dueNotices();
            for (ExpiryNotice n : due) {
                cli.out().printf("%-16s study %s  accession %s  expires %s  (%d objects)%n", n.centerCode(), n.studyUid(),
                        n.accessionNumber(), n.expiryDate(), n.objectCount());
                if (mark) {
                    r.markNotified(n.studyUid(), cli.settings.actor());
                }
            }
            cli.out().printf("%d notice(s) due%s%n", due.size(), mark && !due.isEmpty() ? ", marked as sent" : "");
            return ExitCodes.OK;
        });
    }

    @Command(name = "confirm", mixinStandardHelpOptions = true, description = "Records a center's confirmation that a study may be deleted at expiry.")
    int confirm(@Option(names = "--study", required = true, paramLabel = "UID", description = "Study Instance UID") String study) {
        return with(r -> {
            r.confirm(StudyUid.of(study), cli.settings.actor());
            cli.out().printf("deletion of study %s at %s confirmed%n", study, r.expiryOf(StudyUid.of(study)).orElseThrow());
            return ExitCodes.OK;
        });
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true, description = "Expires what is due now and compacts the volumes that held it.")
    int sweep() {
        return with(r -> {
            SweepReport report = r.sweep(cli.settings.actor());
            report.expired().forEach(s -> cli.out().println("expired   " + s));
            report.held().forEach(s -> cli.out().println("held      " + s));
            report.awaitingConfirmation().forEach(s -> cli.out().println("awaiting  " + s + " (center has not confirmed)"));
            report.compactions().forEach(c -> cli.out().printf("compacted volume %d: %d live entries kept%s, %d removed, %s freed%n",
                    c.retiredVolumeId(), c.copied(), c.newVolumeId().map(id -> " in volume " + id).orElse(""), c.dropped(),
                    ArchiveSettings.human(c.bytesFreed())));
            cli.out().printf("%d expired, %d held, %d awaiting confirmation, %d volume(s) compacted%n", report.expired().size(),
                    report.held().size(), report.awaitingConfirmation().size(), report.compactions().size());
            return ExitCodes.OK;
        });
    }

    private int with(java.util.function.Function<Retention, Integer> work) {
        try (ArchiveSettings.Opened open = cli.settings.open()) {
            return work.apply(open.archiver().retention());
        }
    }
}
