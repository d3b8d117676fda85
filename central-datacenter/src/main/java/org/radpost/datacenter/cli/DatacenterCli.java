package org.radpost.datacenter.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.radpost.datacenter.DataCenter;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.directory.AccessLevel;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.route.Quarantine;
import org.radpost.datacenter.route.QuarantineEntry;
import org.radpost.datacenter.tracking.StatusEvent;
import org.radpost.datacenter.tracking.Timeline;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.schema.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The data center's command line: run the server, manage the directory, work the quarantine, track studies. */
@Command(name = "datacenter", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        description = "RadPost central data center.",
        subcommands = {DatacenterCli.Serve.class, DatacenterCli.AddCenter.class, DatacenterCli.AddViewer.class,
            DatacenterCli.Authorize.class, DatacenterCli.QuarantineList.class, DatacenterCli.QuarantineRelease.class,
            DatacenterCli.Track.class, DatacenterCli.Certificate.class, FailedCommand.class, RetryCommand.class},
        footer = {"", "Exit codes: 0 done, 1 the request could not be carried out (the message says why), 2 usage error."})
public final class DatacenterCli {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handler, for main and for tests that run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DatacenterCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("datacenter: " + e.getMessage());
            return 1;
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
                throw new IllegalArgumentException("configuration file " + config + " does not exist");
            }
            DatacenterConfig local = DatacenterConfig.local(Path.of("var", "datacenter"), null);
            return new DatacenterConfig(local.dataDir(), "radpost.local", null, "127.0.0.1", 4650, 5870, 9950,
                    local.maxMessageBytes(), null, null, null, 0);
        }

        Database database() throws Exception {
            return Database.open(load().database(), DataCenter.ENTITIES);
        }
    }

    @Command(name = "serve", description = "Runs the data center (SMTPS, STARTTLS, POP3S, pipeline) until Ctrl-C.")
    static class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            DataCenter dataCenter = DataCenter.start(common.load(), Clock.systemUTC());
            System.out.println("RadPost data center running: SMTPS 127.0.0.1:" + dataCenter.smtpsPort() + ", STARTTLS "
                    + dataCenter.startTlsPort() + ", POP3S " + dataCenter.pop3sPort() + "; trust store " + dataCenter.trustStore());
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                dataCenter.close();
                stop.countDown();
            }));
            stop.await();
            return 0;
        }
    }

    @Command(name = "add-center", description = "Adds an imaging center (login = its address).")
    static class AddCenter implements Callable<Integer> {
        @CommandLine.Mixin Common common;
        @Option(names = "--code", required = true) String code;
        @Option(names = "--name", required = true) String name;
        @Option(names = "--address", required = true, description = "the center's mail address, e.g. center1@radpost.example") String address;
        @Option(names = "--password", required = true, interactive = true, arity = "0..1") String password;

        @Override
        public Integer call() throws Exception {
            try (Database db = common.database()) {
                new Directory(db.sessionFactory(), Clock.systemUTC()).addCenter(code, name, address, password);
            }
            System.out.println("center " + code + " <" + address + "> added");
            return 0;
        }
    }

    @Command(name = "add-viewer", description = "Adds a remote viewer (login = its address).")
    static class AddViewer implements Callable<Integer> {
        @CommandLine.Mixin Common common;
        @Option(names = "--code", required = true) String code;
        @Option(names = "--name", required = true) String name;
        @Option(names = "--address", required = true) String address;
        @Option(names = "--password", required = true, interactive = true, arity = "0..1") String password;
        @Option(names = "--access", defaultValue = "FULL", description = "FULL or DEIDENTIFIED (default ${DEFAULT-VALUE})") AccessLevel access;

        @Override
        public Integer call() throws Exception {
            try (Database db = common.database()) {
                new Directory(db.sessionFactory(), Clock.systemUTC()).addViewer(code, name, address, password, access);
            }
            System.out.println("viewer " + code + " <" + address + "> added (" + access + ")");
            return 0;
        }
    }

    @Command(name = "authorize", description = "Lets a center send to a viewer, for every modality or one.")
    static class Authorize implements Callable<Integer> {
        @CommandLine.Mixin Common common;
        @Option(names = "--center", required = true) String center;
        @Option(names = "--viewer", required = true) String viewer;
        @Option(names = "--modality", description = "only this modality (default: all)") String modality;

        @Override
        public Integer call() throws Exception {
            try (Database db = common.database()) {
                new Directory(db.sessionFactory(), Clock.systemUTC()).authorize(center, viewer, modality);
            }
            System.out.println("center " + center + " may send " + (modality == null ? "all studies" : modality + " studies") + " to viewer " + viewer);
            return 0;
        }
    }

    @Command(name = "quarantine", description = "Lists studies waiting in quarantine (unknown or unauthorized destination).")
    static class QuarantineList implements Callable<Integer> {
        @CommandLine.Mixin Common common;

        @Override
        public Integer call() throws Exception {
            try (Database db = common.database()) {
                List<QuarantineEntry> waiting = new Quarantine(db.sessionFactory(), new Tracker(Clock.systemUTC()), Clock.systemUTC()).waiting();
                if (waiting.isEmpty()) {
                    System.out.println("The quarantine is empty.");
                }
                for (QuarantineEntry e : waiting) {
                    System.out.printf("#%d  %s  study %s  to %s  [%s] %s%n", e.id(), TIME.format(e.createdAt()), e.studyUid(),
                            e.destination(), e.reasonCode(), e.reason());
                }
            }
            return 0;
        }
    }

    @Command(name = "release", description = "Releases a quarantined study to a corrected destination.")
    static class QuarantineRelease implements Callable<Integer> {
        @CommandLine.Mixin Common common;
        @Parameters(index = "0", description = "the quarantine entry number (see 'quarantine')") long id;
        @Option(names = "--to", required = true, description = "the viewer address to deliver to") String to;
        @Option(names = "--by", defaultValue = "${sys:user.name}", description = "who releases it (audit)") String by;

        @Override
        public Integer call() throws Exception {
            try (Database db = common.database()) {
                new Quarantine(db.sessionFactory(), new Tracker(Clock.systemUTC()), Clock.systemUTC()).release(id, to, by);
            }
            System.out.println("released #" + id + " to " + to + "; it is routed again by the running data center");
            return 0;
        }
    }

    @Command(name = "certificate", description = "Issues a certificate from the deployment CA (created in the TLS"
            + " folder if there is none yet) for a center, a viewer (TLS client and S/MIME) or another data-center host."
            + " Writes <alias>.p12 next to truststore.p12, and the CA as ca.pem for clients that read PEM (curl, swaks, fetchmail).")
    static class Certificate implements Callable<Integer> {
        @CommandLine.Mixin Common common;
        @Option(names = "--alias", required = true, description = "file name and key alias, e.g. center1") String alias;
        @Option(names = "--name", required = true, description = "the certificate's common name, e.g. center1@radpost.example") String name;
        @Option(names = "--host", split = ",", description = "host names or IP addresses it may serve (servers only)") List<String> hosts;

        @Override
        public Integer call() throws Exception {
            DatacenterConfig config = common.load();
            org.radpost.wire.tls.DeploymentCa ca = org.radpost.wire.tls.DeploymentCa.loadOrCreate(config.tlsDir(),
                    "RadPost " + config.domain(), config.tlsPassword());
            var identity = ca.issue(alias, name, hosts == null ? List.of() : hosts);
            Path pem = ca.writeCertificatePem(config.tlsDir().resolve("ca.pem"));
            System.out.println("issued " + identity.keyStore() + " for " + name + "; trust store " + identity.trustStore()
                    + ", CA certificate " + pem + " (PKCS12 password: the data center's TLS password)");
            return 0;
        }
    }

    @Command(name = "track", description = "Prints the timeline of a study, found by study UID, accession number or patient ID.")
    static class Track implements Callable<Integer> {
        @CommandLine.Mixin Common common;
        @Parameters(index = "0", paramLabel = "KEY") String key;

        @Override
        public Integer call() throws Exception {
            try (Database db = common.database()) {
                Timeline timeline = new Timeline(db.sessionFactory());
                List<String> studies = timeline.studiesFor(key);
                if (studies.isEmpty()) {
                    System.out.println("No study matches '" + key + "' (tried study UID, accession number and patient ID).");
                    return 1;
                }
                for (String study : studies) {
                    System.out.println("Study " + study);
                    for (StatusEvent e : timeline.of(study)) {
                        System.out.printf("  %s  %-16s %-32s %s%n", TIME.format(e.at()), e.state(), e.actor(), e.detail());
                    }
                }
            }
            return 0;
        }
    }
}
