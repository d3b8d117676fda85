package org.radpost.datacenter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.radpost.archiver.Archiver;
import org.radpost.archiver.ArchiverConfig;
import org.radpost.datacenter.archive.RetentionJob;
import org.radpost.datacenter.config.DatacenterConfig;
import org.radpost.datacenter.console.AuditEntry;
import org.radpost.datacenter.console.AuditLog;
import org.radpost.datacenter.console.ConsoleContext;
import org.radpost.datacenter.console.ConsoleServer;
import org.radpost.datacenter.console.ConsoleSessions;
import org.radpost.datacenter.console.ConsoleUser;
import org.radpost.datacenter.console.ConsoleUsers;
import org.radpost.datacenter.console.RunningNodes;
import org.radpost.datacenter.deidentify.DeidentificationMap;
import org.radpost.datacenter.deidentify.Deidentifier;
import org.radpost.datacenter.deidentify.PatientPseudonym;
import org.radpost.datacenter.deidentify.Reidentifier;
import org.radpost.datacenter.deidentify.UidMapping;
import org.radpost.datacenter.deliver.Delivery;
import org.radpost.datacenter.deliver.Mailboxes;
import org.radpost.datacenter.pop3.Pop3Server;
import org.radpost.datacenter.pop3.Pop3ServerConfig;
import org.radpost.datacenter.directory.Center;
import org.radpost.datacenter.directory.Accounts;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.directory.LoginFailure;
import org.radpost.datacenter.metrics.Metrics;
import org.radpost.datacenter.metrics.QueueDepths;
import org.radpost.datacenter.directory.GroupAuthorization;
import org.radpost.datacenter.directory.RouteAuthorization;
import org.radpost.datacenter.directory.SmimeCertificates;
import org.radpost.datacenter.smime.DataCenterSmime;
import org.radpost.datacenter.directory.Viewer;
import org.radpost.datacenter.index.Instance;
import org.radpost.datacenter.index.MessageObject;
import org.radpost.datacenter.index.Patient;
import org.radpost.datacenter.index.Series;
import org.radpost.datacenter.index.Study;
import org.radpost.datacenter.receipt.ReceiptMailer;
import org.radpost.datacenter.route.Quarantine;
import org.radpost.datacenter.route.QuarantineEntry;
import org.radpost.datacenter.smtp.MessageSink;
import org.radpost.datacenter.smtp.RecipientPolicy;
import org.radpost.datacenter.smtp.SmtpServer;
import org.radpost.datacenter.smtp.SmtpServerConfig;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.spool.Spool;
import org.radpost.datacenter.spool.SpoolRetention;
import org.radpost.datacenter.tracking.StatusEvent;
import org.radpost.datacenter.tracking.Timeline;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.datacenter.validate.CompletenessCheck;
import org.radpost.wire.tls.DeploymentCa;
import org.radpost.wire.tls.OwnerOnly;
import org.radpost.wire.tls.TlsIdentity;
import org.radpost.schema.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One data-center node: database, spool, SMTP and POP3 listeners, and the pipeline's workers. */
public final class DataCenter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataCenter.class);

    /** Every entity the data center maps; the archive's come with the tape archiver. */
    public static final List<Class<?>> ENTITIES = List.of(Center.class, Viewer.class, RouteAuthorization.class, Patient.class,
            Study.class, Series.class, Instance.class, MessageObject.class, ReceivedMessage.class, Delivery.class,
            QuarantineEntry.class, StatusEvent.class, JobLease.class, UidMapping.class, PatientPseudonym.class,
            GroupAuthorization.class, ConsoleUser.class, AuditEntry.class);

    private final DatacenterConfig config;
    private final Database database;
    private final Archiver archiver;
    private final Directory directory;
    private final Quarantine quarantine;
    private final FailedMessages failed;
    private final Timeline timeline;
    private final CompletenessCheck completeness;
    private final SpoolRetention spoolRetention;
    private final DataCenterSmime smime;
    private final Pipeline pipeline;
    /** The pipeline's workers: one per core (at least two) for every message, STAT first, and one for STAT only. */
    private final List<Worker> workers = new java.util.ArrayList<>();
    private final Schedule schedule;
    private final SmtpServer smtp;
    private final Pop3Server pop3;
    private final Mailboxes mailboxes;
    /** Deliveries committed on this node, heard by the viewers' event streams. */
    private final org.radpost.datacenter.deliver.MailboxArrivals arrivals = new org.radpost.datacenter.deliver.MailboxArrivals();
    private final org.radpost.datacenter.notify.MailboxEventsServer mailboxEvents;
    private final List<Thread> workerThreads = new java.util.ArrayList<>();
    private final ConsoleUsers consoleUsers;
    private final AuditLog audit;
    private final ConsoleServer console;
    private final RunningNodes nodes;
    private final Metrics metrics;
    private final org.radpost.datacenter.spool.NodeClaim claim;
    private final String nodeName = java.util.UUID.randomUUID().toString();
    private final java.time.Instant startedAt;

    private DataCenter(DatacenterConfig config, Clock clock) throws IOException {
        this.config = config;
        // Before anything is written into it: the data folder holds patient data, keys and the embedded database.
        OwnerOnly.folder(config.dataDir());
        List<Class<?>> entities = new java.util.ArrayList<>(ENTITIES);
        entities.addAll(Archiver.ENTITY_CLASSES);
        this.database = Database.open(config.database(), entities);
        var sessions = database.sessionFactory();
        // Taken before any file is made, so every file this node has in flight names a live node.
        this.claim = org.radpost.datacenter.spool.NodeClaim.take(config.dataDir());
        Spool spool = new Spool(config.dataDir(), claim);
        this.metrics = new Metrics();
        metrics.depthsFrom(new QueueDepths(sessions));
        Tracker tracker = new Tracker(clock, metrics);
        this.directory = new Directory(sessions, clock);
        metrics.passwordHashChecksFrom(directory::passwordHashChecks);
        // Receipts to an account with a certificate in the directory go sealed, like everything else delivered to it.
        this.smime = DataCenterSmime.loadOrIssue(config, new SmimeCertificates(directory), clock);
        ReceiptMailer receipts = new ReceiptMailer(spool, config.dataCenterAddress(), clock, smime);
        Recorder recorder = new Recorder(tracker, receipts, clock);
        this.quarantine = new Quarantine(sessions, directory, receipts, tracker, clock);
        this.failed = new FailedMessages(sessions, tracker, clock);
        this.timeline = new Timeline(sessions);
        this.archiver = Archiver.open(database, new ArchiverConfig(config.dataDir().resolve("archive"),
                config.archiveVolumeBytes(), "datacenter:archive"), clock);
        DeidentificationMap deidentificationMap = new DeidentificationMap(sessions, clock);
        // Secondary captures and ultrasound without a BurnedInAnnotation flag are withheld from de-identified viewers
        // unless the operator configured otherwise; each withheld object is a WITHHELD event in the study's timeline.
        Deidentifier deidentifier = new Deidentifier(deidentificationMap, config.sendUnflaggedScUs());
        this.pipeline = new Pipeline(new Pipeline.Parts(spool, directory, archiver, deidentifier,
                new Reidentifier(deidentificationMap), clock, config.maxMessageBytes(), config.dataCenterAddress(), smime,
                arrivals));
        // Stages wait on fsync and the database as much as they compute: with one worker a node's queue fell behind its
        // intake (NodesIngestBench: routing ended 8.8 s after the last 250 with one worker, 0.7 s with two), and one
        // stage waiting (an archive shelf's lock, a slow disk) held up every message behind it. At least two.
        int routineWorkers = Math.max(2, Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < routineWorkers; i++) {
            workers.add(new Worker(sessions, pipeline, recorder, clock, true, config.maxAttempts(), Worker.Lane.ALL));
        }
        workers.add(new Worker(sessions, pipeline, recorder, clock, true, config.maxAttempts(), Worker.Lane.STAT));

        this.completeness = new CompletenessCheck(sessions, directory, receipts, tracker, clock, config.incompleteStudyTimeout());
        RetentionJob archiveRetention = new RetentionJob(archiver, directory, receipts, sessions, tracker);
        this.spoolRetention = new SpoolRetention(sessions, recorder, clock, config.spoolKeep());
        this.schedule = new Schedule(List.of(
                new Schedule.Job("completeness check", Duration.ofMinutes(1), Duration.ofMinutes(1), completeness::run),
                new Schedule.Job("archive retention (expiry notices, sweep)", Duration.ofMinutes(10), Duration.ofDays(1),
                        archiveRetention::run),
                new Schedule.Job("spool retention", Duration.ofMinutes(5), Duration.ofHours(1), spoolRetention::run),
                // Tells the CLI a data center is running; with several nodes the lease holder beats for the deployment.
                new Schedule.Job("node heartbeat", Duration.ZERO, RunningNodes.BEAT, this::heartbeat)),
                new JobLease.Leases(sessions, clock, "node-" + java.util.UUID.randomUUID()));

        TlsIdentity tls = serverIdentity(config);
        SmtpServerConfig smtpConfig = new SmtpServerConfig(config.bindAddress(), config.smtpsPort(), config.startTlsPort(),
                config.maxMessageBytes(), "localhost", config.dataDir().resolve("smtp-staging").resolve(claim.tag()), 4, 300);
        Intake intake = new Intake(sessions, pipeline, recorder, clock, metrics);
        Accounts counted = countingFailures(directory, metrics);
        this.smtp = new SmtpServer(smtpConfig, tls.sslContext(), counted, RecipientPolicy.localDomain(config.domain()),
                MessageSink.thenRun(intake, this::nudgeWorkers));
        this.mailboxes = new Mailboxes(sessions, recorder, clock, metrics);
        this.pop3 = new Pop3Server(new Pop3ServerConfig(config.bindAddress(), config.pop3sPort(), Pop3ServerConfig.NO_LISTENER,
                "localhost", 4, 300), tls.sslContext(), counted, mailboxes);
        // The server's certificate (the one POP3 shows): a viewer checks the same name it polls.
        this.mailboxEvents = new org.radpost.datacenter.notify.MailboxEventsServer(
                new org.radpost.datacenter.directory.Logins(counted, new org.radpost.datacenter.directory.LoginThrottle(clock), clock),
                mailboxes, arrivals, tls.sslContext(), config.bindAddress(), config.mailboxEventsPort());
        for (int i = 0; i < workers.size(); i++) {
            workerThreads.add(new Thread(workers.get(i), i < routineWorkers ? "radpost-pipeline-" + (i + 1) : "radpost-pipeline-stat"));
        }
        this.consoleUsers = new ConsoleUsers(sessions, clock);
        this.audit = new AuditLog(sessions, clock);
        this.console = new ConsoleServer(new ConsoleContext(sessions, directory, quarantine, consoleUsers, audit, this::nudgeWorkers, clock,
                        failed, mailboxes.polls(), metrics, config.metricsToken(), archiver),
                new ConsoleSessions(clock, config.consoleIdleTimeout()), consoleIdentity(config).sslContext(), config.bindAddress(),
                config.consolePort());
        this.nodes = new RunningNodes(sessions, clock);
        this.startedAt = clock.instant();
    }

    /** The directory as the SMTP and POP3 edges use it, with every refused login also counted in the metrics. */
    private static Accounts countingFailures(Directory directory, Metrics metrics) {
        return new Accounts() {
            @Override
            public java.util.Optional<org.radpost.datacenter.directory.Account> authenticate(String user, String password) {
                return directory.authenticate(user, password);
            }

            @Override
            public void loginFailed(LoginFailure failure) {
                metrics.loginFailed(failure.protocol(), failure.reason().token());
                directory.loginFailed(failure);
            }
        };
    }

    /** Tells the idle workers there is new work. */
    public void nudgeWorkers() {
        workers.forEach(Worker::nudge);
    }

    /** Tells commands run beside this node that a data center runs, and where its console is. */
    private void heartbeat() {
        nodes.beat(nodeName, consoleUrl(), startedAt);
    }

    /** Starts a node; ports 0 in the configuration pick free ports (see the getters). */
    public static DataCenter start(DatacenterConfig config, Clock clock) throws IOException {
        DataCenter dataCenter = new DataCenter(config, clock);
        new org.radpost.datacenter.reconcile.Reconciliation(dataCenter.database.sessionFactory(), config.dataDir(), clock,
                org.radpost.datacenter.reconcile.Reconciliation.DEFAULT_GRACE).run();
        dataCenter.smtp.start();
        dataCenter.pop3.start();
        dataCenter.mailboxEvents.start();
        dataCenter.workerThreads.forEach(Thread::start);
        dataCenter.console.start();
        dataCenter.schedule.start();
        LOG.info("data center up: SMTPS {}, STARTTLS {}, POP3S {}, console {}", dataCenter.smtpsPort(), dataCenter.startTlsPort(),
                dataCenter.pop3sPort(), dataCenter.consoleUrl());
        return dataCenter;
    }

    /** The server's TLS identity from the deployment CA folder, created on first start for single-box use. */
    private static TlsIdentity serverIdentity(DatacenterConfig config) throws IOException {
        return identity(config, "server", "datacenter." + config.domain());
    }

    /** The console's own certificate from the deployment CA, issued on first start. */
    private static TlsIdentity consoleIdentity(DatacenterConfig config) throws IOException {
        return identity(config, "console", "console." + config.domain());
    }

    private static TlsIdentity identity(DatacenterConfig config, String alias, String host) throws IOException {
        Path keyStore = config.tlsDir().resolve(alias + ".p12");
        char[] keys = config.keyStorePassword();
        char[] trust = config.trustStorePassword();
        DeploymentCa ca = DeploymentCa.loadOrCreate(config.tlsDir(), "RadPost " + config.domain(), keys, trust);
        if (java.nio.file.Files.exists(keyStore)) {
            return new TlsIdentity(keyStore, keys, ca.trustStore(), trust);
        }
        return ca.issue(alias, host, List.of("localhost", "127.0.0.1", host));
    }

    public Directory directory() { return directory; }
    /** The console's sign-in accounts (the demo and {@code datacenter add-user} create the first). */
    public ConsoleUsers consoleUsers() { return consoleUsers; }
    public AuditLog audit() { return audit; }
    /** Where an admin opens the console, e.g. https://localhost:8443/. */
    public String consoleUrl() { return console.url(); }
    public int consolePort() { return console.port(); }
    public Quarantine quarantine() { return quarantine; }
    public Timeline timeline() { return timeline; }
    public CompletenessCheck completeness() { return completeness; }
    public SpoolRetention spoolRetention() { return spoolRetention; }
    public FailedMessages failed() { return failed; }
    public Pipeline pipeline() { return pipeline; }
    /** The data center's S/MIME identity; {@code smime().certificate()} is what centers and viewers encrypt to. */
    public DataCenterSmime smime() { return smime; }
    public Schedule schedule() { return schedule; }
    public Database database() { return database; }
    public Archiver archiver() { return archiver; }
    public Mailboxes mailboxes() { return mailboxes; }
    /** This node's metrics, served at the console's /metrics. */
    public Metrics metrics() { return metrics; }
    public DatacenterConfig config() { return config; }
    public int smtpsPort() { return smtp.smtpsPort(); }
    public int startTlsPort() { return smtp.startTlsPort(); }
    public int pop3sPort() { return pop3.pop3sPort(); }
    /** The port of {@code https://<host>:<port>/mailbox/events}, the push that tells a viewer to poll now. */
    public int mailboxEventsPort() { return mailboxEvents.port(); }
    public Path trustStore() { return config.tlsDir().resolve(DeploymentCa.TRUSTSTORE_FILE); }

    @Override
    public void close() {
        // Stop taking work first, let what runs finish, and close the database last.
        workers.forEach(Worker::stop);
        schedule.close();
        console.close();
        smtp.stop();
        pop3.stop();
        mailboxEvents.close();
        try {
            for (Thread thread : workerThreads) {
                thread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            nodes.leave(nodeName);
        } catch (RuntimeException e) {
            LOG.warn("could not remove this node's heartbeat row; it goes stale by itself", e);
        }
        database.close();
        org.radpost.datacenter.spool.Spool.deleteQuietly(config.dataDir().resolve("smtp-staging").resolve(claim.tag()));
        claim.close();
        LOG.info("data center stopped");
    }
}
