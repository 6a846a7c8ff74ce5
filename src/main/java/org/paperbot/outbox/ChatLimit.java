package org.paperbot.outbox;

/**
 * The sending state of one chat under a {@link ChatLimits.Rule}: a token bucket in GCRA form, the times of the
 * last {@code perWindow} sends, and a hold (Telegram's {@code retry_after}, or a retry backoff) before which
 * nothing goes. Not thread-safe: the outbox guards it. Times are nanoseconds of the outbox's clock.
 *
 * <p>A send is counted when its answer comes back, not when it leaves. The request reached Telegram somewhere
 * in between, so the spacing Telegram sees is never shorter than the one kept here, whatever the network did.
 */
final class ChatLimit {
    private final long interval;
    private final long tolerance;
    private final long window;
    /** Completion times of the last sends, oldest at {@link #oldest} once full; null without a window. */
    private final long[] recent;
    private int oldest;
    private int count;
    /** Theoretical arrival time of the next send (GCRA); only meaningful once {@link #used}. */
    private long tat;
    private boolean used;
    private long heldUntil;
    private boolean holding;

    ChatLimit(ChatLimits.Rule rule) {
        this.interval = rule.interval().toNanos();
        this.tolerance = (rule.burst() - 1) * interval;
        this.window = rule.window().toNanos();
        this.recent = rule.perWindow() == 0 ? null : new long[rule.perWindow()];
    }

    /** The earliest time, not before {@code now}, at which the next message may start. */
    long readyAt(long now) {
        long at = now;
        if (used) {
            at = Math.max(at, tat - tolerance);
        }
        if (recent != null && count == recent.length) {
            at = Math.max(at, recent[oldest] + window);
        }
        if (holding) {
            at = Math.max(at, heldUntil);
        }
        return at;
    }

    /** A message to this chat was answered (or may have reached Telegram) at {@code at}. */
    void sent(long at) {
        tat = (used ? Math.max(tat, at) : at) + interval;
        used = true;
        if (recent == null) {
            return;
        }
        if (count < recent.length) {
            recent[(oldest + count) % recent.length] = at;
            count++;
        } else {
            recent[oldest] = at;
            oldest = (oldest + 1) % recent.length;
        }
    }

    /** Nothing goes to this chat before {@code until}. */
    void holdUntil(long until) {
        heldUntil = holding ? Math.max(heldUntil, until) : until;
        holding = true;
    }

    boolean isHeld(long now) {
        return holding && heldUntil > now;
    }

    /** True when forgetting this state changes nothing: a fresh limit would decide the same from now on. */
    boolean isIdle(long now) {
        boolean bucketFull = !used || tat <= now;
        boolean windowEmpty = recent == null || count == 0 || recent[(oldest + count - 1) % recent.length] + window <= now;
        return bucketFull && windowEmpty && !isHeld(now);
    }
}
