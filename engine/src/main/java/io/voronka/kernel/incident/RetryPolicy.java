package io.voronka.kernel.incident;

import java.time.Duration;

/**
 * How often something that keeps failing is tried again before it stops and becomes an incident:
 * {@code attempts} tries in all, waiting {@code firstDelay} after the first failure and twice as
 * long after each further one, never more than {@code maxDelay}.
 */
public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** True when the attempt just made (counting from 1) was the last one allowed. */
    public boolean exhaustedAfter(int attempt) {
        return attempt >= attempts;
    }

    /** How long to wait after attempt number {@code attempt} (counting from 1) failed. */
    public Duration delayAfter(int attempt) {
        long millis = firstDelay.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }
}
