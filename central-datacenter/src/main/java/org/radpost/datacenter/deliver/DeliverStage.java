package org.radpost.datacenter.deliver;

import java.util.List;
import org.hibernate.Session;
import org.radpost.datacenter.Stage;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.spool.MessageState;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.TrackingState;

/**
 * Puts each routed delivery of a message into its destination's mailbox, with the payload the stages before
 * left it (the spooled original, so the viewer verifies the same checksums, unless a stage replaced it). It
 * is "delivered" only when the client's POP3 deletion is committed.
 */
public final class DeliverStage implements Stage {

    @Override
    public MessageState state() {
        return MessageState.DELIVER;
    }

    @Override
    public StageResult run(Session session, ReceivedMessage message) {
        List<Delivery> deliveries = session.createSelectionQuery(
                        "from Delivery where messageRef = :m and kind in (:k) order by id", Delivery.class)
                .setParameter("m", message.id()).setParameterList("k", List.of(Delivery.Kind.STUDY, Delivery.Kind.RESULT))
                .getResultList();
        deliveries.forEach(Delivery::queue);
        org.radpost.schema.FaultPoint.reach("mid-delivery");
        return StageResult.next(TrackingState.QUEUED, "waiting in the mailbox of "
                + String.join(", ", deliveries.stream().map(Delivery::mailbox).toList()));
    }
}
