package org.radpost.datacenter.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sessions: a random token in a Secure, HttpOnly, SameSite=Strict cookie; each carries its own CSRF token
 * and ends after an idle period. A visitor gets an anonymous session (for the sign-in form's CSRF token); signing
 * in replaces it with a new one, so a token planted before sign-in is worth nothing after.
 */
public final class ConsoleSessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idleTimeout;

    public ConsoleSessions(Clock clock, Duration idleTimeout) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    /** One browser's session; {@code username} and {@code role} are null until it signs in. */
    public static final class Session {
        private final String token;
        private final String csrfToken;
        private final String username;
        private final Role role;
        private volatile Instant lastSeen;
        private volatile String flash;

        Session(String token, String csrfToken, String username, Role role, Instant now) {
            this.token = token;
            this.csrfToken = csrfToken;
            this.username = username;
            this.role = role;
            this.lastSeen = now;
        }

        public String token() { return token; }
        public String csrfToken() { return csrfToken; }
        public String username() { return username; }
        public Role role() { return role; }
        public boolean signedIn() { return username != null; }

        /** A one-time message for the next page (after a redirect). */
        public void flash(String message) { this.flash = message; }

        public String takeFlash() {
            String message = flash;
            flash = null;
            return message;
        }
    }

    public Session anonymous() {
        return open(null, null);
    }

    public Session signIn(Session previous, String username, Role role) {
        if (previous != null) {
            byToken.remove(previous.token);
        }
        return open(username, role);
    }

    public void signOut(Session session) {
        byToken.remove(session.token);
    }

    /** Ends every session of a user (disabled, role or password changed). */
    public void endAll(String username) {
        byToken.values().removeIf(s -> username.equals(s.username));
    }

    /** The live session for a cookie value; an idle one is ended and not returned. Each call counts as activity. */
    public Optional<Session> touch(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session session = byToken.get(token);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (session.lastSeen.plus(idleTimeout).isBefore(now)) {
            byToken.remove(token);
            return Optional.empty();
        }
        session.lastSeen = now;
        return Optional.of(session);
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    private Session open(String username, Role role) {
        Session session = new Session(random(), random(), username, role, clock.instant());
        byToken.put(session.token, session);
        byToken.values().removeIf(s -> s.lastSeen.plus(idleTimeout).isBefore(clock.instant()));
        return session;
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
