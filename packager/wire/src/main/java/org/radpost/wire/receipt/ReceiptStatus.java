package org.radpost.wire.receipt;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a receipt reports, with the RFC 8098 disposition a plain mail client shows for it.
 */
public enum ReceiptStatus {
    ACCEPTED("accepted", "processed", "was accepted by the data center"),
    REJECTED("rejected", "processed/error", "was rejected by the data center"),
    QUARANTINED("quarantined", "processed", "is valid but could not be routed; it waits in quarantine for an administrator"),
    DELIVERED("delivered", "dispatched", "was delivered to the viewer"),
    VIEWED("viewed", "displayed", "was opened by the radiologist"),
    REPORTED("reported", "processed", "was reported by the radiologist"),
    ARCHIVED("archived", "processed", "is stored in the lifetime archive"),
    RESEND_REQUESTED("resend-requested", "processed/error", "must be sent again");

    private final String token;
    private final String disposition;
    private final String sentence;

    ReceiptStatus(String token, String disposition, String sentence) {
        this.token = token;
        this.disposition = disposition;
        this.sentence = sentence;
    }

    public String token() {
        return token;
    }

    /** The disposition-type (and modifier) of the RFC 8098 Disposition field. */
    public String disposition() {
        return disposition;
    }

    /** Completes "The study ... " in the human-readable part. */
    public String sentence() {
        return sentence;
    }

    public static Optional<ReceiptStatus> fromToken(String token) {
        return Arrays.stream(values()).filter(s -> s.token.equalsIgnoreCase(token == null ? "" : token.trim())).findFirst();
    }
}
