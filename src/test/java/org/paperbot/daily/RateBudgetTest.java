package org.paperbot.daily;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateBudgetTest {
    static final long MS = 1_000_000L;
    final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    /** A budget without headroom, so the arithmetic below reads in round numbers. */
    private RateBudget exact(double rate, java.util.function.LongSupplier clock) {
        return new RateBudget(rate, 1.0, clock);
    }

    @Test
    void pacesThreePercentBelowTheConfiguredRate() {
        RateBudget budget = new RateBudget(25, now::get);
        assertThat(budget.currentRate()).isEqualTo(25 * 0.97);
        long took = sendAll(budget, 98);
        assertThat(took).isBetween(3_990 * MS, 4_010 * MS); // 97 intervals at 24.25/s
    }

    /** Sends {@code n} messages as fast as the budget allows; returns the time taken. */
    private long sendAll(RateBudget budget, int n) {
        long start = now.get();
        for (int i = 0; i < n; i++) {
            now.addAndGet(budget.reserve().waitNanos());
        }
        return now.get() - start;
    }

    @Test
    void pacesBroadcastsAtTheConfiguredRate() {
        RateBudget budget = exact(25, now::get);
        long took = sendAll(budget, 101);
        assertThat(took).isEqualTo(100 * 40 * MS); // 100 intervals of 40 ms: no burst at 25/s
    }

    @Test
    void aHighRateAllowsASmallBurstButKeepsTheAverage() {
        RateBudget budget = exact(1000, now::get);
        long took = sendAll(budget, 10_050);
        // A burst of 20 (20 ms worth) goes at once, then 1 per ms: 10 030 ms for the rest.
        assertThat(took).isBetween(10_020 * MS, 10_040 * MS);
    }

    @Test
    void repliesDebitWithoutWaitingAndPushBroadcastsBack() {
        RateBudget budget = exact(10, now::get);
        budget.debit();
        budget.debit();
        budget.debit();
        assertThat(budget.reserve().waitNanos()).isEqualTo(300 * MS);
    }

    @Test
    void messagesOtherReplicasSentPushBroadcastsBackLikeOwnReplies() {
        RateBudget budget = exact(10, now::get);
        budget.debit(4); // what the other replicas sent since the last exchange (replica/SharedSendCount)
        budget.debit();
        assertThat(budget.reserve().waitNanos()).isEqualTo(500 * MS);
    }

    @Test
    void aRateLimitPausesEverythingThenSlowsDownAndRecovers() {
        RateBudget budget = exact(20, now::get);
        budget.onRateLimited(Duration.ofSeconds(3), budget.reserve().epoch());
        assertThat(budget.currentRate()).isEqualTo(10.0);

        RateBudget.Grant g = budget.reserve();
        assertThat(g.waitNanos()).as("nothing before retry_after").isGreaterThanOrEqualTo(3_000 * MS);
        now.addAndGet(g.waitNanos());
        RateBudget.Grant next = budget.reserve();
        assertThat(next.waitNanos()).as("half the rate: 100 ms apart").isEqualTo(100 * MS);

        now.addAndGet(3_000 * MS);
        assertThat(budget.currentRate()).isEqualTo(16.0); // +10 % of 20 per second
        now.addAndGet(60_000 * MS);
        assertThat(budget.currentRate()).isEqualTo(20.0);
    }

    @Test
    void aSlotReservedBeforeA429IsVoid() {
        RateBudget budget = exact(10, now::get);
        RateBudget.Grant early = budget.reserve();
        RateBudget.Grant waiting = budget.reserve();
        assertThat(budget.isCurrent(waiting)).isTrue();
        budget.onRateLimited(Duration.ofSeconds(2), early.epoch());
        assertThat(budget.isCurrent(early)).isFalse();
        assertThat(budget.isCurrent(waiting)).isFalse();
        RateBudget.Grant again = budget.reserve();
        assertThat(budget.isCurrent(again)).isTrue();
        assertThat(again.waitNanos()).isGreaterThanOrEqualTo(2_000 * MS);
    }

    @Test
    void refusalsOfSendsMadeBeforeTheSlowdownDoNotSlowItDownAgain() {
        RateBudget budget = exact(100, now::get);
        RateBudget.Grant a = budget.reserve();
        RateBudget.Grant b = budget.reserve();
        RateBudget.Grant c = budget.reserve();
        budget.onRateLimited(Duration.ofSeconds(1), a.epoch());
        budget.onRateLimited(Duration.ofSeconds(2), b.epoch());
        budget.onRateLimited(Duration.ofSeconds(1), c.epoch());
        assertThat(budget.currentRate()).as("one episode, one halving").isEqualTo(50.0);
        RateBudget.Grant next = budget.reserve();
        assertThat(next.waitNanos()).as("the longest retry_after counts").isGreaterThanOrEqualTo(2_000 * MS);
        budget.onRateLimited(Duration.ZERO, next.epoch());
        assertThat(budget.currentRate()).as("a send made after the slowdown: a new episode").isEqualTo(25.0);
    }

    @Test
    void repeatedRateLimitsNeverStopSendingAltogether() {
        RateBudget budget = exact(30, now::get);
        for (int i = 0; i < 20; i++) {
            budget.onRateLimited(Duration.ZERO, budget.reserve().epoch());
        }
        assertThat(budget.currentRate()).isEqualTo(3.0);
        RateBudget slow = exact(1, now::get);
        slow.onRateLimited(Duration.ZERO, slow.reserve().epoch());
        assertThat(slow.currentRate()).isEqualTo(1.0);
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThatThrownBy(() -> new RateBudget(0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
