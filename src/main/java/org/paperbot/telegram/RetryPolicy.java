package org.paperbot.telegram;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How hard one call is retried before giving up.
 *
 * @param maxAttempts      total attempts, the first included
 * @param firstBackoff     wait after the first transient failure; doubled each time, then spread by ±{@link #JITTER}
 * @param maxRetryAfter    a 429 asking to wait longer than this is not waited out (the call is given up)
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxRetryAfter) {
    /**
     * Spread of each backoff, as a share of it. Calls that failed together (Telegram down for a moment) would
     * otherwise all come back at the same instant and fail together again.
     */
    public static final double JITTER = 0.25;

    /** Calls off the update path (getMe while starting, the command menu): may wait out a short 429. */
    public static final RetryPolicy BACKGROUND = new RetryPolicy(4, Duration.ofMillis(300), Duration.ofSeconds(30));

    /**
     * A lookup a handler waits for on its update worker (getChatMember): one quick retry of a network failure,
     * and a 429 is never waited out there — the handler says it could not check instead.
     */
    public static final RetryPolicy LOOKUP = new RetryPolicy(2, Duration.ofMillis(100), Duration.ZERO);

    /**
     * Chat messages in the outbox: waits happen there by parking the chat, not by holding a thread, so a 429 is
     * honoured up to minutes; longer than that, the answer is stale and the message is given up.
     */
    public static final RetryPolicy MESSAGES = new RetryPolicy(4, Duration.ofMillis(300), Duration.ofMinutes(5));

    /** Callback and inline answers: Telegram drops them after some seconds, so only quick retries are worth it. */
    public static final RetryPolicy ANSWERS = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5));

    /** A single attempt: the caller (e.g. the broadcaster) has its own schedule. */
    public static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    /** The wait after {@code failedAttempts} transient failures, before jitter. */
    Duration backoff(int failedAttempts) {
        return firstBackoff.multipliedBy(1L << Math.min(10, failedAttempts - 1));
    }

    /** The wait after {@code failedAttempts} transient failures: {@link #backoff(int)} ± {@link #JITTER}. */
    public Duration backoff(int failedAttempts, RandomGenerator random) {
        double spread = 1 - JITTER + 2 * JITTER * random.nextDouble();
        return Duration.ofNanos(Math.round(backoff(failedAttempts).toNanos() * spread));
    }
}
