package org.radpost.datacenter.directory;

import java.util.Optional;

/**
 * Checks the credentials a center or viewer presents to the SMTP (AUTH PLAIN/LOGIN) and POP3 (USER/PASS)
 * servers; implementations compare against stored hashes (see {@link PasswordHash}) and never log passwords.
 */
@FunctionalInterface
public interface Accounts {

    /**
     * The account when the password matches the user's stored hash, empty otherwise (unknown user included).
     * Throws when it cannot tell (the database is unreachable): the edge answers with a temporary failure.
     */
    Optional<Account> authenticate(String user, String password);

    /** Records a refused login in the audit trail; the default keeps no record. Must not throw for a fault. */
    default void loginFailed(LoginFailure failure) {
    }
}
