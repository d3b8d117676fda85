package org.radpost.datacenter.validate;

import org.radpost.wire.read.WireError;

/**
 * Why the data center refuses a message at DATA: the SMTP reply code, the enhanced status code (RFC 3463),
 * the stable reason code that receipts and logs carry, and the sentence the sender reads.
 */
public enum RejectReason {
    NOT_RADPOST(554, "5.6.0", "not-radpost", "This is not a RadPost message; send studies with the RadPost packager"),
    MALFORMED(554, "5.6.0", "malformed-message", "The message is not well-formed MIME"),
    BAD_HEADERS(554, "5.6.0", "bad-headers", "The RadPost headers are missing, unreadable or disagree with the parts"),
    UID_MISMATCH(554, "5.6.0", "uid-mismatch", "A UID in the headers differs from the UID inside the object"),
    TYPE_MISMATCH(554, "5.6.0", "type-mismatch", "The object type in the headers differs from the object itself"),
    CHECKSUM_MISMATCH(554, "5.7.7", "checksum-mismatch", "An object's SHA-256 does not match its header: it was damaged on the way"),
    NOT_DICOM(554, "5.6.1", "not-dicom", "An attachment is not a DICOM object"),
    BAD_DICOM(554, "5.6.0", "bad-dicom", "A DICOM object is truncated or cannot be parsed"),
    MISSING_ATTRIBUTE(554, "5.6.0", "missing-attribute", "A DICOM object lacks a required attribute"),
    SENDER_NOT_ACCOUNT(550, "5.7.1", "sender-not-account", "The message's From is not the address of the account that logged in"),
    TOO_LARGE(552, "5.3.4", "too-large", "The message is larger than this server accepts"),
    UID_OWNED_BY_ANOTHER_CENTER(550, "5.7.1", "uid-owned-by-another-center", "The study or an object in it belongs to another center");

    private final int smtpCode;
    private final String enhancedCode;
    private final String code;
    private final String sentence;

    RejectReason(int smtpCode, String enhancedCode, String code, String sentence) {
        this.smtpCode = smtpCode;
        this.enhancedCode = enhancedCode;
        this.code = code;
        this.sentence = sentence;
    }

    public int smtpCode() { return smtpCode; }
    public String enhancedCode() { return enhancedCode; }
    public String code() { return code; }
    public String sentence() { return sentence; }

    /** The reason for a wire-format defect found by the packager's reader. */
    public static RejectReason of(WireError error) {
        return switch (error) {
            case NOT_RADPOST, UNSUPPORTED_VERSION -> NOT_RADPOST;
            case MALFORMED_MIME, LIMIT_EXCEEDED -> MALFORMED;
            case MISSING_HEADER, BAD_HEADER, HEADER_MISMATCH, BAD_RECEIPT -> BAD_HEADERS;
            case UID_MISMATCH -> UID_MISMATCH;
            case TYPE_MISMATCH -> TYPE_MISMATCH;
            case CHECKSUM_MISMATCH -> CHECKSUM_MISMATCH;
            case NOT_DICOM -> NOT_DICOM;
            case TRUNCATED, UNREADABLE_DICOM -> BAD_DICOM;
            case MISSING_ATTRIBUTE -> MISSING_ATTRIBUTE;
        };
    }
}
