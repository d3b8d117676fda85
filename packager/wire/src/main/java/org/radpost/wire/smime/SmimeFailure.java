package org.radpost.wire.smime;

/**
 * Why a message's S/MIME protection was refused: each with its enhanced status code (RFC 3463 / RFC 5248),
 * the stable reason code the receipts carry, and the sentence the sender reads.
 */
public enum SmimeFailure {
    NOT_ENCRYPTED("5.7.5", "smime-not-encrypted", "the message is not encrypted to the data center (S/MIME enveloped-data is required)"),
    UNDECRYPTABLE("5.7.5", "smime-undecryptable", "the message is not encrypted to this recipient's certificate, or its encryption is damaged"),
    UNSIGNED("5.7.5", "smime-unsigned", "the message is encrypted but not signed by its sender"),
    TAMPERED("5.7.7", "smime-tampered", "the signature does not match the content: the message was altered after signing"),
    UNTRUSTED_CA("5.7.5", "smime-untrusted-ca", "the signer's certificate was not issued by this deployment's CA"),
    CERTIFICATE_EXPIRED("5.7.5", "smime-certificate-expired", "the signer's certificate is expired or not yet valid"),
    WRONG_SIGNER("5.7.1", "smime-wrong-signer", "the message is signed with another account's certificate than the one that logged in");

    private final String enhancedStatus;
    private final String reasonCode;
    private final String sentence;

    SmimeFailure(String enhancedStatus, String reasonCode, String sentence) {
        this.enhancedStatus = enhancedStatus;
        this.reasonCode = reasonCode;
        this.sentence = sentence;
    }

    public String enhancedStatus() { return enhancedStatus; }
    public String reasonCode() { return reasonCode; }
    public String sentence() { return sentence; }
}
