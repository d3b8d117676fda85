package org.radpost.wire.transport;

/** What became of one submission: sent (the server's 250), try again later, or refused for good. */
public sealed interface SubmitOutcome {

    /** A sentence for logs and the operator. */
    String describe();

    /** The server accepted the message with a 2xx reply after DATA. */
    record Sent(String serverReply) implements SubmitOutcome {
        @Override
        public String describe() {
            return "sent: " + serverReply;
        }
    }

    /**
     * Not sent now, worth retrying: no connection, timeout, TLS trouble or a 4xx reply. {@code replyCode} is
     * the server's code, or 0 when no SMTP reply was received (the server could not be reached).
     */
    record TemporaryFailure(int replyCode, String reason) implements SubmitOutcome {
        public boolean serverUnreachable() {
            return replyCode == 0;
        }

        @Override
        public String describe() {
            return "not sent yet: " + reason;
        }
    }

    /** The server refused the message with a 5xx reply; retrying the same message will not help. */
    record PermanentFailure(int replyCode, String enhancedCode, String serverText) implements SubmitOutcome {
        @Override
        public String describe() {
            return "rejected: " + replyCode + (enhancedCode.isEmpty() ? "" : " " + enhancedCode) + " " + serverText;
        }
    }
}
