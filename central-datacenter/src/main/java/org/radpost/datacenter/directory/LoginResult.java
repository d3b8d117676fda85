package org.radpost.datacenter.directory;

import java.time.Duration;

/** What became of one login at the SMTP or POP3 edge; each outcome has one reply in each protocol. */
public sealed interface LoginResult {

    /** The password matched. */
    record Success(Account account) implements LoginResult {
    }

    /** Unknown user or wrong password (never said which). */
    record Invalid() implements LoginResult {
    }

    /** Too many recent failures from this address or for this user: refused without checking the password. */
    record Throttled(Duration retryAfter) implements LoginResult {
    }

    /** The directory could not be asked (database outage): a temporary failure, the client tries again. */
    record Unavailable() implements LoginResult {
    }
}
