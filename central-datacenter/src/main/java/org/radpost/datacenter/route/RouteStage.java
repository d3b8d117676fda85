package org.radpost.datacenter.route;

import java.util.Optional;
import org.hibernate.Session;
import org.radpost.datacenter.Stage;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.directory.Center;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.directory.Viewer;
import org.radpost.datacenter.index.Indexer;
import org.radpost.datacenter.index.Study;
import org.radpost.datacenter.spool.ReceivedMessage;
import org.radpost.datacenter.tracking.TrackingState;

/**
 * Decides where a message goes. A center's study goes to the viewer it names, if that viewer is known and the
 * center is authorized to send to it (for the study's modality); a viewer's overlay or report goes back to the
 * center that sent the study. Anything else is quarantined with its reason, never dropped.
 */
public final class RouteStage implements Stage {
    private final Directory directory;

    public RouteStage(Directory directory) {
        this.directory = directory;
    }

    @Override
    public String name() {
        return "route";
    }

    @Override
    public TrackingState onSuccess() {
        return TrackingState.ROUTED;
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
        Optional<Viewer> viewer = directory.viewerByAddress(message.recipient());
        if (viewer.isEmpty() || !viewer.get().active()) {
            return new StageResult.Quarantine("unknown-destination",
                    "no active viewer has the address " + message.recipient());
        }
        String modality = Indexer.studyByUid(session, message.studyUid()).map(Study::modality).orElse("");
        if (!directory.isAuthorized(center, viewer.get(), modality)) {
            return new StageResult.Quarantine("unauthorized-route", "center " + center.code()
                    + " is not authorized to send " + (modality.isEmpty() ? "studies" : modality + " studies")
                    + " to viewer " + viewer.get().code());
        }
        org.radpost.schema.FaultPoint.reach("mid-route");
        return new StageResult.Continue("to viewer " + viewer.get().code() + " <" + viewer.get().address() + ">");
    }

    private StageResult routeResult(Session session, ReceivedMessage message) {
        Optional<Study> study = Indexer.studyByUid(session, message.studyUid());
        if (study.isEmpty()) {
            return new StageResult.Quarantine("unknown-study", "the " + message.objectType()
                    + " is about study " + message.studyUid() + ", which this data center does not hold");
        }
        Optional<Center> origin = directory.centers().stream().filter(c -> c.id().equals(study.get().centerId())).findFirst();
        if (origin.isEmpty()) {
            return new StageResult.Quarantine("unknown-destination", "the center that sent study " + message.studyUid() + " no longer exists");
        }
        message.recipient(origin.get().address());
        return new StageResult.Continue("back to center " + origin.get().code() + " <" + origin.get().address() + ">");
    }
}
