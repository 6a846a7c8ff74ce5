package org.paperbot.telegram;

import java.time.Duration;

/**
 * How hard one call is retried before giving up.
 *
 * @param maxAttempts      total attempts, the first included
 * @param firstBackoff     wait after the first transient failure; doubled each time
 * @param maxRetryAfter    a 429 asking to wait longer than this is not waited out here (the caller decides)
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxRetryAfter) {
    /** For replies to users: a few quick attempts; a user will not wait a minute for an answer. */
    public static final RetryPolicy REPLIES = new RetryPolicy(4, Duration.ofMillis(300), Duration.ofSeconds(30));

    /** A single attempt: the caller (e.g. the broadcaster) has its own schedule. */
    public static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    Duration backoff(int failedAttempts) {
        return firstBackoff.multipliedBy(1L << Math.min(10, failedAttempts - 1));
    }
}
