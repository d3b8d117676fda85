package org.radpost.wire.read;

/** Why a message is not an acceptable RadPost message; each has a stable code and a sentence for the sender. */
public enum WireError {
    NOT_RADPOST("not-radpost", "The message is not in RadPost's wire format"),
    UNSUPPORTED_VERSION("unsupported-version", "The message uses a wire-format version this server does not know"),
    MALFORMED_MIME("malformed-mime", "The message is not well-formed MIME"),
    LIMIT_EXCEEDED("limit-exceeded", "A line, header or the header count passes the parser's limits"),
    MISSING_HEADER("missing-header", "A required RadPost header is missing"),
    BAD_HEADER("bad-header", "A RadPost header has a value that cannot be read"),
    HEADER_MISMATCH("header-mismatch", "The message headers and the parts do not list the same objects"),
    CHECKSUM_MISMATCH("checksum-mismatch", "An object's SHA-256 differs from the one in its header"),
    UID_MISMATCH("uid-mismatch", "A UID in the headers differs from the UID inside the object"),
    TYPE_MISMATCH("type-mismatch", "The object type in the headers differs from the object's SOP class"),
    NOT_DICOM("not-dicom", "An object is not a DICOM file"),
    TRUNCATED("truncated", "An object is a truncated DICOM file"),
    UNREADABLE_DICOM("unreadable-dicom", "An object could not be parsed as DICOM"),
    MISSING_ATTRIBUTE("missing-attribute", "An object lacks a required DICOM attribute"),
    BAD_RECEIPT("bad-receipt", "The receipt cannot be read");

    private final String code;
    private final String sentence;

    WireError(String code, String sentence) {
        this.code = code;
        this.sentence = sentence;
    }

    public String code() {
        return code;
    }

    public String sentence() {
        return sentence;
    }
}
