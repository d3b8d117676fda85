package org.radpost.datacenter.cli;

/** A command that cannot run as typed (exit code 64, EX_USAGE): the message says what to give instead. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
