package org.paperbot.daily;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How fast the bot may send in all: a global rate (token bucket, in GCRA form), as Telegram asks of bulk
 * notifications (per-chat limits are the outbox's). Broadcasts {@link #reserve} a slot and wait for it; chat
 * replies {@link #debit} without waiting (a user is waiting for them, and each chat's own limit already bounds
 * them), which pushes the broadcast back instead.
 *
 * <p>On a 429 the whole budget pauses for {@code retry_after} and the rate halves, once per episode: the
 * other sends already in flight when it came are likely refused too, and they only extend the pause. The
 * rate then recovers by 10 % of the configured rate per second without another 429. Time is a nanosecond clock passed in, so the
 * arithmetic is tested without sleeping.
 */
public final class RateBudget {
    static final double RECOVERY_PER_SECOND = 0.10;
    /** The burst allowed to catch up after a late wake-up, as a share of a second's worth of messages. */
    static final double BURST_SECONDS = 0.02;
    /**
     * Pacing runs this much below the configured rate. At exactly Telegram's limit, every catch-up after a
     * delay (network jitter, a GC pause) eats Telegram's burst allowance and nothing ever gives it back, until
     * a 429 costs a whole second; 3 % headroom lets it refill.
     */
    static final double HEADROOM = 0.97;
    private static final long SECOND = 1_000_000_000L;

    /**
     * The answer to {@link #reserve}: a slot, {@code waitNanos} from now.
     *
     * @param waitNanos how long to wait before sending (0 = now)
     * @param epoch     changes with every 429: a slot reserved before one is void (see {@link #isCurrent})
     */
    public record Grant(long waitNanos, long epoch) {
    }

    private final double configuredRate;
    private final double minRate;
    private final LongSupplier nanoTime;
    private double rate;
    private long interval;
    private long tolerance;
    /** Theoretical arrival time of the next message (GCRA); slots before {@code tat - tolerance} are taken. */
    private long tat;
    private long pausedUntil;
    private long lastRateChange;
    private long epoch;

    public RateBudget(double ratePerSecond, LongSupplier nanoTime) {
        this(ratePerSecond, HEADROOM, nanoTime);
    }

    RateBudget(double ratePerSecond, double headroom, LongSupplier nanoTime) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.configuredRate = ratePerSecond * headroom;
        this.minRate = Math.max(Math.min(1.0, configuredRate), configuredRate / 10);
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        this.tat = now;
        this.pausedUntil = now;
        this.lastRateChange = now;
        setRate(configuredRate);
    }

    /** Reserves the next slot for a broadcast message. */
    public synchronized Grant reserve() {
        long now = nanoTime.getAsLong();
        recover(now);
        long slot = Math.max(Math.max(now, pausedUntil), tat - tolerance);
        tat = Math.max(tat, slot) + interval;
        return new Grant(slot - now, epoch);
    }

    /** Takes a slot now without waiting (a reply to a user); later broadcast slots move back accordingly. */
    public synchronized void debit() {
        debit(1);
    }

    /** Takes {@code messages} slots now: messages other replicas sent (see {@code replica/SharedSendCount}). */
    public synchronized void debit(int messages) {
        long now = nanoTime.getAsLong();
        tat = Math.max(tat, now) + messages * interval;
    }

    /**
     * Telegram answered 429 to a send made with a grant of {@code grantEpoch}: nothing is sent for
     * {@code retryAfter}; if the send was reserved after the last slowdown, the rate also halves.
     */
    public synchronized void onRateLimited(Duration retryAfter, long grantEpoch) {
        long now = nanoTime.getAsLong();
        long until = now + Math.max(0, retryAfter.toNanos());
        pausedUntil = Math.max(pausedUntil, until);
        tat = Math.max(tat, pausedUntil);
        if (grantEpoch == epoch) {
            epoch++;
            setRate(Math.max(minRate, rate / 2));
        }
        lastRateChange = Math.max(lastRateChange, pausedUntil);
    }

    /**
     * False when a 429 arrived after {@code grant} was made: its slot was reserved for a rate Telegram has
     * just refused, so the sender must reserve again (and wait out {@code retry_after}) instead of sending.
     */
    public synchronized boolean isCurrent(Grant grant) {
        return grant.epoch() == epoch;
    }

    /** Messages per second allowed now. */
    public synchronized double currentRate() {
        recover(nanoTime.getAsLong());
        return rate;
    }

    private void recover(long now) {
        if (rate >= configuredRate || now - lastRateChange < SECOND) {
            return;
        }
        long seconds = (now - lastRateChange) / SECOND;
        setRate(Math.min(configuredRate, rate + configuredRate * RECOVERY_PER_SECOND * seconds));
        lastRateChange += seconds * SECOND;
    }

    private void setRate(double perSecond) {
        rate = perSecond;
        interval = Math.max(1, Math.round(SECOND / perSecond));
        long burst = Math.max(1, (long) Math.floor(perSecond * BURST_SECONDS));
        tolerance = (burst - 1) * interval;
    }
}
