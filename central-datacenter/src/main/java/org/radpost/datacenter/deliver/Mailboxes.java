package org.radpost.datacenter.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.radpost.datacenter.Recorder;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.directory.Account;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.pop3.MailboxEntry;
import org.radpost.datacenter.pop3.MailboxStore;
import org.radpost.datacenter.spool.Spool;
import org.radpost.wire.Priority;

/**
 * The mailboxes the POP3 server serves, over the delivery table: STAT first, then in arrival order; each
 * message streams from its file. A deletion committed at QUIT is the moment of delivery: the study is marked
 * delivered and its center receives a delivered receipt.
 */
public final class Mailboxes implements MailboxStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Mailboxes.class);
    private final SessionFactory sessions;
    private final Recorder recorder;
    private final Clock clock;
    private final Delivered delivered = new Delivered();
    private final MailboxPolls polls;

    private final org.radpost.datacenter.metrics.Metrics metrics;

    public Mailboxes(SessionFactory sessions, Recorder recorder, Clock clock) {
        this(sessions, recorder, clock, new org.radpost.datacenter.metrics.Metrics());
    }

    public Mailboxes(SessionFactory sessions, Recorder recorder, Clock clock, org.radpost.datacenter.metrics.Metrics metrics) {
        this.metrics = metrics;
        this.sessions = sessions;
        this.recorder = recorder;
        this.clock = clock;
        this.polls = new MailboxPolls(sessions);
    }

    /** When each mailbox was last polled. */
    public MailboxPolls polls() {
        return polls;
    }

    @Override
    public void signedIn(Account account, String peerAddress) {
        try {
            polls.polled(Directory.addressOf(account), peerAddress, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("could not record the poll of {} from {}: {}", Directory.addressOf(account), peerAddress, e.toString());
        }
    }

    @Override
    public List<MailboxEntry> list(Account account) {
        return waiting(Directory.addressOf(account)).stream().map(d -> new MailboxEntry(d.popUid(), d.sizeBytes())).toList();
    }

    @Override
    public InputStream open(Account account, String uid) throws IOException {
        Delivery delivery = find(Directory.addressOf(account), uid);
        if (delivery == null) {
            throw new IOException("no message " + uid + " in the mailbox of " + Directory.addressOf(account));
        }
        org.radpost.schema.FaultPoint.reach("mid-pop3-retrieval");
        return Files.newInputStream(Path.of(delivery.filePath()));
    }

    @Override
    public void commitDeletes(Account account, Set<String> uids) {
        String mailbox = Directory.addressOf(account);
        List<Path> receiptFiles = new ArrayList<>();
        java.util.Map<String, Integer> fetchedByKind = new java.util.TreeMap<>();
        sessions.inTransaction(session -> {
            fetchedByKind.clear();
            Instant now = clock.instant();
            polls.fetched(session, mailbox, now);
            List<Delivery> deliveries = session.createSelectionQuery(
                            "from Delivery where mailbox = :m and popUid in (:u) and state = :q", Delivery.class)
                    .setParameter("m", mailbox).setParameterList("u", uids).setParameter("q", Delivery.State.QUEUED).getResultList();
            for (Delivery delivery : deliveries) {
                delivery.delivered(now);
                fetchedByKind.merge(delivery.kind().name(), 1, Integer::sum);
                StageResult.Continue outcome = delivered.of(session, delivery);
                if (outcome != null) {
                    recorder.events(session, delivery.studyUid().value(), mailbox, outcome.events());
                    recorder.notices(session, outcome.notices());
                }
                if (delivery.kind() == Delivery.Kind.RECEIPT || delivery.kind() == Delivery.Kind.PRIOR) {
                    receiptFiles.add(Path.of(delivery.filePath()));
                }
            }
        });
        fetchedByKind.forEach(metrics::delivered);
        // Receipts and restored priors live only in the mailbox: once fetched they go (the audit trail keeps the event).
        receiptFiles.forEach(Spool::deleteQuietly);
    }

    /** The account's queued messages, STAT before routine, then oldest first. */
    public List<Delivery> waiting(String mailbox) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from Delivery where mailbox = :m and state = :q"
                                + " order by case when priority = :stat then 0 else 1 end, id", Delivery.class)
                .setParameter("m", mailbox.toLowerCase()).setParameter("q", Delivery.State.QUEUED)
                .setParameter("stat", Priority.STAT).getResultList());
    }

    private Delivery find(String mailbox, String uid) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from Delivery where mailbox = :m and popUid = :u and state = :q", Delivery.class)
                .setParameter("m", mailbox).setParameter("u", uid).setParameter("q", Delivery.State.QUEUED).uniqueResult());
    }
}
