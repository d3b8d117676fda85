package org.radpost.datacenter.deliver;

import java.time.Clock;
import org.hibernate.Session;
import org.radpost.datacenter.Stage;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.TrackingState;

/**
 * Puts a routed message into its destination's mailbox (store and forward: the spooled message itself, so the
 * viewer verifies the same checksums). It is "delivered" only when the viewer's POP3 deletion is committed.
 */
public final class DeliverStage implements Stage {
    private final Clock clock;

    public DeliverStage(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "deliver";
    }

    @Override
    public TrackingState onSuccess() {
        return TrackingState.QUEUED;
    }

    @Override
    public StageResult run(Session session, ReceivedMessage message) {
        long already = session.createSelectionQuery("select count(*) from Delivery where messageRef = :m", Long.class)
                .setParameter("m", message.id()).getSingleResult();
        if (already == 0) {
            Delivery.Kind kind = "image".equals(message.objectType()) ? Delivery.Kind.STUDY : Delivery.Kind.RESULT;
            session.persist(new Delivery(java.util.UUID.randomUUID().toString(), message.recipient(), message.studyUid(), kind,
                    message.id(), message.spoolPath(), message.sizeBytes(), message.priority(), clock.instant()));
        }
        org.radpost.schema.FaultPoint.reach("mid-delivery");
        return new StageResult.Continue("waiting in the mailbox of " + message.recipient());
    }
}
