package org.radpost.datacenter.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@link #MAX_FAILURES} failed sign-ins for one user name, or from one address,
 * within {@link #WINDOW}, further attempts are refused until the window has passed, right password or not.
 */
public final class LoginThrottle {
    public static final int MAX_FAILURES = 5;
    public static final Duration WINDOW = Duration.ofMinutes(15);

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** True when this user name or address has failed too often lately. */
    public boolean blocked(String username, String address) {
        return recent("user:" + normal(username)) >= MAX_FAILURES || recent("ip:" + address) >= MAX_FAILURES;
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        failures.computeIfAbsent("user:" + normal(username), k -> new ArrayDeque<>()).addLast(now);
        failures.computeIfAbsent("ip:" + address, k -> new ArrayDeque<>()).addLast(now);
    }

    public void succeeded(String username) {
        failures.remove("user:" + normal(username));
    }

    private int recent(String key) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            Instant cutoff = clock.instant().minus(WINDOW);
            while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
                times.pollFirst();
            }
            return times.size();
        }
    }

    private static String normal(String username) {
        return username == null ? "" : username.trim().toLowerCase();
    }
}
