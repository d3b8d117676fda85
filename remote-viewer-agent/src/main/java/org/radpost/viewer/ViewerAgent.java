package org.radpost.viewer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;
import org.radpost.wire.tls.OwnerOnly;
import org.radpost.wire.transport.SmtpSettings;
import org.radpost.wire.transport.SmtpSubmitter;
import org.radpost.wire.transport.Submitter;
import java.time.Clock;
import org.radpost.viewer.annotate.Annotations;
import org.radpost.viewer.background.BackgroundLoop;
import org.radpost.viewer.config.ClientTls;
import org.radpost.viewer.config.ViewerConfig;
import org.radpost.viewer.extract.Extractor;
import org.radpost.viewer.outbox.Outbox;
import org.radpost.viewer.outbox.OutboxSender;
import org.radpost.viewer.outbox.ReturnRoute;
import org.radpost.viewer.poll.MailboxPoller;
import org.radpost.viewer.poll.SealedMail;
import org.radpost.viewer.poll.PollException;
import org.radpost.viewer.poll.PollResult;
import org.radpost.viewer.receipt.ViewedReceipts;
import org.radpost.viewer.report.Reports;
import org.radpost.viewer.retention.SpoolRetention;
import org.radpost.viewer.store.Inbox;
import org.radpost.viewer.store.LocalDatabase;
import org.radpost.viewer.store.OutgoingQueue;
import org.radpost.viewer.store.Studies;
import org.radpost.viewer.store.StudyIndex;
import org.radpost.viewer.view.ImageRenderer;
import org.radpost.viewer.web.ReadingDesk;
import org.radpost.viewer.web.ViewerWeb;
import org.radpost.viewer.worklist.Worklist;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote viewer agent: polls the viewer's mailbox in the background, indexes what arrives into its local
 * database, serves the radiologist's page, and sends overlays, reports and receipts back. Start, use, close.
 */
public final class ViewerAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ViewerAgent.class);
    private static final Duration RESEND_INTERVAL = Duration.ofSeconds(30);
    private static final Duration RETENTION_INTERVAL = Duration.ofHours(1);

    private final ViewerConfig config;
    private final LocalDatabase database;
    private final Studies studies;
    private final Extractor extractor;
    private final MailboxPoller poller;
    private final Outbox outbox;
    private final OutboxSender sender;
    private final ViewedReceipts receipts;
    private final ViewerWeb web;
    private final BackgroundLoop<Void> retention;
    private final org.radpost.viewer.poll.MailboxEvents events;   // null: no push configured

    private ViewerAgent(ViewerConfig config, LocalDatabase database, Studies studies, Extractor extractor,
                        MailboxPoller poller, Outbox outbox, OutboxSender sender, ViewedReceipts receipts, ViewerWeb web,
                        BackgroundLoop<Void> retention, org.radpost.viewer.poll.MailboxEvents events) {
        this.config = config;
        this.database = database;
        this.studies = studies;
        this.extractor = extractor;
        this.poller = poller;
        this.outbox = outbox;
        this.sender = sender;
        this.receipts = receipts;
        this.web = web;
        this.retention = retention;
        this.events = events;
    }

    /** Starts the agent with a real SMTP submitter to {@code config.smtp()}. */
    public static ViewerAgent start(ViewerConfig config) throws IOException {
        return start(config, (SealedMail) null);
    }

    /** As above, opening S/MIME mail with {@code sealedMail} (null: sealed mail is refused and kept in rejected/). */
    public static ViewerAgent start(ViewerConfig config, SealedMail sealedMail) throws IOException {
        SmtpSettings smtp = SmtpSettings.of(config.smtp().host(), config.smtp().port(),
                config.smtp().implicitTls() ? SmtpSettings.Security.SMTPS : SmtpSettings.Security.STARTTLS,
                config.smtp().user(), config.smtp().password(), config.trustStore(), config.trustStorePassword());
        return start(config, new SmtpSubmitter(smtp), sealedMail);
    }

    /** Starts the agent with the given submitter (tests may pass another real one). */
    public static ViewerAgent start(ViewerConfig config, Submitter submitter) throws IOException {
        return start(config, submitter, null);
    }

    /** Starts the agent with the given submitter, opening S/MIME mail with {@code sealedMail} when not null. */
    public static ViewerAgent start(ViewerConfig config, Submitter submitter, SealedMail sealedMail) throws IOException {
        // Owner-only before anything is written into it: mail, objects, reports and the database hold patient data.
        Path data = OwnerOnly.folder(config.dataFolder());
        SSLSocketFactory tls = ClientTls.trusting(config.trustStore(), config.trustStorePassword());
        LocalDatabase database = LocalDatabase.open(data.resolve("db"));
        try {
            Inbox inbox = new Inbox(database);
            StudyIndex index = new StudyIndex(database);
            Studies studies = new Studies(database);
            Extractor extractor = new Extractor(inbox, index);
            MailboxPoller poller = new MailboxPoller(config.pop3(), tls, inbox, data, extractor::wake, sealedMail);
            OutgoingQueue outgoing = new OutgoingQueue(database);
            Outbox outbox = new Outbox(outgoing, data.resolve("outgoing"), sealedMail);
            OutboxSender sender = new OutboxSender(outbox, submitter);
            ReturnRoute route = new ReturnRoute(config.readerAddress(), config.returnAddress());
            ViewedReceipts receipts = new ViewedReceipts(studies, index, inbox, outbox, sender, route);
            Path created = OwnerOnly.folder(data.resolve("created"));
            ReadingDesk desk = new ReadingDesk(new Worklist(studies), studies, new ImageRenderer(), receipts,
                    new Annotations(studies, index, outbox, sender, route, config.readerName(), created),
                    new Reports(studies, index, outbox, sender, route, config.readerName(), created),
                    outbox, poller, config.readerName());
            ViewerWeb web = ViewerWeb.start(desk, config.webHost(), config.webPort(), config.allowedHosts());
            SpoolRetention retention = new SpoolRetention(data, inbox, outgoing, config.spoolKeep(), Clock.systemUTC());
            retention.sweepAtStartUp(); // before the poller: everything in incoming/ now is a crash leftover
            BackgroundLoop<Void> retentionLoop = BackgroundLoop.of("viewer-retention", Duration.ofSeconds(5),
                    retention::removeExpiredQuietly);
            receipts.recover();
            extractor.start();
            poller.start(config.pollInterval());
            sender.start(RESEND_INTERVAL);
            retentionLoop.start(RETENTION_INTERVAL);
            // The push only shortens the wait: the interval above goes on whether the stream is up or not.
            org.radpost.viewer.poll.MailboxEvents events = config.events() == null ? null
                    : new org.radpost.viewer.poll.MailboxEvents(config.events(), config.pop3(),
                            ClientTls.context(config.trustStore(), config.trustStorePassword()), poller::mailArrived).start();
            ViewerAgent agent = new ViewerAgent(config, database, studies, extractor, poller, outbox, sender, receipts, web,
                    retentionLoop, events);
            log.info("viewer agent for {} started: page {}, polling {} every {}", config.readerAddress(), agent.url(),
                    config.pop3(), config.pollInterval());
            return agent;
        } catch (IOException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The radiologist's page, e.g. http://127.0.0.1:8090/. */
    public URI url() {
        return URI.create("http://" + config.webHost() + ":" + web.port() + "/");
    }

    public int webPort() {
        return web.port();
    }

    /**
     * Polls the mailbox now in the caller's thread and indexes what came, also when the poll fails part-way;
     * the background schedule goes on.
     */
    public PollResult pollNow() throws PollException {
        try {
            return poller.pollNow();
        } finally {
            extractor.drain(); // what a failed poll stored before it stopped is indexed too
        }
    }

    /** Sends everything queued now in the caller's thread; returns how many messages were sent. */
    public int sendNow() {
        return sender.sendQueued();
    }

    public Studies studies() {
        return studies;
    }

    public Outbox outbox() {
        return outbox;
    }

    public MailboxPoller poller() {
        return poller;
    }

    public ViewerConfig config() {
        return config;
    }

    /** The data center's push, when configured. */
    public java.util.Optional<org.radpost.viewer.poll.MailboxEvents> events() {
        return java.util.Optional.ofNullable(events);
    }

    @Override
    public void close() {
        if (events != null) {
            events.close();
        }
        web.close();
        retention.close();
        poller.close();
        extractor.close();
        receipts.close();
        sender.close();
        database.close();
    }
}
