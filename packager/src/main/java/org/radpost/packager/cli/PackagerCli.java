package org.radpost.packager.cli;

import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The imaging center's command line ({@code ./radpost packager ...}): send, daemon, outbox, watch, gateway, receipts, prune. */
@Command(name = "packager", mixinStandardHelpOptions = true, version = "RadPost packager 0.1",
        description = {"Sends DICOM studies from an imaging center to the RadPost data center over SMTP with TLS.",
                "Settings come from packager.properties (--config); flags override them. Keys: smtp.host, smtp.port, "
                + "smtp.security (smtps|starttls), smtp.user, smtp.password (or $RADPOST_SMTP_PASSWORD), smtp.truststore, "
                + "smtp.truststore.password, smtp.connect-timeout, smtp.timeout, smtp.connections, from, to, priority, outbox, size-cap, "
                + "quiet-period, retry.first, retry.cap, watch.folder, watch.stable-for, gateway.port, gateway.ae-title, "
                + "gateway.bind, gateway.allowed-ae-titles, "
                + "gateway.staging, data-folder, pop3.host, pop3.port, pop3.user, pop3.password, pop3.truststore, "
                + "pop3.truststore.password, prune.disk-threshold-percent, prune.interval, prune.folders, "
                + "smime.keystore, smime.keystore.password, smime.datacenter-certificate (S/MIME: all three or none)."},
        subcommands = {SendCommand.class, DaemonCommand.class, OutboxCommand.class, WatchCommand.class,
            GatewayCommand.class, ReceiptsCommand.class, PruneCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {ExitCodes.HELP_0, ExitCodes.HELP_1, ExitCodes.HELP_2,
            ExitCodes.HELP_3, ExitCodes.HELP_4, ExitCodes.HELP_64, ExitCodes.HELP_66, ExitCodes.HELP_74})
public final class PackagerCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests and for embedding (the demo). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PackagerCli());
        cli.setExitCodeExceptionMapper(e -> e instanceof IOException ? ExitCodes.IO_ERROR : ExitCodes.USAGE);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof SettingsException) {
                commandLine.getErr().println("packager: " + e.getMessage());
                commandLine.getErr().flush();
                return ExitCodes.USAGE;
            }
            if (e instanceof IOException || e instanceof java.io.UncheckedIOException) {
                commandLine.getErr().println("packager: " + e.getMessage());
                commandLine.getErr().flush();
                return ExitCodes.IO_ERROR;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: send, daemon, outbox, watch, gateway, receipts or prune");
    }
}
