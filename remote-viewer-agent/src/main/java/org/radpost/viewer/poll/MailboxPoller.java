package org.radpost.viewer.poll;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import javax.net.ssl.SSLSocketFactory;
import org.radpost.wire.read.MessageReader;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.read.ReceivedObject;
import org.radpost.wire.read.WireFormatException;
import org.radpost.wire.smime.SmimeException;
import org.radpost.wire.smime.SmimeFailure;
import org.radpost.viewer.background.BackgroundLoop;
import org.radpost.viewer.config.MailServer;
import org.radpost.viewer.fault.FaultPoint;
import org.radpost.viewer.store.ArrivedMessage;
import org.radpost.viewer.store.Inbox;
import org.radpost.viewer.store.StoredObject;
import org.radpost.wire.tls.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the viewer's mailbox over POP3 with TLS, at an interval and on demand. Each message streams into Jakarta
 * Mail's file cache and from there through the wire library's {@link MessageReader}, which verifies it; its objects
 * are moved into the data folder and committed to the inbox — and only then flagged for deletion, which the server
 * carries out at QUIT. A session that dies part-way deletes nothing; the next poll re-reads what was already
 * committed and recognises it by Message-ID.
 */
public final class MailboxPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);
    /** At most one check for newly arrived STAT mail (a second, short POP3 login) per this much routine download. */
    static final Duration DEFAULT_STAT_CHECK_GAP = Duration.ofMillis(200);
    private static final int MAX_SESSIONS_PER_POLL = 20;   // each takes the STAT first; stops a check stuck on "yes"

    private final MailServer server;
    private final Session session;
    private final String protocol;
    private final Inbox inbox;
    private final Path incoming;
    private final Path objects;
    private final Path rejected;
    private final Runnable afterCommit;
    private final SealedMail sealedMail;
    private final MessageReader reader = new MessageReader();
    private final DownloadProgress progress;
    private final BackgroundLoop<PollResult> loop = new BackgroundLoop<>("viewer-poller", Duration.ofSeconds(10), this::pollQuietly);
    private volatile PollResult last;
    private volatile Duration statCheckGap = DEFAULT_STAT_CHECK_GAP;

    /**
     * @param tls         verifies the server against the deployment CA (host name included)
     * @param dataFolder  incoming/ (partial downloads), objects/ (stored files) and rejected/ live here
     * @param afterCommit runs after each stored message (wakes the extractor)
     */
    public MailboxPoller(MailServer server, SSLSocketFactory tls, Inbox inbox, Path dataFolder, Runnable afterCommit)
            throws IOException {
        this(server, tls, inbox, dataFolder, afterCommit, null);
    }

    /** As above; with {@code sealedMail} S/MIME mail from the data center is opened (null: such mail is refused). */
    public MailboxPoller(MailServer server, SSLSocketFactory tls, Inbox inbox, Path dataFolder, Runnable afterCommit,
                         SealedMail sealedMail) throws IOException {
        this.sealedMail = sealedMail;
        this.server = server;
        this.inbox = inbox;
        this.incoming = OwnerOnly.folder(dataFolder.resolve("incoming"));
        this.objects = OwnerOnly.folder(dataFolder.resolve("objects"));
        this.rejected = OwnerOnly.folder(dataFolder.resolve("rejected"));
        this.progress = new DownloadProgress(incoming);
        this.afterCommit = afterCommit;
        this.protocol = server.implicitTls() ? "pop3s" : "pop3";
        this.session = Session.getInstance(properties(server, protocol, tls, incoming));
    }

    private static Properties properties(MailServer server, String protocol, SSLSocketFactory tls, Path cacheDir) {
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put(p + "host", server.host());
        props.put(p + "port", Integer.toString(server.port()));
        props.put(p + "ssl.socketFactory", tls);
        props.put(p + "ssl.checkserveridentity", "true");
        props.put(p + "ssl.protocols", "TLSv1.3 TLSv1.2");
        if (!server.implicitTls()) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        props.put(p + "connectiontimeout", "20000");
        props.put(p + "timeout", "120000");
        // Never hold a whole message in memory: RETR streams straight into our file.
        props.put(p + "filecache.enable", "true");
        props.put(p + "filecache.dir", cacheDir.toString());
        props.put(p + "cachewriteto", "false");
        return props;
    }

    public void start(Duration interval) {
        loop.start(interval);
    }

    /** Asks for a poll as soon as the current one (if any) is done. */
    public Future<PollResult> pollSoon() {
        return loop.wake();
    }

    /** The last poll's outcome, if any poll ran. */
    public Optional<PollResult> lastResult() {
        return Optional.ofNullable(last);
    }

    /** What is downloading now and how far it is (idle between sessions). */
    public DownloadProgress progress() {
        return progress;
    }

    /** Polls once in the caller's thread: one POP3 session, or more when STAT mail lands during one. */
    public synchronized PollResult pollNow() throws PollException {
        Counts counts = new Counts();
        for (int sessions = 1; session(counts) && sessions < MAX_SESSIONS_PER_POLL; sessions++) {
            log.info("STAT mail arrived during a session: ended it after its committed messages and logged in again");
        }
        last = new PollResult(Instant.now(), counts.stored, counts.duplicates, counts.rejected, Optional.empty());
        return last;
    }

    /** Sets how long the poller downloads routine mail at least between two checks for newly arrived STAT mail. */
    void statCheckGap(Duration gap) {
        this.statCheckGap = gap;
    }

    /** One POP3 session, STAT messages first; true when it ended early because newly arrived STAT mail waits. */
    private boolean session(Counts counts) throws PollException {
        Store store = null;
        Folder folder = null;
        boolean finished = false;
        try {
            store = session.getStore(protocol);
            store.connect(server.host(), server.port(), server.user(), server.password());
            folder = store.getFolder("INBOX");
            folder.open(Folder.READ_WRITE);
            Message[] listed = folder.getMessages();
            // Without TOP a header read is a whole RETR: keep the server's order (the data center's is STAT first).
            boolean headersOnly = StatFirst.topAdvertised(store);
            List<Message> ordered = headersOnly ? StatFirst.inPriorityOrder(listed) : List.of(listed);
            // UIDs now, before any DELE: a server leaves messages marked deleted out of UIDL (RFC 1939; James does).
            Set<String> known = headersOnly ? StatFirst.uids(folder, listed) : Set.of();
            progress.sessionStarted(folder, ordered, headersOnly);
            long lastCheck = System.nanoTime();
            for (int i = 0; i < ordered.size(); i++) {
                boolean checkDue = System.nanoTime() - lastCheck >= statCheckGap.toNanos();
                if (headersOnly && i > 0 && checkDue && !StatFirst.isStat(ordered.get(i))) {
                    boolean statWaiting = statWaitingBeyond(known);
                    lastCheck = System.nanoTime();
                    if (statWaiting) {
                        finished = true;   // QUIT deletes what is committed; the rest stays for the next session
                        return true;
                    }
                }
                fetch(ordered.get(i), counts);
            }
            finished = true;
            return false;
        } catch (MessagingException | IOException e) {
            last = new PollResult(Instant.now(), counts.stored, counts.duplicates, counts.rejected,
                    Optional.of(Pop3Connections.describe(e)));
            throw new PollException("polling " + server + " stopped: " + Pop3Connections.describe(e)
                    + " (nothing is deleted on the server until a poll completes; the next poll resumes)", e);
        } finally {
            progress.sessionEnded();
            // expunge=true sends DELE for the flagged messages and QUIT; after a failure nothing is deleted.
            Pop3Connections.close(folder, store, finished);
        }
    }

    /** The quick check; when it fails the session just goes on (the next poll sees the STAT mail in any case). */
    private boolean statWaitingBeyond(Set<String> known) {
        try {
            return StatFirst.statWaitingBeyond(known, session, protocol, server);
        } catch (MessagingException | RuntimeException e) {
            log.debug("checking for newly arrived STAT mail failed; going on with the session: {}", e.toString());
            return false;
        }
    }

    private void fetch(Message message, Counts counts) throws MessagingException, IOException {
        progress.fetching(message);   // first: without TOP the header read below is already the whole RETR
        String[] ids = message.getHeader("Message-ID");
        String messageId = ids == null || ids.length == 0 ? null : ids[0].trim();
        if (messageId != null && inbox.hasMessage(messageId)) {
            message.setFlag(Flags.Flag.DELETED, true);
            counts.duplicates++;
            return;
        }
        String name = UUID.randomUUID().toString();
        Path work = incoming.resolve(name);
        try {
            ReadMessage read;
            try (InputStream in = readable(message, work)) {
                read = reader.read(in, work);
            } catch (WireFormatException e) {
                // Not our wire format: keep it for the admin, take it out of the mailbox so it does not block polling.
                refuse(message, name, messageId, e.error().code(), e.getMessage(), counts);
                return;
            } catch (SmimeException e) {
                refuse(message, name, messageId, e.failure().reasonCode(), e.getMessage(), counts);
                return;
            }
            List<StoredObject> stored = new ArrayList<>();
            for (ReceivedObject object : read.objects()) {
                stored.add(keep(read, object));
                if (stored.size() == 1) {
                    FaultPoint.MID_EXTRACT.reached();
                }
            }
            Instant now = Instant.now();
            ArrivedMessage arrived = new ArrivedMessage(read.messageId(), read.from(), read.type(),
                    Optional.ofNullable(read.studyUid()), read.priority(), read.part().number(), read.part().count(),
                    read.part().totalObjects(), now, read.priorFor());
            if (inbox.record(arrived, stored)) {
                counts.stored++;
            } else {
                counts.duplicates++;
            }
            message.setFlag(Flags.Flag.DELETED, true);
            afterCommit.run();
        } finally {
            Pop3Connections.deleteTree(work);
        }
    }

    /** The message to read: as fetched, or its opened (decrypted, verified) copy in {@code work} when it came sealed. */
    private InputStream readable(Message message, Path work) throws MessagingException, IOException, SmimeException {
        InputStream raw = RawMessages.rawMessage(message);
        if (!SealedMail.isSealed(message)) {
            return raw;
        }
        if (sealedMail == null) {
            raw.close();
            throw new SmimeException(SmimeFailure.UNDECRYPTABLE, "this viewer agent has no S/MIME key (smime.keystore)");
        }
        try (raw) {
            return Files.newInputStream(sealedMail.open(raw, work));
        }
    }

    /** Keeps a refused message and why for the admin, and takes it out of the mailbox so it does not block polling. */
    private void refuse(Message message, String name, String messageId, String code, String why, Counts counts)
            throws IOException, MessagingException {
        Path kept = rejected.resolve(name + ".eml");
        RawMessages.download(message, kept);
        try (OutputStream out = OwnerOnly.replacing(rejected.resolve(name + ".txt"))) {
            out.write((why + System.lineSeparator()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        log.warn("message {} refused ({}), kept as {}: {}", messageId, code, kept, why);
        message.setFlag(Flags.Flag.DELETED, true);
        counts.rejected++;
    }

    /** Moves a verified object to objects/<study>/<sop>.dcm and forces it to disk; a copy already there is kept. */
    private StoredObject keep(ReadMessage read, ReceivedObject object) throws IOException {
        Path folder = OwnerOnly.folder(objects.resolve(object.summary().studyInstanceUid().value()));
        Path target = folder.resolve(object.sopInstanceUid().value() + ".dcm");
        if (!Files.exists(target)) {
            Files.move(object.file(), target, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }
        return new StoredObject(object.sopInstanceUid(), object.type(), target, object.sha256(), object.size());
    }

    private PollResult pollQuietly() {
        try {
            return pollNow();
        } catch (PollException e) {
            log.warn(e.getMessage());
            return last;
        } catch (RuntimeException e) {
            log.error("the poller failed and will try again: {}", e.toString(), e);
            return last;
        }
    }

    @Override
    public void close() {
        loop.close();
    }

    private static final class Counts {
        int stored;
        int duplicates;
        int rejected;
    }
}
