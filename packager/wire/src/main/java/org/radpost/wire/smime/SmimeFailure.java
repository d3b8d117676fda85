package org.radpost.wire.smime;

import org.radpost.wire.RejectReason;

/**
 * Why a message's S/MIME protection was refused. Each names its {@link RejectReason}, which holds the SMTP and
 * enhanced status codes (RFC 3463 / RFC 5248), the stable reason code the receipts carry and the sentence the
 * sender reads, so the refusal vocabulary lives in one place.
 */
public enum SmimeFailure {
    NOT_ENCRYPTED(RejectReason.SMIME_NOT_ENCRYPTED),
    UNDECRYPTABLE(RejectReason.SMIME_UNDECRYPTABLE),
    UNSIGNED(RejectReason.SMIME_UNSIGNED),
    TAMPERED(RejectReason.SMIME_TAMPERED),
    UNTRUSTED_CA(RejectReason.SMIME_UNTRUSTED_CA),
    CERTIFICATE_EXPIRED(RejectReason.SMIME_CERTIFICATE_EXPIRED),
    WRONG_SIGNER(RejectReason.SMIME_WRONG_SIGNER);

    private final RejectReason reason;

    SmimeFailure(RejectReason reason) {
        this.reason = reason;
    }

    public RejectReason reason() { return reason; }
    public String enhancedStatus() { return reason.enhancedCode(); }
    public String reasonCode() { return reason.code(); }
    public String sentence() { return reason.sentence(); }
}
