package org.radpost.packager.outbox;

/** Where a message stands in the outbox; a sent message is no longer in it. */
public enum OutboxState {
    /** Waiting for its next attempt (new, or after a temporary failure). */
    QUEUED("queued"),
    /** Being submitted now; found so after a restart, it goes back to queued. */
    SENDING("sending"),
    /** The server refused it (5xx); it stays for the operator to read the reason, then retry or remove. */
    FAILED("failed-permanently");

    private final String token;

    OutboxState(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public static OutboxState ofToken(String token) {
        for (OutboxState state : values()) {
            if (state.token.equals(token)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown outbox state '" + token + "'");
    }
}
