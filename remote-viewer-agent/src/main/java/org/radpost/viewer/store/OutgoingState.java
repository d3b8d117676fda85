package org.radpost.viewer.store;

import java.util.Locale;

/** How far an outgoing message got: waiting to be sent (again), accepted by the data center, or refused for good. */
public enum OutgoingState {
    QUEUED, SENT, FAILED;

    /** The word the page shows. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
