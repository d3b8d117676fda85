package org.radpost.viewer.store;

/** What an outgoing message carries back to the data center. */
public enum OutgoingKind {
    OVERLAY, REPORT, VIEWED_RECEIPT
}
