package org.radpost.datacenter.directory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One login at the SMTP or POP3 edge: throttled first (see {@link LoginThrottle}), then checked against the
 * {@link Accounts}. Every refusal is logged at INFO with the peer's address and audited through
 * {@link Accounts#loginFailed}; a directory that cannot answer (database outage) is a temporary failure,
 * never a wrong password. Runs on a worker thread: the password hash and the database may take their time.
 */
public final class Logins {
    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);

    private final Accounts accounts;
    private final LoginThrottle throttle;
    private final Clock clock;

    public Logins(Accounts accounts, LoginThrottle throttle, Clock clock) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.clock = clock;
    }

    public LoginResult attempt(String protocol, InetSocketAddress peer, String user, String password) {
        String address = peer == null || peer.getAddress() == null ? "unknown" : peer.getAddress().getHostAddress();
        Optional<java.time.Duration> locked = throttle.lockedFor(address, user);
        if (locked.isPresent()) {
            LOG.info("{} login for '{}' from {} refused unchecked: too many failures, locked for {} s more", protocol,
                    printable(user), address, locked.get().toSeconds());
            return new LoginResult.Throttled(locked.get());
        }
        Optional<Account> account;
        try {
            account = accounts.authenticate(user, password);
        } catch (RuntimeException e) {
            LOG.warn("{} login for '{}' from {} could not be checked, the account directory is unavailable: {}", protocol,
                    printable(user), address, e.toString());
            return new LoginResult.Unavailable();
        }
        if (account.isPresent()) {
            throttle.succeeded(address, user);
            return new LoginResult.Success(account.get());
        }
        boolean lockedNow = throttle.failed(address, user);
        LOG.info("{} login for '{}' from {} failed: invalid credentials{}", protocol, printable(user), address,
                lockedNow ? "; address or user locked out for a while" : "");
        audit(new LoginFailure(protocol, address, user, LoginFailure.Reason.INVALID_CREDENTIALS, clock.instant()));
        if (lockedNow) {
            audit(new LoginFailure(protocol, address, user, LoginFailure.Reason.LOCKED_OUT, clock.instant()));
        }
        return new LoginResult.Invalid();
    }

    private void audit(LoginFailure failure) {
        try {
            accounts.loginFailed(failure);
        } catch (RuntimeException e) {
            LOG.warn("could not audit the failed {} login from {}: {}", failure.protocol(), failure.peerAddress(), e.toString());
        }
    }

    /** A user name as typed can hold anything; the log gets it on one printable line. */
    private static String printable(String user) {
        String u = user == null ? "" : user.replaceAll("[^\\x20-\\x7E]", "?");
        return u.length() > 100 ? u.substring(0, 100) + "..." : u;
    }
}
