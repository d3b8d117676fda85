package org.radpost.archiver.cli;

import java.util.List;
import org.radpost.archiver.index.AuditEvent;
import org.radpost.wire.StudyUid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Prints the archive's audit trail: of one study, or the newest steps. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Prints the audit trail: every archive, seal, expire, notify, confirm, hold, "
        + "compact and restore step with its time and actor.", footer = ExitCodes.HELP)
final class AuditCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    ArchiverCli cli;

    @Option(names = "--study", paramLabel = "UID", description = "only this study (oldest first)")
    String study;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "newest N steps (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        try (ArchiveSettings.Opened open = cli.settings.open()) {
            List<AuditEvent> events = study != null ? open.archiver().audit(StudyUid.of(study))
                    : open.archiver().latestAudit(limit);
            for (AuditEvent e : events) {
                cli.out().printf("%s  %-8s %-20s %s%s%s  %s%n", e.occurredAt(), e.action(), e.actor(),
                        e.centerCode() == null ? "" : "center " + e.centerCode() + " ",
                        e.studyUid() == null ? "" : "study " + e.studyUid() + " ",
                        e.volumeId() == null ? "" : "volume " + e.volumeId(), e.detail());
            }
            return events.isEmpty() && study != null ? ExitCodes.NOT_FOUND : ExitCodes.OK;
        }
    }
}
