package org.radpost.datacenter.deliver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;
import org.radpost.datacenter.Stage;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.smime.DataCenterSmime;
import org.radpost.datacenter.spool.MessageState;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.spool.Spool;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.smime.Certificates;

/**
 * Puts each routed delivery of a message into its destination's mailbox, with the payload the stages before
 * left it (the spooled original, so the viewer verifies the same checksums, unless a stage replaced it). A
 * viewer or center whose S/MIME certificate the directory holds gets the payload signed by the data center and
 * encrypted to that certificate (the spooled original was sealed to the data center, so it is opened first); a payload
 * that came sealed is opened for a destination without a certificate. It is "delivered" only when the client's
 * POP3 deletion is committed.
 */
public final class DeliverStage implements Stage {
    private final DataCenterSmime smime;
    private final Spool spool;
    private final MailboxArrivals arrivals;

    /** {@code arrivals} hears of each mailbox this stage filled, once the transaction has committed. */
    public DeliverStage(DataCenterSmime smime, Spool spool, MailboxArrivals arrivals) {
        this.smime = smime;
        this.spool = spool;
        this.arrivals = arrivals;
    }

    @Override
    public MessageState state() {
        return MessageState.DELIVER;
    }

    @Override
    public StageResult run(Session session, ReceivedMessage message) throws IOException {
        List<Delivery> deliveries = session.createSelectionQuery(
                        "from Delivery where messageRef = :m and kind in (:k) order by id", Delivery.class)
                .setParameter("m", message.id()).setParameterList("k", List.of(Delivery.Kind.STUDY, Delivery.Kind.RESULT))
                .getResultList();
        List<String> sealed = new java.util.ArrayList<>();
        Path work = null;
        try {
            for (Delivery delivery : deliveries) {
                if (delivery.state() != Delivery.State.ROUTED) {
                    continue;
                }
                Optional<X509Certificate> recipient = recipientCertificate(delivery);
                Path payload = Path.of(delivery.filePath());
                if (recipient.isEmpty() && !Certificates.isSealed(payload)) {
                    continue; // plain in, plain out: neither side uses S/MIME
                }
                work = work != null ? work : spool.newWorkFolder();
                Path plain = smime.plainCopy(payload, work);
                Path target = spool.mailbox(delivery.mailbox()).resolve(delivery.popUid() + ".eml");
                if (smime.intoMailbox(plain, delivery.mailbox(), target, work)) {
                    sealed.add(delivery.mailbox());
                }
                delivery.payload(target, Files.size(target));
            }
        } finally {
            if (work != null) {
                Spool.deleteQuietly(work);
            }
        }
        deliveries.forEach(Delivery::queue);
        announceAfterCommit(session, deliveries);
        org.radpost.schema.FaultPoint.reach("mid-delivery");
        return StageResult.next(TrackingState.QUEUED, "waiting in the mailbox of "
                + String.join(", ", deliveries.stream().map(Delivery::mailbox).toList())
                + (sealed.isEmpty() ? "" : " (signed and encrypted with S/MIME for " + String.join(", ", sealed) + ")"));
    }

    /**
     * A viewer told before the commit would poll and find nothing: the news goes out only once the rows are committed
     * (a rolled-back attempt announces nothing).
     */
    private void announceAfterCommit(Session session, List<Delivery> deliveries) {
        java.util.Set<String> mailboxes = new java.util.TreeSet<>();
        deliveries.forEach(d -> mailboxes.add(d.mailbox()));
        if (mailboxes.isEmpty()) {
            return;
        }
        session.getTransaction().registerSynchronization(new jakarta.transaction.Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == jakarta.transaction.Status.STATUS_COMMITTED) {
                    arrivals.landed(mailboxes);
                }
            }
        });
    }

    /**
     * Studies go sealed to a viewer with a certificate, and overlays and reports to a center with one (its
     * packager opens them with its key and checks the data center's signature).
     */
    private Optional<X509Certificate> recipientCertificate(Delivery delivery) {
        return smime.directory().of(delivery.mailbox());
    }
}
