package org.radpost.wire.smime;

/** A message whose S/MIME protection does not hold, with the reason and what was found. */
public final class SmimeException extends Exception {
    private final SmimeFailure failure;

    public SmimeException(SmimeFailure failure, String detail, Throwable cause) {
        super(failure.sentence() + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"), cause);
        this.failure = failure;
    }

    public SmimeException(SmimeFailure failure, String detail) {
        this(failure, detail, null);
    }

    public SmimeFailure failure() {
        return failure;
    }
}
