package org.radpost.datacenter.index;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.hibernate.Session;
import org.radpost.datacenter.IntakeStep;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.directory.Center;
import org.radpost.datacenter.directory.Directory;
import org.radpost.datacenter.receipt.Notice;
import org.radpost.datacenter.spool.Arrival;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.receipt.ReceiptEntry;
import org.radpost.wire.receipt.ReceiptStatus;

/** Index (a center's study): patient, study, series and instance rows, and an accepted receipt to the center. */
public final class IndexStep implements IntakeStep.InTransaction {
    private final Directory directory;
    private final Indexer indexer;
    private final Clock clock;

    public IndexStep(Directory directory, Indexer indexer, Clock clock) {
        this.directory = directory;
        this.indexer = indexer;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "index";
    }

    @Override
    public StageResult run(Session session, Arrival arrival) throws IOException {
        ReadMessage message = arrival.message();
        String study = message.studyUid().value();
        if (!message.type().isDicom()) {
            // A center has no receipt to pass on; the event keeps what it sent.
            return StageResult.next(TrackingState.RECEIVED, "receipt '" + message.receipt().map(r -> r.status().token()).orElse("")
                    + "' from " + arrival.sender() + " recorded; nothing to pass on");
        }
        Center center = directory.centerByAddress(arrival.sender()).orElseThrow(() -> new IllegalStateException(
                "the logged-in center " + arrival.sender() + " is no longer in the directory"));
        // One center's messages are indexed one at a time (its row locked until this transaction commits): parts of one
        // study and new studies of one patient arriving on parallel connections would otherwise both create the same
        // patient, study or series row. Spooling, unpacking and validation before this stay parallel; other centers too.
        session.createNativeQuery("select id from center where id = :id for update", Long.class)
                .setParameter("id", center.id()).getResultList();
        var foreign = Ownership.conflict(session, center.id(), message);
        if (foreign.isPresent()) {
            return new StageResult.Reject(org.radpost.wire.RejectReason.UID_OWNED_BY_ANOTHER_CENTER, foreign.get());
        }
        String destination = arrival.recipients().isEmpty() ? String.join(",", message.to()) : arrival.recipients().get(0);
        Indexer.Indexed indexed = indexer.indexFromCenter(session, center.id(), destination, message, clock.instant());
        return StageResult.next(TrackingState.INDEXED, indexed.newObjects() + " new, " + indexed.replacedObjects()
                        + " replaced; " + indexed.study().receivedObjects() + " of " + indexed.study().expectedObjects() + " objects held")
                .notify(new Notice(ReceiptStatus.ACCEPTED, arrival.sender(), study, message.messageId(), "", "", entries(message)));
    }

    /** The objects of a message, as a receipt names them. */
    public static List<ReceiptEntry> entries(ReadMessage message) {
        return message.objects().stream().map(o -> ReceiptEntry.of(o.type(), o.sopInstanceUid())).toList();
    }
}
