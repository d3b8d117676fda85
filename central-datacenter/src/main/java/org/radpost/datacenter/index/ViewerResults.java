package org.radpost.datacenter.index;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.hibernate.Session;
import org.radpost.datacenter.IntakeStep;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.directory.Account;
import org.radpost.datacenter.directory.Center;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.receipt.Notice;
import org.radpost.datacenter.spool.Arrival;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.ObjectType;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.receipt.Receipt;
import org.radpost.wire.receipt.ReceiptStatus;

/**
 * Index (what a viewer sends back): overlays and reports are indexed against the study they belong to, viewed
 * and reported receipts recorded; the center that sent the study is told.
 */
public final class ViewerResults implements IntakeStep.InTransaction {
    private final Directory directory;
    private final Indexer indexer;
    private final Clock clock;

    public ViewerResults(Directory directory, Indexer indexer, Clock clock) {
        this.directory = directory;
        this.indexer = indexer;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "results";
    }

    @Override
    public StageResult run(Session session, Arrival arrival) throws IOException {
        ReadMessage message = arrival.message();
        if (message.type().isDicom()) {
            return indexer.indexResult(session, message, clock.instant())
                    .map(indexed -> result(arrival, message, indexed)).orElse(StageResult.next());
        }
        return receipt(session, arrival, message);
    }

    private StageResult result(Arrival arrival, ReadMessage message, Indexer.Indexed indexed) {
        String study = message.studyUid().value();
        boolean report = message.objects().stream().anyMatch(o -> o.type() == ObjectType.REPORT);
        StageResult.Continue next = StageResult.next(report ? TrackingState.REPORTED : TrackingState.ANNOTATED,
                message.objects().size() + " " + message.type().token() + "(s) from " + arrival.sender());
        Optional<Center> center = directory.center(indexed.study().centerId());
        if (!report || center.isEmpty()) {
            return next;
        }
        return next.notify(new Notice(ReceiptStatus.REPORTED, center.get().address(), study, message.messageId(), "",
                "The study " + study + " was reported by " + arrival.sender() + "; the report follows in its own message.",
                IndexStep.entries(message)));
    }

    /** A viewer's status receipt (viewed, reported): recorded, and passed on to the center that sent the study. */
    private StageResult receipt(Session session, Arrival arrival, ReadMessage message) {
        Receipt receipt = message.receipt().orElseThrow();
        String study = message.studyUid().value();
        TrackingState state = switch (receipt.status()) {
            case VIEWED -> TrackingState.VIEWED;
            case REPORTED -> TrackingState.REPORTED;
            default -> null;
        };
        if (state == null || arrival.account().kind() != Account.Kind.VIEWER) {
            return StageResult.next(TrackingState.RECEIVED, "receipt '" + receipt.status().token() + "' from "
                    + arrival.sender() + " recorded; nothing to pass on");
        }
        StageResult.Continue next = StageResult.next(state, "receipt from the viewer");
        Optional<Center> center = Indexer.studyByUid(session, study).flatMap(s -> directory.center(s.centerId()));
        return center.map(c -> next.notify(new Notice(receipt.status(), c.address(), study, message.messageId(), "",
                "The study " + study + " " + receipt.status().sentence() + " (" + arrival.sender() + ").", receipt.objects())))
                .orElse(next);
    }
}
