package org.radpost.datacenter.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.radpost.datacenter.audit.AccessRecord;
import org.radpost.datacenter.audit.AccessTrail;
import org.radpost.datacenter.audit.AuditExport;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.schema.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code datacenter audit-export}: who received, opened, annotated or reported which study, and every admin action. */
@Command(name = "audit-export", description = "Writes the access audit trail (studies received, opened, annotated and"
        + " reported, by whom; every console and CLI admin action) to standard output as RFC 5424 syslog lines or as"
        + " DICOM audit messages (PS3.15 A.5), for a hospital's audit repository.")
final class AuditExportCommand implements Callable<Integer> {
    @CommandLine.Mixin
    DatacenterCli.Common common;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--since", defaultValue = "7d", description = "how far back: 7d, 12h, 30m or ISO-8601 (default: ${DEFAULT-VALUE})")
    String since;
    @Option(names = "--format", defaultValue = "syslog", description = "syslog (RFC 5424) or dicom (PS3.15 A.5 XML); default: ${DEFAULT-VALUE}")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("syslog") && !format.equals("dicom")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format is syslog or dicom, not '" + format + "'");
        }
        Duration back;
        try {
            back = DatacenterConfig.period("--since", since);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        DatacenterConfig config = common.load();
        PrintWriter out = spec.commandLine().getOut();
        try (Database db = common.database()) {
            List<AccessRecord> records = new AccessTrail(db.sessionFactory()).since(Instant.now().minus(back));
            new AuditExport(config.domain()).write(records, format.equals("dicom"), out);
        }
        return 0;
    }
}
