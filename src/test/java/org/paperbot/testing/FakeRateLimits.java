package org.paperbot.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Telegram's per-chat sending limits, as {@link FakeBotApi#enforce} applies them to sendMessage and editMessageText:
 * a private chat gets a token bucket ({@code privateBurst} at once, then one per {@code privateInterval}); a group,
 * supergroup or channel (negative id) at most {@code groupPerWindow} messages in any {@code groupWindow}. A message
 * over the limit is answered 429 with {@code retry_after} (whole seconds, at least 1, as Telegram does), and the
 * chat stays refused until then: a request inside that time is refused again and recorded as one that ignored a
 * retry_after. Time is the given nanosecond clock, so a test can share a manual clock with the bot.
 */
public final class FakeRateLimits {
    /**
     * One 429 answer.
     *
     * @param ignoredRetryAfter true when the request came before an earlier retry_after for the chat had passed
     */
    public record Refusal(long chatId, long atNanos, int retryAfterSeconds, boolean ignoredRetryAfter) {
    }

    private static final long SECOND = 1_000_000_000L;

    private final long privateInterval;
    private final long privateTolerance;
    private final int groupPerWindow;
    private final long groupWindow;
    private final LongSupplier clock;
    private final Map<Long, Long> privateTat = new HashMap<>();
    private final Map<Long, Deque<Long>> groupSends = new HashMap<>();
    private final Map<Long, Long> refusedUntil = new HashMap<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private final Map<Long, List<Long>> admittedAt = new HashMap<>();
    private long admitted;

    public FakeRateLimits(Duration privateInterval, int privateBurst, int groupPerWindow, Duration groupWindow, LongSupplier clock) {
        this.privateInterval = privateInterval.toNanos();
        this.privateTolerance = (privateBurst - 1) * this.privateInterval;
        this.groupPerWindow = groupPerWindow;
        this.groupWindow = groupWindow.toNanos();
        this.clock = clock;
    }

    /** What the Bot API FAQ states: about 1 message per second to a chat (bursts of 3 tolerated), 20 per minute to a group. */
    public static FakeRateLimits telegram(LongSupplier clock) {
        return new FakeRateLimits(Duration.ofSeconds(1), 3, 20, Duration.ofMinutes(1), clock);
    }

    /** Null when a message to {@code chatId} may go now (and it is counted), else the retry_after to answer. */
    public synchronized Integer admit(long chatId) {
        long now = clock.getAsLong();
        Long until = refusedUntil.get(chatId);
        if (until != null && now < until) {
            return refuse(chatId, now, until, true);
        }
        long allowedAt = chatId < 0 ? groupAllowedAt(chatId, now) : privateAllowedAt(chatId, now);
        if (allowedAt > now) {
            int seconds = (int) Math.max(1, (allowedAt - now + SECOND - 1) / SECOND);
            return refuse(chatId, now, now + seconds * SECOND, false);
        }
        if (chatId < 0) {
            Deque<Long> sends = groupSends.computeIfAbsent(chatId, c -> new ArrayDeque<>());
            sends.addLast(now);
            if (sends.size() > groupPerWindow) {
                sends.pollFirst();
            }
        } else {
            privateTat.put(chatId, Math.max(privateTat.getOrDefault(chatId, now), now) + privateInterval);
        }
        admitted++;
        admittedAt.computeIfAbsent(chatId, c -> new ArrayList<>()).add(now);
        return null;
    }

    private long groupAllowedAt(long chatId, long now) {
        Deque<Long> sends = groupSends.get(chatId);
        return sends == null || sends.size() < groupPerWindow ? now : sends.peekFirst() + groupWindow;
    }

    private long privateAllowedAt(long chatId, long now) {
        Long tat = privateTat.get(chatId);
        return tat == null ? now : Math.max(now, tat - privateTolerance);
    }

    private int refuse(long chatId, long now, long until, boolean ignored) {
        refusedUntil.put(chatId, until);
        int seconds = (int) Math.max(1, (until - now + SECOND - 1) / SECOND);
        refusals.add(new Refusal(chatId, now, seconds, ignored));
        return seconds;
    }

    public synchronized List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    /** Requests that came while an earlier retry_after for their chat was still running. */
    public synchronized long ignoredRetryAfters() {
        return refusals.stream().filter(Refusal::ignoredRetryAfter).count();
    }

    public synchronized long admitted() {
        return admitted;
    }

    /** When messages to {@code chatId} were let through, on this limit's clock. */
    public synchronized List<Long> admittedAt(long chatId) {
        return List.copyOf(admittedAt.getOrDefault(chatId, List.of()));
    }

    /** The most messages to {@code chatId} let through within any {@code window}. */
    public synchronized int mostWithin(long chatId, Duration window) {
        List<Long> times = admittedAt.getOrDefault(chatId, List.of());
        int most = 0;
        for (int first = 0, last = 0; last < times.size(); last++) {
            while (times.get(last) - times.get(first) >= window.toNanos()) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }
}
