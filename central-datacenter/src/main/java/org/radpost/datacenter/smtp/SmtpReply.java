package org.radpost.datacenter.smtp;

/**
 * An SMTP reply the data center sends: basic code (RFC 5321), enhanced status code (RFC 3463) and the sentence
 * the sender reads, e.g. {@code 554 5.6.0 Header SOP Instance UID differs from the DICOM object}.
 */
public record SmtpReply(int code, String enhancedCode, String text) {
    static final int MAX_TEXT = 480;

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("SMTP reply code " + code + " is outside 200..599");
        }
        if (enhancedCode == null || !enhancedCode.matches("[245]\\.\\d{1,3}\\.\\d{1,3}")
                || enhancedCode.charAt(0) != Integer.toString(code).charAt(0)) {
            throw new IllegalArgumentException("enhanced status code '" + enhancedCode + "' does not fit reply code " + code);
        }
        // One line only: a CR or LF in the text would let a reason sentence forge extra protocol lines. Printable
        // US-ASCII only (a reason may quote what the client sent), and short enough that code, enhanced code and
        // text stay within the 512 characters of an SMTP reply line (RFC 5321 section 4.5.3.1.5).
        text = text == null ? "" : text.replaceAll("[\\r\\n]+", " ").replaceAll("[^\\x20-\\x7E]", "?").strip();
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT - 3) + "...";
        }
    }

    /** The text after the basic code, as sent on the wire: enhanced code, a space, the sentence. */
    public String description() {
        return enhancedCode + " " + text;
    }

    @Override
    public String toString() {
        return code + " " + description();
    }
}
