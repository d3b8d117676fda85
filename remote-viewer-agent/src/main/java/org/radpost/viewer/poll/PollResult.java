package org.radpost.viewer.poll;

import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of one mailbox poll: messages stored, messages already known (deleted again without storing),
 * messages refused as not RadPost's wire format (kept under rejected/), and the error that ended the session early.
 */
public record PollResult(Instant at, int stored, int duplicates, int rejected, Optional<String> error) {
    public boolean ok() {
        return error.isEmpty();
    }
}
