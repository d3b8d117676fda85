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
import org.radpost.datacenter.directory.Account;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.index.Instance;
import org.radpost.datacenter.pop3.MailboxEntry;
import org.radpost.datacenter.pop3.MailboxStore;
import org.radpost.datacenter.receipt.ReceiptMailer;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.spool.Spool;
import org.radpost.datacenter.tracking.Tracker;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.ObjectType;
import org.radpost.wire.SopInstanceUid;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;

/**
 * The mailboxes the POP3 server serves, over the delivery table: STAT first, then in arrival order; each
 * message streams from its file. A deletion committed at QUIT is the moment of delivery: the study is marked
 * delivered and its center receives a delivered receipt.
 */
public final class Mailboxes implements MailboxStore {
    private final SessionFactory sessions;
    private final ReceiptMailer receipts;
    private final Tracker tracker;
    private final Clock clock;

    public Mailboxes(SessionFactory sessions, ReceiptMailer receipts, Tracker tracker, Clock clock) {
        this.sessions = sessions;
        this.receipts = receipts;
        this.tracker = tracker;
        this.clock = clock;
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
        sessions.inTransaction(session -> {
            Instant now = clock.instant();
            List<Delivery> deliveries = session.createSelectionQuery(
                            "from Delivery where mailbox = :m and popUid in (:u) and state = 'QUEUED'", Delivery.class)
                    .setParameter("m", mailbox).setParameterList("u", uids).getResultList();
            for (Delivery delivery : deliveries) {
                delivery.delivered(now);
                switch (delivery.kind()) {
                    case RECEIPT -> receiptFiles.add(Path.of(delivery.filePath()));
                    case PRIOR -> {
                        tracker.study(session, delivery.studyUid(), TrackingState.DELIVERED, mailbox,
                                "delivered as a prior study for comparison");
                        receiptFiles.add(Path.of(delivery.filePath()));
                    }
                    case STUDY, RESULT -> {
                        ReceivedMessage message = session.find(ReceivedMessage.class, delivery.messageRef());
                        tracker.study(session, delivery.studyUid(), TrackingState.DELIVERED, mailbox,
                                message.objectType() + " message part " + message.partNumber() + "/" + message.partCount()
                                        + " fetched and deleted over POP3");
                        if (delivery.kind() == Delivery.Kind.STUDY) {
                            List<ReceiptEntry> objects = session.createSelectionQuery(
                                            "from Instance where messageId = :m", Instance.class)
                                    .setParameter("m", message.messageId()).getResultList().stream()
                                    .map(i -> ReceiptEntry.of(ObjectType.valueOf(i.objectType()), SopInstanceUid.of(i.sopInstanceUid())))
                                    .toList();
                            receipts.send(session, ReceiptStatus.DELIVERED, message.account(), delivery.studyUid(),
                                    message.messageId(), "", "The study " + delivery.studyUid() + " (part " + message.partNumber()
                                            + " of " + message.partCount() + ") was delivered to " + mailbox + ".", objects);
                        }
                    }
                }
            }
        });
        // Receipts and restored priors live only in the mailbox: once fetched they go (the audit trail keeps the event).
        receiptFiles.forEach(Spool::deleteQuietly);
    }

    /** The account's queued messages, STAT before routine, then oldest first. */
    public List<Delivery> waiting(String mailbox) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from Delivery where mailbox = :m and state = 'QUEUED'"
                                + " order by case when upper(priority) = 'STAT' then 0 else 1 end, id", Delivery.class)
                .setParameter("m", mailbox.toLowerCase()).getResultList());
    }

    private Delivery find(String mailbox, String uid) {
        return sessions.fromSession(s -> s.createSelectionQuery(
                        "from Delivery where mailbox = :m and popUid = :u and state = 'QUEUED'", Delivery.class)
                .setParameter("m", mailbox).setParameter("u", uid).uniqueResult());
    }
}
