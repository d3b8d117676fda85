package org.radpost.viewer.poll;

/** A poll that could not finish (server unreachable, TLS refused, login refused, connection lost). */
public final class PollException extends Exception {
    public PollException(String message, Throwable cause) {
        super(message, cause);
    }
}
