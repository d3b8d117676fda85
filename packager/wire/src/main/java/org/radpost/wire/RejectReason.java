package org.radpost.wire;

import java.util.Optional;

/**
 * Why a message or an object is refused: the one vocabulary of the reader, the DICOM checks, the data center's
 * SMTP replies and the rejection receipts. Each reason knows its SMTP reply code, its enhanced status code
 * (RFC 3463), the stable reason code receipts and logs carry, and the sentence the sender reads; reasons
 * about one file also know how to finish "{@code <file> ...}".
 */
public enum RejectReason {
    NOT_RADPOST(554, "5.6.0", "not-radpost", "The message is not in RadPost's wire format; send studies with the RadPost packager"),
    UNSUPPORTED_VERSION(554, "5.6.0", "unsupported-version", "The message uses a wire-format version this server does not know"),
    MALFORMED_MIME(554, "5.6.0", "malformed-mime", "The message is not well-formed MIME"),
    LIMIT_EXCEEDED(554, "5.6.0", "limit-exceeded", "A line, header or the header count passes the parser's limits"),
    MISSING_HEADER(554, "5.6.0", "missing-header", "A required RadPost header is missing"),
    BAD_HEADER(554, "5.6.0", "bad-header", "A RadPost header has a value that cannot be read"),
    HEADER_MISMATCH(554, "5.6.0", "header-mismatch", "The message headers and the parts do not list the same objects"),
    CHECKSUM_MISMATCH(554, "5.7.7", "checksum-mismatch", "An object's SHA-256 differs from the one in its header: it was damaged on the way"),
    UID_MISMATCH(554, "5.6.0", "uid-mismatch", "A UID in the headers differs from the UID inside the object"),
    TYPE_MISMATCH(554, "5.6.0", "type-mismatch", "The object type in the headers differs from the object's SOP class"),
    NOT_DICOM(554, "5.6.1", "not-dicom", "An object is not a DICOM file", "is not a DICOM file"),
    TRUNCATED(554, "5.6.0", "truncated", "An object is a truncated DICOM file", "is truncated"),
    UNREADABLE_DICOM(554, "5.6.0", "unreadable-dicom", "An object could not be parsed as DICOM", "could not be parsed as DICOM"),
    MISSING_ATTRIBUTE(554, "5.6.0", "missing-attribute", "An object lacks a required DICOM attribute", "lacks a required attribute"),
    INVALID_UID(554, "5.6.0", "invalid-uid", "An object carries an invalid DICOM UID", "carries an invalid UID"),
    /** An image SOP class whose file has no pixel data: a header-only image, not a cut file. */
    NO_PIXEL_DATA(554, "5.6.0", "no-pixel-data", "An image object carries no pixel data", "is an image without pixel data"),
    /** A DICOMDIR, README, viewer or autorun file of a CD/DVD export: not an object of a study. */
    MEDIA_FILE(554, "5.6.1", "media-file", "An object is a file of a CD/DVD export (DICOMDIR, README, a viewer), not a study object",
            "is a file of the CD/DVD export, not an object of a study"),
    BAD_RECEIPT(554, "5.6.0", "bad-receipt", "The receipt cannot be read"),
    SENDER_NOT_ACCOUNT(550, "5.7.1", "sender-not-account", "The message's From is not the address of the account that logged in"),
    TOO_LARGE(552, "5.3.4", "too-large", "The message is larger than this server accepts"),
    UID_OWNED_BY_ANOTHER_CENTER(550, "5.7.1", "uid-owned-by-another-center", "The study or an object in it belongs to another center"),
    /** A result from a de-identified viewer names a UID that no de-identified copy carried: it cannot be related back. */
    UNKNOWN_DEIDENTIFIED_UID(554, "5.7.1", "unknown-deidentified-uid", "The object refers to a study, series or image"
            + " this data center never sent to a de-identified viewer, so it cannot be related to the original"),
    BARE_LINE_ENDING(554, "5.6.0", "bare-line-ending", "A line of the message ends in a bare LF or holds a bare CR;"
            + " SMTP requires CRLF line endings (RFC 5321 section 2.3.8)"),
    LINE_TOO_LONG(554, "5.6.0", "line-too-long", "A line of the message is longer than 8192 bytes; SMTP allows 1000"
            + " (RFC 5321 section 4.5.3.1.6), so encode long content as base64"),
    // S/MIME (PS3.15 B.8): each refusal of a message's signature or encryption has its own code.
    SMIME_NOT_ENCRYPTED(554, "5.7.5", "smime-not-encrypted", "The message is not encrypted to the data center;"
            + " this account must send S/MIME (signed, then encrypted) messages"),
    SMIME_UNDECRYPTABLE(554, "5.7.5", "smime-undecryptable", "The message is not encrypted to this recipient's certificate,"
            + " or its encryption is damaged"),
    SMIME_UNSIGNED(554, "5.7.5", "smime-unsigned", "The message is encrypted but not signed by its sender"),
    SMIME_TAMPERED(554, "5.7.7", "smime-tampered", "The signature does not match the content: the message was altered after signing"),
    SMIME_UNTRUSTED_CA(554, "5.7.5", "smime-untrusted-ca", "The signer's certificate was not issued by this deployment's CA"),
    SMIME_CERTIFICATE_EXPIRED(554, "5.7.5", "smime-certificate-expired", "The signer's certificate is expired or not yet valid"),
    SMIME_WRONG_SIGNER(550, "5.7.1", "smime-wrong-signer", "The message is signed with another certificate than the one"
            + " the directory holds for the account that logged in");

    private final int smtpCode;
    private final String enhancedCode;
    private final String code;
    private final String sentence;
    private final String aboutFile;

    RejectReason(int smtpCode, String enhancedCode, String code, String sentence) {
        this(smtpCode, enhancedCode, code, sentence, null);
    }

    RejectReason(int smtpCode, String enhancedCode, String code, String sentence, String aboutFile) {
        this.smtpCode = smtpCode;
        this.enhancedCode = enhancedCode;
        this.code = code;
        this.sentence = sentence;
        this.aboutFile = aboutFile;
    }

    public int smtpCode() { return smtpCode; }
    public String enhancedCode() { return enhancedCode; }
    /** The stable reason code, e.g. {@code checksum-mismatch}. */
    public String code() { return code; }
    /** The sentence the sender reads. */
    public String sentence() { return sentence; }

    /** How a message about one file goes on after its name ("is truncated"); empty for message-level reasons. */
    public Optional<String> aboutFile() { return Optional.ofNullable(aboutFile); }
}
