package org.radpost.viewer.poll;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import javax.net.ssl.SSLSocketFactory;
import org.radpost.wire.read.MessageReader;
import org.radpost.viewer.background.BackgroundLoop;
import org.radpost.viewer.config.MailServer;
import org.radpost.viewer.store.Inbox;
import org.radpost.wire.tls.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the viewer's mailbox over POP3 with TLS, at an interval and on demand. Each message streams into Jakarta
 * Mail's file cache and from there through the wire library's {@link MessageReader}, which verifies it; its objects
 * are moved into the data folder and committed to the inbox — and only then flagged for deletion, which the server
 * carries out at QUIT ({@link MessageFetcher}). A session that dies part-way deletes nothing; the next poll re-reads
 * what was already committed and recognises it by Message-ID. STAT mail goes first ({@link StatFirst}); STAT mail
 * that lands while routine mail downloads is fetched beside it by a second session ({@link StatLane}).
 */
public final class MailboxPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);
    /** At most one check for newly arrived STAT mail (a second, short POP3 login) per this much routine download. */
    static final Duration DEFAULT_STAT_CHECK_GAP = Duration.ofMillis(200);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final MailServer server;
    private final Session session;
    private final String protocol;
    private final MessageFetcher fetcher;
    private final MessageFetcher laneFetcher;
    private final DownloadProgress progress;
    private final BackgroundLoop<PollResult> loop = new BackgroundLoop<>("viewer-poller", CLOSE_WAIT, this::pollQuietly);
    private volatile PollResult last;
    private volatile Duration statCheckGap = DEFAULT_STAT_CHECK_GAP;
    private volatile StatLane lane;
    /** A poll asked for by an event and not yet begun: a burst of events is one poll. */
    private final java.util.concurrent.atomic.AtomicBoolean wakePending = new java.util.concurrent.atomic.AtomicBoolean();

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
        this.server = server;
        Path incoming = OwnerOnly.folder(dataFolder.resolve("incoming"));
        Path objects = OwnerOnly.folder(dataFolder.resolve("objects"));
        Path rejected = OwnerOnly.folder(dataFolder.resolve("rejected"));
        this.fetcher = new MessageFetcher(inbox, incoming, objects, rejected, afterCommit, sealedMail);
        this.laneFetcher = new MessageFetcher(inbox, incoming, objects, rejected, afterCommit, sealedMail);
        this.progress = new DownloadProgress(incoming);
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

    /**
     * The data center says mail landed: poll as soon as the current poll is done, and when a STAT message waits while
     * routine mail downloads, have the STAT lane look at once rather than at its next check.
     */
    public void mailArrived(boolean stat) {
        StatLane running = lane;
        if (stat && running != null) {
            running.checkNow();
        }
        if (wakePending.compareAndSet(false, true)) {
            loop.wake();
        }
    }

    /** The last poll's outcome, if any poll ran. */
    public Optional<PollResult> lastResult() {
        return Optional.ofNullable(last);
    }

    /** What the main session is downloading now and how far it is (idle between sessions). */
    public DownloadProgress progress() {
        return progress;
    }

    /** Polls once in the caller's thread: one POP3 session, and beside it a second one for STAT mail landing meanwhile. */
    public synchronized PollResult pollNow() throws PollException {
        Counts counts = new Counts();
        Exception failure = session(counts);
        if (failure != null) {
            last = result(counts, Optional.of(Pop3Connections.describe(failure)));
            throw new PollException("polling " + server + " stopped: " + Pop3Connections.describe(failure)
                    + " (nothing is deleted on the server until a poll completes; the next poll resumes)", failure);
        }
        last = result(counts, Optional.empty());
        return last;
    }

    /** Sets how long the poller downloads routine mail at least between two checks for newly arrived STAT mail. */
    void statCheckGap(Duration gap) {
        this.statCheckGap = gap;
    }

    /** One POP3 session, STAT messages first; the reason it stopped early, or null. */
    private Exception session(Counts counts) {
        Store store = null;
        Folder folder = null;
        StatLane statLane = null;
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
            for (Message message : ordered) {
                if (headersOnly && statLane == null && !StatFirst.isStat(message)) {
                    // Routine downloads from here on: STAT mail landing meanwhile is fetched beside them.
                    statLane = lane = new StatLane(session, protocol, server, known, laneFetcher, counts, statCheckGap).start();
                }
                progress.fetching(message);   // first: without TOP the fetcher's header read is already the whole RETR
                fetcher.fetch(message, counts);
            }
            finished = true;
            return null;
        } catch (MessagingException | IOException e) {
            return e;
        } finally {
            progress.sessionEnded();
            // The lane's session ends before this one's DELE and QUIT (see StatLane); if that cannot be waited for
            // (the poller closes), nothing is deleted: the next poll finds the committed messages and drops them.
            if (statLane != null && !finished) {
                statLane.close();   // no last check after a failed session: the next poll looks anyway
            }
            boolean laneEnded = statLane == null || statLane.finish();
            lane = null;
            // expunge=true sends DELE for the flagged messages and QUIT; after a failure nothing is deleted.
            Pop3Connections.close(folder, store, finished && laneEnded);
        }
    }

    private static PollResult result(Counts counts, Optional<String> error) {
        return new PollResult(Instant.now(), counts.stored.get(), counts.duplicates.get(), counts.rejected.get(), error);
    }

    private PollResult pollQuietly() {
        wakePending.set(false);   // this poll sees whatever landed before it logs in
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

    /**
     * Stops polling: a STAT lane ends after the message it is fetching, the background poll is waited for briefly, and
     * so is the lane. Whatever either has not committed stays on the server (nothing is deleted before its commit).
     */
    @Override
    public void close() {
        StatLane running = lane;
        if (running != null) {
            running.close();
        }
        loop.close();
        if (running != null && !running.awaitEnd(CLOSE_WAIT)) {
            log.warn("the second POP3 session for STAT mail is still fetching a message at close; what it has not"
                    + " committed stays on the server for the next start");
        }
    }
}
