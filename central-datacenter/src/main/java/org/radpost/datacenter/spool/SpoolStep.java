package org.radpost.datacenter.spool;

import java.io.IOException;
import org.radpost.datacenter.IntakeStep;
import org.radpost.datacenter.StageResult;
import org.radpost.wire.RejectReason;

/** Spool: streams the message to a spool file and fsyncs it; a message past the size cap is refused. */
public final class SpoolStep implements IntakeStep.OnDisk {
    private final Spool spool;
    private final long maxMessageBytes;

    public SpoolStep(Spool spool, long maxMessageBytes) {
        this.spool = spool;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public String name() {
        return "spool";
    }

    @Override
    public StageResult run(Arrival arrival) throws IOException {
        try {
            arrival.spooled(spool.write(arrival.data(), maxMessageBytes));
            return StageResult.next();
        } catch (Spool.TooLargeException e) {
            return new StageResult.Reject(RejectReason.TOO_LARGE, e.getMessage());
        }
    }
}
