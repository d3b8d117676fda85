package org.radpost.datacenter.smtp;

import org.radpost.datacenter.directory.Account;
import org.radpost.wire.RejectReason;
/** The replies the SMTP edge itself sends (the pipeline's own refusals come through {@link SinkResult}). */
public final class SmtpReplies {
    public static final SmtpReply TLS_REQUIRED =
            new SmtpReply(530, "5.7.0", "Must issue a STARTTLS command first");
    public static final SmtpReply AUTH_REQUIRED =
            new SmtpReply(530, "5.7.0", "Authentication required: AUTH PLAIN or LOGIN before MAIL");
    public static final SmtpReply AUTH_OK =
            new SmtpReply(235, "2.7.0", "Authentication successful");
    public static final SmtpReply AUTH_INVALID =
            new SmtpReply(535, "5.7.8", "Authentication credentials invalid");
    public static final SmtpReply AUTH_TOO_MANY_FAILURES =
            new SmtpReply(421, "4.7.0", "Too many failed authentication attempts, closing connection");
    public static final SmtpReply AUTH_UNREADABLE =
            new SmtpReply(501, "5.5.2", "Cannot decode the AUTH credentials: send base64 of a user name and password");
    public static final SmtpReply AUTH_UNAVAILABLE =
            new SmtpReply(454, "4.7.0", "Temporary authentication failure: the account directory cannot be reached;"
                    + " try again later");
    public static final SmtpReply BARE_LINE_ENDING = refusal(RejectReason.BARE_LINE_ENDING);
    public static final SmtpReply LINE_TOO_LONG = refusal(RejectReason.LINE_TOO_LONG);
    public static final SmtpReply SIZE_SYNTAX =
            new SmtpReply(501, "5.5.4", "Syntactically incorrect value for the SIZE parameter");
    public static final SmtpReply STORE_FAILED =
            new SmtpReply(451, "4.3.0", "Message not stored because of a local problem; try again later");
    public static final SmtpReply STORAGE_FULL =
            new SmtpReply(452, "4.3.1", "Message not stored: the data center's storage is full; try again later");

    private SmtpReplies() {
    }

    static SmtpReply senderNotOwned(String sender, Account account) {
        return new SmtpReply(550, "5.7.1", "Sender <" + sender + "> is not an address of the authenticated account "
                + account.name() + "; send from one of " + account.addresses());
    }

    static SmtpReply tooBig(long maxMessageSize) {
        return new SmtpReply(552, "5.3.4", "Message size exceeds the fixed maximum of " + maxMessageSize
                + " bytes; split the study into smaller parts");
    }

    static SmtpReply loginThrottled(java.time.Duration retryAfter) {
        return new SmtpReply(454, "4.7.0", "Too many failed logins from your address or for this user; try again in "
                + Math.max(1, retryAfter.toSeconds()) + " seconds");
    }

    static SmtpReply badHeader(String header, String problem) {
        RejectReason reason = RejectReason.BAD_HEADER;
        return new SmtpReply(reason.smtpCode(), reason.enhancedCode(), "[" + reason.code() + "] Message refused: the "
                + header + " header " + problem + "; correct it and send the message again");
    }

    /** A refusal in the form the pipeline's refusals take: {@code [reason-code] sentence}. */
    static SmtpReply refusal(RejectReason reason) {
        return new SmtpReply(reason.smtpCode(), reason.enhancedCode(), "[" + reason.code() + "] " + reason.sentence());
    }

    static SmtpReply tooManyRecipients(int max) {
        return new SmtpReply(452, "4.5.3", "Too many recipients: at most " + max + " per message; send the rest in another message");
    }

    static SmtpReply recipientTooLong(int max) {
        return new SmtpReply(501, "5.1.3", "Recipient address is longer than " + max + " characters");
    }

    static SmtpReply foreignRecipient(String recipient, String domain) {
        return new SmtpReply(550, "5.7.1", "Relaying denied: <" + recipient + "> is not at " + domain
                + "; this data center delivers only to its own centers and viewers");
    }

    static SmtpReply accepted(String queueId) {
        return new SmtpReply(250, "2.0.0", "Message accepted, queued as " + queueId);
    }
}
