package org.radpost.datacenter.smtp;

/** What a {@link MessageSink} did with a message; each outcome maps to one SMTP reply after DATA. */
public sealed interface SinkResult {

    /** Durably stored (fsynced and committed): the client gets {@code 250 2.0.0 ... queued as <queueId>}. */
    record Accepted(String queueId) implements SinkResult {
    }

    /** Refused for good, e.g. {@code 554 5.6.0 <reason>} or {@code 550 5.7.1 <reason>}; the reply must be 5xx. */
    record Rejected(SmtpReply reply) implements SinkResult {
        public Rejected {
            if (reply.code() < 500) {
                throw new IllegalArgumentException("a rejection needs a 5xx reply, not " + reply);
            }
        }

        public static Rejected of(int code, String enhancedCode, String text) {
            return new Rejected(new SmtpReply(code, enhancedCode, text));
        }
    }

    /**
     * Not stored this time; the client gets {@code 451 4.3.0} and retries later. The text (which may quote a
     * database or I/O error) goes to the log only: such details never reach a client.
     */
    record TemporaryFailure(String text) implements SinkResult {
    }

    /** Not stored because the disk is full; the client gets {@code 452 4.3.1} (RFC 3463) and retries later; the text is logged. */
    record InsufficientStorage(String text) implements SinkResult {
    }
}
