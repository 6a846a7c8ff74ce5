package org.paperbot.outbox;

import org.junit.jupiter.api.Test;
import org.paperbot.testing.FakeRateLimits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-chat limits on a manual clock: bursts, sustained rates, the group window, holds, forgetting. */
class ChatLimitTest {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000 * MS;
    static final long PRIVATE = 42;
    static final long GROUP = -100_42;
    final AtomicLong now = new AtomicLong(5_000 * SECOND);

    private static ChatLimit limitFor(long chatId) {
        return new ChatLimit(ChatLimits.TELEGRAM.ruleFor(chatId));
    }

    /** Sends as soon as the limit allows, each answered {@code latency} after it left; returns the departures. */
    private List<Long> sendGreedily(ChatLimit limit, int messages, long latency) {
        List<Long> departures = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            now.set(limit.readyAt(now.get()));
            departures.add(now.get());
            now.addAndGet(latency);
            limit.sent(now.get());
        }
        return departures;
    }

    @Test
    void aPrivateChatGetsThreeAtOnceThenOnePerSecond() {
        long start = now.get();
        List<Long> departures = sendGreedily(limitFor(PRIVATE), 8, 0);
        assertThat(departures).extracting(t -> (t - start) / MS)
                .containsExactly(0L, 0L, 0L, 1_000L, 2_000L, 3_000L, 4_000L, 5_000L);
    }

    @Test
    void aGroupGetsAtMostTwentyInAnyMinuteAndKeepsThatRate() {
        long start = now.get();
        List<Long> departures = sendGreedily(limitFor(GROUP), 200, 0);
        for (int i = 0; i + 20 < departures.size(); i++) {
            assertThat(departures.get(i + 20) - departures.get(i)).as("message %d and the 20th after it", i)
                    .isGreaterThanOrEqualTo(60 * SECOND);
        }
        assertThat(departures.get(19) - start).as("the first twenty are not held back").isLessThan(20 * SECOND);
        assertThat(departures.get(199) - start).as("20 per minute sustained").isLessThanOrEqualTo(9 * 60 * SECOND + 20 * SECOND);
        assertThat(departures.get(1) - departures.get(0)).as("a group is a chat too: the burst").isZero();
        assertThat(departures.get(4) - departures.get(3)).as("then one per second").isEqualTo(SECOND);
    }

    @Test
    void spacingCountsFromTheAnswerSoTheNetworkCannotSqueezeIt() {
        ChatLimit limit = limitFor(GROUP);
        List<Long> departures = sendGreedily(limit, 21, 300 * MS);
        // The 21st may leave one minute after the first one's answer, i.e. its latency later than a minute.
        assertThat(departures.get(20) - departures.get(0)).isEqualTo(60 * SECOND + 300 * MS);
    }

    @Test
    void withTheSameLimitsAsTheFakeApiNothingIsRefusedWhateverTheNetworkDoes() {
        // Departure at the bot, arrival at "Telegram" some time later, answer later still: both random.
        SplittableRandom random = new SplittableRandom(11);
        FakeRateLimits telegram = FakeRateLimits.telegram(now::get);
        for (long chat : new long[] {PRIVATE, GROUP}) {
            ChatLimit limit = limitFor(chat);
            for (int i = 0; i < 500; i++) {
                now.set(limit.readyAt(now.get()));
                long departed = now.get();
                long arrived = departed + random.nextLong(1, 400) * MS;
                now.set(arrived);
                assertThat(telegram.admit(chat)).as("message %d to chat %d", i, chat).isNull();
                now.addAndGet(random.nextLong(1, 400) * MS);
                limit.sent(now.get());
                now.addAndGet(random.nextLong(0, 3) == 0 ? random.nextLong(1, 5_000) * MS : 0); // quiet spells now and then
            }
        }
        assertThat(telegram.refusals()).isEmpty();
        assertThat(telegram.mostWithin(GROUP, Duration.ofMinutes(1))).isEqualTo(20);
    }

    @Test
    void aHoldStopsEverythingUntilItEndsAndAShorterOneDoesNotShortenIt() {
        ChatLimit limit = limitFor(PRIVATE);
        long t = now.get();
        limit.holdUntil(t + 60 * SECOND);
        limit.holdUntil(t + 5 * SECOND);
        assertThat(limit.readyAt(t)).isEqualTo(t + 60 * SECOND);
        assertThat(limit.isHeld(t + 59 * SECOND)).isTrue();
        assertThat(limit.isHeld(t + 60 * SECOND)).isFalse();
        assertThat(limit.readyAt(t + 61 * SECOND)).isEqualTo(t + 61 * SECOND);
    }

    @Test
    void aChatIsForgottenOnlyWhenItsStateNoLongerMatters() {
        ChatLimit group = limitFor(GROUP);
        ChatLimit chat = limitFor(PRIVATE);
        long t = now.get();
        assertThat(group.isIdle(t)).isTrue();
        group.sent(t);
        chat.sent(t);
        assertThat(chat.isIdle(t + 999 * MS)).isFalse();
        assertThat(chat.isIdle(t + SECOND)).isTrue();
        assertThat(group.isIdle(t + 59 * SECOND)).as("still in the group's minute").isFalse();
        assertThat(group.isIdle(t + 60 * SECOND)).isTrue();
        chat.holdUntil(t + 30 * SECOND);
        assertThat(chat.isIdle(t + 10 * SECOND)).as("a parked chat is remembered").isFalse();
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThatThrownBy(() -> new ChatLimits.Rule(Duration.ofSeconds(1), 0, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChatLimits.Rule(Duration.ofSeconds(1), 1, 20, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
