package org.radpost.datacenter.route;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;
import org.radpost.datacenter.Stage;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.deliver.Delivery;
import org.radpost.datacenter.directory.Center;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.directory.Viewer;
import org.radpost.datacenter.index.Indexer;
import org.radpost.datacenter.index.Study;
import org.radpost.datacenter.spool.MessageState;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.TrackingState;

/**
 * Decides where a message goes, one delivery per destination. A center's study goes to every viewer its
 * envelope names that is known and that the center may send to (for the study's modality); a viewer's overlay
 * or report goes back to the center that sent the study. A destination that cannot be served is held in
 * quarantine with its reason, never dropped; a destination routed before is not routed twice.
 */
public final class RouteStage implements Stage {
    private final Directory directory;
    private final Clock clock;

    public RouteStage(Directory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public MessageState state() {
        return MessageState.ROUTE;
    }

    @Override
    public StageResult run(Session session, ReceivedMessage message) {
        Optional<Center> sendingCenter = directory.centerByAddress(message.account());
        if (sendingCenter.isPresent()) {
            return routeStudy(session, message, sendingCenter.get());
        }
        return routeResult(session, message);
    }

    private StageResult routeStudy(Session session, ReceivedMessage message, Center center) {
        String modality = Indexer.studyByUid(session, message.studyUid().value()).map(Study::modality).orElse("");
        List<String> routed = new ArrayList<>();
        List<StageResult.Hold> held = new ArrayList<>();
        for (String recipient : message.recipients()) {
            Optional<Viewer> viewer = directory.viewerByAddress(recipient);
            if (viewer.isEmpty() || !viewer.get().active()) {
                held.add(new StageResult.Hold(recipient, "unknown-destination", "no active viewer has the address " + recipient));
            } else if (!directory.isAuthorized(center, viewer.get(), modality)) {
                held.add(new StageResult.Hold(recipient, "unauthorized-route", "center " + center.code() + " is not authorized to send "
                        + (modality.isEmpty() ? "studies" : modality + " studies") + " to viewer " + viewer.get().code()));
            } else {
                route(session, message, viewer.get().address(), Delivery.Kind.STUDY);
                routed.add("viewer " + viewer.get().code() + " <" + viewer.get().address() + ">");
            }
        }
        if (routed.isEmpty()) {
            return new StageResult.Quarantine(held);
        }
        org.radpost.schema.FaultPoint.reach("mid-route");
        return new StageResult.Continue(List.of(new StageResult.Event(TrackingState.ROUTED, "to " + String.join(", ", routed))),
                List.of(), held);
    }

    private StageResult routeResult(Session session, ReceivedMessage message) {
        Optional<Study> study = Indexer.studyByUid(session, message.studyUid().value());
        String destination = String.join(",", message.recipients());
        if (study.isEmpty()) {
            return new StageResult.Quarantine(List.of(new StageResult.Hold(destination, "unknown-study", "the "
                    + message.objectType().token() + " is about study " + message.studyUid() + ", which this data center does not hold")));
        }
        Optional<Center> origin = directory.center(study.get().centerId());
        if (origin.isEmpty()) {
            return new StageResult.Quarantine(List.of(new StageResult.Hold(destination, "unknown-destination",
                    "the center that sent study " + message.studyUid() + " no longer exists")));
        }
        route(session, message, origin.get().address(), Delivery.Kind.RESULT);
        return StageResult.next(TrackingState.ROUTED, "back to center " + origin.get().code() + " <" + origin.get().address() + ">");
    }

    /** One delivery per destination and message: a re-run (after a crash, or a release from quarantine) adds none. */
    private void route(Session session, ReceivedMessage message, String mailbox, Delivery.Kind kind) {
        boolean already = session.createSelectionQuery("select count(*) from Delivery where messageRef = :m and mailbox = :b", Long.class)
                .setParameter("m", message.id()).setParameter("b", mailbox.toLowerCase()).getSingleResult() > 0;
        if (!already) {
            session.persist(Delivery.routed(mailbox, message.studyUid(), kind, message.id(), message.spoolPath(),
                    message.sizeBytes(), message.priority(), clock.instant()));
        }
    }
}
