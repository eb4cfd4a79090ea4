package io.voronka.kernel.config;

import java.time.Duration;

/**
 * How sign-in is limited: how long a token lives and may sit unused, how many sessions one user
 * keeps, and when failed sign-ins lock an account or a client address for a while. A lock is
 * always temporary, so an attacker cannot shut the admin out for good.
 */
public record AuthSettings(
        Duration tokenLifetime,
        Duration tokenIdle,
        int sessionsPerUser,
        int accountFailures,
        int addressFailures,
        Duration failureWindow,
        Duration lockout,
        Duration maxLockout) {

    public static AuthSettings defaults() {
        return new AuthSettings(Duration.ofHours(12), Duration.ofHours(2), 10, 5, 50, Duration.ofMinutes(15),
                Duration.ofMinutes(1), Duration.ofMinutes(30));
    }
}
