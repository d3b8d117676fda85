package org.radpost.packager.outbox;

import org.radpost.wire.transport.SubmitOutcome;

/** One attempt made by the outbox: the message as it was before the attempt, and what happened. */
public record Delivery(OutboxEntry entry, SubmitOutcome outcome) {
    public boolean sent() {
        return outcome instanceof SubmitOutcome.Sent;
    }
}
