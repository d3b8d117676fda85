package org.radpost.datacenter.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.config.DatacenterLogging;
import org.radpost.datacenter.console.AuditLog;
import org.radpost.schema.Database;
import picocli.CommandLine;
import sun.misc.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The data center's command line: run the server, manage the directory and console users, work the quarantine, track studies. */
@Command(name = "datacenter", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        description = "RadPost central data center.",
        subcommands = {DatacenterCli.Serve.class,
            DirectoryCommands.AddCenter.class, DirectoryCommands.AddViewer.class, DirectoryCommands.Centers.class,
            DirectoryCommands.Viewers.class, DirectoryCommands.DisableCenter.class, DirectoryCommands.EnableCenter.class,
            DirectoryCommands.DisableViewer.class, DirectoryCommands.EnableViewer.class, DirectoryCommands.RemoveCenter.class,
            DirectoryCommands.RemoveViewer.class, DirectoryCommands.SetPassword.class, DirectoryCommands.Authorize.class,
            DirectoryCommands.Authorizations.class, DirectoryCommands.Revoke.class,
            QuarantineCommands.class, QuarantineCommands.Release.class,
            TrackCommand.class, FailedCommand.class, RetryCommand.class, UserCommands.AddUser.class, UserCommands.Users.class,
            CertificateCommand.class, SetCertificateCommand.class, AuditExportCommand.class},
        footer = {"", "Exit codes: 0 done, 1 the request could not be carried out (the message says why), 64 usage error."})
public final class DatacenterCli {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
    static final int USAGE = 64;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handlers, for main and for tests that run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DatacenterCli());
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("datacenter: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("datacenter: " + e.getMessage());
            return e instanceof UsageException ? USAGE : 1;
        });
        return cli;
    }

    /** Options every command shares: where the configuration is. */
    static class Common {
        @Option(names = "--config", description = "datacenter.properties (default: ./datacenter.properties if present, else embedded defaults under var/datacenter)")
        Path config;

        DatacenterConfig load() throws Exception {
            Path file = config != null ? config : Path.of("datacenter.properties");
            if (Files.exists(file)) {
                return DatacenterConfig.load(file);
            }
            if (config != null) {
                throw new UsageException("configuration file " + config + " does not exist");
            }
            DatacenterConfig local = DatacenterConfig.local(Path.of("var", "datacenter"), null);
            return new DatacenterConfig(local.dataDir(), "radpost.local", null, "127.0.0.1", 4650, 5870, 9950,
                    local.maxMessageBytes(), null, null, null, 0, 0, null, 8443, null, false, null, 9960);
        }

        Database database() throws Exception {
            return Database.open(load().database(), DataCenter.ENTITIES);
        }
    }

    /** Who runs a command, for the audit. */
    static String actor(String by) {
        return "cli:" + by;
    }

    static AuditLog audit(Database db) {
        return new AuditLog(db.sessionFactory(), Clock.systemUTC());
    }

    @Command(name = "serve", description = "Runs the data center (SMTPS, STARTTLS, POP3S, pipeline, HTTPS console) until Ctrl-C or SIGTERM."
            + " Logs go to the terminal and to <data-dir>/logs/datacenter.log (rotated daily and at 50 MB).")
    static class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            DatacenterConfig config = common.load();
            DatacenterLogging.toFile(config.logDir());
            DataCenter dataCenter = DataCenter.start(config, Clock.systemUTC());
            System.out.println("RadPost data center running: SMTPS " + config.bindAddress() + ":" + dataCenter.smtpsPort() + ", STARTTLS "
                    + dataCenter.startTlsPort() + ", POP3S " + dataCenter.pop3sPort() + "; trust store " + dataCenter.trustStore());
            System.out.println("Console: " + dataCenter.consoleUrl() + (dataCenter.consoleUsers().all().isEmpty()
                    ? " (no console user yet: 'datacenter add-user --name admin --role admin' creates one)" : ""));
            System.out.flush();
            // SIGTERM and Ctrl-C stop the data center in order before the JVM's shutdown begins: a shutdown hook would run
            // beside H2's own, which closes the embedded database under the still-running pipeline.
            CountDownLatch stopped = new CountDownLatch(1);
            for (String name : new String[] {"TERM", "INT", "HUP"}) {
                Signal.handle(new Signal(name), signal -> {
                    if (stopped.getCount() == 0) {
                        return;
                    }
                    org.slf4j.LoggerFactory.getLogger(Serve.class).info("SIG{} received: stopping", signal.getName());
                    dataCenter.close();
                    DatacenterLogging.stop();
                    stopped.countDown();
                });
            }
            stopped.await();
            return 0;
        }
    }
}
