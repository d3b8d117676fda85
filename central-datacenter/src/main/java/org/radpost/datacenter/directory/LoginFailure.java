package org.radpost.datacenter.directory;

import java.time.Instant;

/**
 * One refused login, as audited: which protocol, the peer's address, the user name it gave (never the
 * password), why it was refused, and when.
 */
public record LoginFailure(String protocol, String peerAddress, String user, Reason reason, Instant at) {

    /** Why a login was refused; the token is what the audit row stores. */
    public enum Reason {
        INVALID_CREDENTIALS("invalid-credentials"),
        LOCKED_OUT("locked-out");

        private final String token;

        Reason(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
    }

    public LoginFailure {
        // The user name is whatever the client typed: keep the audit row within its column.
        user = user == null ? "" : user.length() > 254 ? user.substring(0, 254) : user;
    }
}
