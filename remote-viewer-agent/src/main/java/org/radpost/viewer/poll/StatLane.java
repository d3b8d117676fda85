package org.radpost.viewer.poll;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.radpost.viewer.config.MailServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second POP3 session beside a running one: while the main session downloads routine mail, at most once per
 * check gap it logs in, looks for STAT messages that landed after the main session's login ({@link
 * StatFirst#statBeyond}: never a UID the main session listed) and fetches, commits and deletes them through the same
 * {@link MessageFetcher} path, without waiting for the routine download. One lane session at a time, on a thread of
 * its own; a failed lane session is logged and leaves its mail for the next poll, and never touches the main one.
 *
 * <p>{@link #finish()} runs one last check (a STAT message that landed since the previous one is fetched in this
 * poll, not the next) and waits for the lane's session to end. The main session quits only after that: the next
 * poll can then never overlap the lane, and on a server without a login snapshot (GreenMail numbers messages over
 * the live mailbox, and its QUIT expunges every message flagged deleted) the main session's QUIT can never renumber
 * or delete messages under the lane's RETR and DELE.
 */
final class StatLane {
    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);

    private final Session session;
    private final String protocol;
    private final MailServer server;
    private final Set<String> known;
    private final Set<String> routine = new HashSet<>();
    private final MessageFetcher fetcher;
    private final Counts counts;
    private final long gapNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;
    private boolean finishing;          // guarded by lock: one last check, then end
    private boolean checkRequested;     // guarded by lock: the data center announced STAT mail; check without the gap
    private volatile boolean closing;   // the poller closes: end between messages, no further check
    private int sessions;               // the lane thread's own

    /**
     * @param known the main session's UIDs, taken at its login; the lane never takes one of them
     * @param counts the poll's counts, which the lane adds to from its own thread
     */
    StatLane(Session session, String protocol, MailServer server, Set<String> known, MessageFetcher fetcher,
             Counts counts, Duration gap) {
        this.session = session;
        this.protocol = protocol;
        this.server = server;
        this.known = Set.copyOf(known);
        this.fetcher = fetcher;
        this.counts = counts;
        this.gapNanos = gap.toNanos();
        this.thread = new Thread(this::run, "viewer-stat-lane");
        this.thread.setDaemon(true);
    }

    /** Starts checking; the first check comes one gap from now. */
    StatLane start() {
        thread.start();
        return this;
    }

    /**
     * Runs the last check and waits until the lane's session has ended. False when interrupted first (the poller is
     * closing): the lane may then still be in a session, and the main session must not delete anything at its QUIT.
     */
    boolean finish() {
        lock.lock();
        try {
            finishing = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Checks at once instead of at the next gap (the data center announced STAT mail). */
    void checkNow() {
        lock.lock();
        try {
            checkRequested = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the lane soon: no further check; a session in progress ends after the message it is fetching. */
    void close() {
        closing = true;
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits at most {@code wait} for the lane's thread to end; true when it has. */
    boolean awaitEnd(Duration wait) {
        try {
            thread.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private void run() {
        long lastCheck = System.nanoTime();
        boolean last = false;
        while (!last && !closing) {
            last = awaitNextCheck(lastCheck);
            if (!closing) {
                checkAndFetch();
            }
            lastCheck = System.nanoTime();
        }
        log.debug("STAT lane ended after {} check session(s)", sessions);
    }

    /**
     * Waits until a check is due; true when it is to be the last. The last one comes at once: the main session waits
     * for it before its QUIT, and waiting out the gap there held a whole poll (with a long gap, for that long). It is
     * one login more per poll, not per gap.
     */
    private boolean awaitNextCheck(long lastCheck) {
        lock.lock();
        try {
            long wait;
            while (!closing && !finishing && !checkRequested && (wait = lastCheck + gapNanos - System.nanoTime()) > 0) {
                wake.awaitNanos(wait);
            }
            checkRequested = false;
            return finishing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // nobody interrupts the lane; if someone does, it ends
            closing = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** One lane session: the check, and the STAT messages it finds fetched, committed and deleted at QUIT. */
    private void checkAndFetch() {
        Store store = null;
        Folder folder = null;
        boolean finished = false;
        sessions++;
        try {
            store = session.getStore(protocol);
            store.connect(server.host(), server.port(), server.user(), server.password());
            folder = store.getFolder("INBOX");
            folder.open(Folder.READ_WRITE);
            List<Message> stat = StatFirst.statBeyond(known, routine, folder);
            for (Message message : stat) {
                if (closing) {
                    break;
                }
                fetcher.fetch(message, counts);
            }
            if (!stat.isEmpty()) {
                log.info("fetched {} newly arrived STAT message(s) in a second session beside the running one", stat.size());
            }
            finished = true;
        } catch (MessagingException | IOException | RuntimeException e) {
            log.warn("fetching newly arrived STAT mail in a second POP3 session failed; it stays in the mailbox for the"
                    + " next poll: {}", Pop3Connections.describe(e));
        } finally {
            // expunge=true: DELE for what this lane committed, then QUIT; after a failure nothing is deleted.
            Pop3Connections.close(folder, store, finished);
        }
    }
}
