package org.radpost.datacenter.unpack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.radpost.datacenter.IntakeStep;
import org.radpost.datacenter.StageResult;
import org.radpost.datacenter.receipt.RefusedObjects;
import org.radpost.datacenter.spool.Arrival;
import org.radpost.datacenter.spool.Spool;
import org.radpost.datacenter.tracking.TrackingState;
import org.radpost.wire.RejectReason;
import org.radpost.wire.StudyUid;
import org.radpost.wire.read.MessageReader;
import org.radpost.wire.read.ReadMessage;
import org.radpost.wire.read.WireFormatException;

/**
 * Unpack: reads the spooled message (its plain copy, when it came sealed) with the wire library's streaming reader into a private work folder. The
 * reader checks as it goes (headers against objects, SHA-256, DICOM headers), so a defect is refused here.
 */
public final class UnpackStep implements IntakeStep.OnDisk {
    private final Spool spool;
    private final MessageReader reader = new MessageReader();

    public UnpackStep(Spool spool) {
        this.spool = spool;
    }

    @Override
    public String name() {
        return "unpack";
    }

    @Override
    public StageResult run(Arrival arrival) throws IOException {
        if (arrival.work().isEmpty()) {
            arrival.work(spool.newWorkFolder());
        }
        ReadMessage message;
        try (InputStream in = Files.newInputStream(arrival.readable())) {
            message = reader.read(in, arrival.work().orElseThrow());
        } catch (WireFormatException e) {
            validUid(e.studyUidHeader()).ifPresent(arrival::studyUidHint);
            return new StageResult.Reject(e.error(), e.detail(), e.messageIdHeader(), RefusedObjects.of(e));
        }
        arrival.unpacked(message);
        return StageResult.next(TrackingState.RECEIVED, message.type().token() + " message " + message.messageId()
                + " part " + message.part().number() + "/" + message.part().count() + " with "
                + message.objects().size() + " object(s)");
    }

    /** A refused message's study header names the study in the receipt only if it is a valid UID. */
    private static java.util.Optional<String> validUid(String header) {
        try {
            return java.util.Optional.of(StudyUid.of(header).value());
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
