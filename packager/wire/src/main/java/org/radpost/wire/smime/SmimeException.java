package org.radpost.wire.smime;

/** A message whose S/MIME protection does not hold, with the reason and what was found. */
public final class SmimeException extends Exception {
    private final SmimeFailure failure;
    private final String detail;

    public SmimeException(SmimeFailure failure, String detail, Throwable cause) {
        super(failure.sentence() + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"), cause);
        this.failure = failure;
        this.detail = detail == null ? "" : detail;
    }

    public SmimeException(SmimeFailure failure, String detail) {
        this(failure, detail, null);
    }

    /** What was found (the certificate, the dates), without the reason's sentence. */
    public String detail() {
        return detail;
    }

    public SmimeFailure failure() {
        return failure;
    }
}
