package org.radpost.datacenter.directory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed logins per peer address and per user name over a sliding window, and locks either out for a
 * while once it passes its limit; each further lock-out lasts twice as long, up to a ceiling. A locked-out
 * attempt is refused before its password is hashed, so guessing costs the guesser time and the server nothing.
 * A success clears the address and the user. Unknown user names are counted like real ones, so a lock-out
 * tells nobody whether an account exists. Kept in memory, per node.
 */
public final class LoginThrottle {
    public static final int ADDRESS_LIMIT = 5;
    public static final int USER_LIMIT = 10;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    public static final Duration MAX_LOCK = Duration.ofMinutes(15);
    /** Past this many tracked keys, stale ones are swept, so a flood of names cannot fill the heap. */
    private static final int SWEEP_AT = 10_000;

    private final Clock clock;
    private final Map<String, Track> addresses = new HashMap<>();
    private final Map<String, Track> users = new HashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the address or the user is still locked out, if it is. */
    public synchronized Optional<Duration> lockedFor(String address, String user) {
        Instant now = clock.instant();
        Duration longest = Duration.ZERO;
        for (Track track : new Track[] {addresses.get(address), users.get(key(user))}) {
            if (track != null && track.lockedUntil != null && track.lockedUntil.isAfter(now)) {
                Duration left = Duration.between(now, track.lockedUntil);
                longest = left.compareTo(longest) > 0 ? left : longest;
            }
        }
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    /** Counts a failure; true when it starts a lock-out (of the address or the user). */
    public synchronized boolean failed(String address, String user) {
        Instant now = clock.instant();
        if (addresses.size() + users.size() > SWEEP_AT) {
            sweep(now);
        }
        boolean byAddress = addresses.computeIfAbsent(address, a -> new Track()).fail(now, ADDRESS_LIMIT);
        boolean byUser = users.computeIfAbsent(key(user), u -> new Track()).fail(now, USER_LIMIT);
        return byAddress || byUser;
    }

    public synchronized void succeeded(String address, String user) {
        addresses.remove(address);
        users.remove(key(user));
    }

    private void sweep(Instant now) {
        addresses.values().removeIf(t -> t.stale(now));
        users.values().removeIf(t -> t.stale(now));
    }

    private static String key(String user) {
        String u = user == null ? "" : user.toLowerCase(Locale.ROOT);
        return u.length() > 254 ? u.substring(0, 254) : u;
    }

    /** Recent failures of one address or user, and its lock-out. */
    private static final class Track {
        private final Deque<Instant> failures = new ArrayDeque<>();
        private Instant lockedUntil;
        private int locks;

        boolean fail(Instant now, int limit) {
            while (!failures.isEmpty() && failures.peekFirst().isBefore(now.minus(WINDOW))) {
                failures.removeFirst();
            }
            failures.addLast(now);
            if (failures.size() < limit || (lockedUntil != null && lockedUntil.isAfter(now))) {
                return false;
            }
            Duration lock = FIRST_LOCK.multipliedBy(1L << Math.min(locks, 10));
            lockedUntil = now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
            locks++;
            failures.clear();
            return true;
        }

        boolean stale(Instant now) {
            Instant last = failures.isEmpty() ? lockedUntil : failures.peekLast();
            return last == null || last.isBefore(now.minus(WINDOW)) && (lockedUntil == null || lockedUntil.isBefore(now));
        }
    }
}
