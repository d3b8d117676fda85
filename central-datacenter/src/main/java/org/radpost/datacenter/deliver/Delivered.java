package org.radpost.datacenter.deliver;

import java.util.List;
import org.hibernate.Session;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.receipt.Notice;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.receipt.ReceiptStatus;

/**
 * Delivered, the pipeline's last word on a delivery: run when the client's POP3 deletion is committed at QUIT.
 * A study's center gets a delivered receipt naming its objects.
 */
public final class Delivered {

    /** What the deletion of one delivery means; null when there is nothing to record (a receipt fetched). */
    public StageResult.Continue of(Session session, Delivery delivery) {
        String mailbox = delivery.mailbox();
        return switch (delivery.kind()) {
            case RECEIPT -> null;
            case PRIOR -> StageResult.next(TrackingState.DELIVERED, "delivered as a prior study for comparison");
            case STUDY, RESULT -> {
                ReceivedMessage message = session.find(ReceivedMessage.class, delivery.messageRef());
                StageResult.Continue next = StageResult.next(TrackingState.DELIVERED, message.objectType().token()
                        + " message part " + message.partNumber() + "/" + message.partCount() + " fetched and deleted over POP3");
                // No objects named: the receipt names every object the message carried, held before or not; it reports
                // the disposition of the viewer whose mailbox it was.
                yield delivery.kind() == Delivery.Kind.RESULT ? next : next.notify(new Notice(ReceiptStatus.DELIVERED,
                        message.account(), delivery.studyUid().value(), message.messageId(), "", "The study " + delivery.studyUid()
                                + " (part " + message.partNumber() + " of " + message.partCount() + ") was delivered to " + mailbox + ".",
                        List.of(), mailbox));
            }
        };
    }
}
