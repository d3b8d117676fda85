package org.radpost.packager.outbox;

import java.time.Duration;

/** Exponential backoff between attempts: first, first x2, x4, ... never longer than the cap. */
public record RetryPolicy(Duration first, Duration cap) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(30), Duration.ofHours(1));

    public RetryPolicy {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("retry delays must be positive and the cap (" + cap
                    + ") at least the first delay (" + first + ")");
        }
    }

    /** The wait after the given number of failed attempts (1 = after the first failure). */
    public Duration delayAfter(int failedAttempts) {
        int doublings = Math.max(0, Math.min(failedAttempts - 1, 30));
        Duration delay = first.multipliedBy(1L << doublings);
        return delay.compareTo(cap) > 0 ? cap : delay;
    }
}
