package org.paperbot.daily;

import org.paperbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.store.Database;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.Subscription;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BroadcasterTest {
    static final LocalDate MAY_10 = LocalDate.of(2026, 5, 10);
    final DailyFixture f = DailyFixture.create();

    @AfterEach
    void close() {
        f.close();
    }

    private BroadcastReport deliver(long... chats) {
        List<Due> due = java.util.Arrays.stream(chats).mapToObj(c -> new Due(c, MAY_10, false)).toList();
        return f.broadcaster.deliver(feed(due), BroadcastReport.Trigger.SCHEDULED);
    }

    /** The cards in one batch, as a feed gives a run that fits in one page. */
    static DueFeed feed(List<Due> due) {
        java.util.Iterator<List<Due>> batches = List.of(due).iterator();
        return () -> batches.hasNext() ? batches.next() : List.of();
    }

    private DeliveryStore.State state(long chat) {
        return f.deliveries.find(chat, MAY_10).orElseThrow().state();
    }

    @Test
    void deliversEachCardOnceAndRecordsIt() {
        for (long chat = 1; chat <= 50; chat++) {
            f.subscribe(chat, "09:00");
        }
        BroadcastReport report = deliver(java.util.stream.LongStream.rangeClosed(1, 50).toArray());
        assertThat(report).extracting(BroadcastReport::planned, BroadcastReport::sent, BroadcastReport::failed,
                BroadcastReport::completed).containsExactly(50, 50, 0, true);
        assertThat(f.telegram.delivered()).hasSize(50).doesNotHaveDuplicates();
        assertThat(f.deliveries.inState(DeliveryStore.State.SENT)).hasSize(50)
                .allSatisfy(d -> assertThat(d.messageId()).isPresent());
    }

    @Test
    void aBlockedChatIsDeactivatedWithTheReasonAndTheOthersStillGetTheirCard() {
        f.subscribe(1, "09:00");
        f.subscribe(2, "09:00");
        f.subscribe(3, "09:00");
        f.telegram.always(2, ScriptedTelegram.forbidden());
        f.telegram.always(3, ScriptedTelegram.chatNotFound());

        BroadcastReport report = deliver(1, 2, 3);

        assertThat(report).extracting(BroadcastReport::sent, BroadcastReport::failed, BroadcastReport::deactivated)
                .containsExactly(1, 2, 2);
        Subscription blocked = f.subscriptions.find(2).orElseThrow();
        assertThat(blocked.active()).isFalse();
        assertThat(blocked.inactiveReason()).contains(Subscription.InactiveReason.FORBIDDEN);
        assertThat(blocked.inactiveDetail()).contains("Forbidden: bot was blocked by the user");
        assertThat(blocked.inactiveSince()).contains(f.clock.instant());
        assertThat(f.subscriptions.find(3).orElseThrow().inactiveReason()).contains(Subscription.InactiveReason.CHAT_NOT_FOUND);
        assertThat(state(2)).isEqualTo(DeliveryStore.State.FAILED);
        assertThat(f.telegram.attempts()).as("no retry on 403").containsOnlyOnce(2L);
        assertThat(f.scheduler.due(f.clock.instant())).as("no longer planned").isEmpty();
    }

    @Test
    void aMigratedGroupMovesAndGetsTheCardAtItsNewId() {
        f.subscribe(-100, "09:00");
        f.telegram.always(-100, ScriptedTelegram.migrated(-1001));

        BroadcastReport report = deliver(-100);

        assertThat(report).extracting(BroadcastReport::sent, BroadcastReport::migrated, BroadcastReport::failed)
                .containsExactly(1, 1, 0);
        assertThat(f.telegram.delivered()).containsExactly(-1001L);
        assertThat(f.subscriptions.find(-100)).isEmpty();
        assertThat(f.subscriptions.find(-1001).orElseThrow().active()).isTrue();
        assertThat(f.deliveries.lastSent(-1001)).contains(MAY_10);
    }

    @Test
    void a429PausesForRetryAfterThenRetriesTheSameCard() {
        f.subscribe(1, "09:00");
        f.subscribe(2, "09:00");
        f.telegram.script(1, ScriptedTelegram.tooManyRequests(1));
        long start = System.nanoTime();

        BroadcastReport report = deliver(1, 2);

        assertThat(report).extracting(BroadcastReport::sent, BroadcastReport::rateLimited, BroadcastReport::failed)
                .containsExactly(2, 1, 0);
        assertThat(System.nanoTime() - start).as("retry_after honoured").isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
        assertThat(f.telegram.delivered()).containsExactlyInAnyOrder(1L, 2L);
        assertThat(f.deliveries.find(1, MAY_10).orElseThrow().attempts()).as("one claim, two sends").isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedWithBackoffWithinTheRun() {
        f.subscribe(1, "09:00");
        f.telegram.script(1, ScriptedTelegram.serverError(), ScriptedTelegram.network());
        BroadcastReport report = deliver(1);
        assertThat(report.sent()).isEqualTo(1);
        assertThat(f.telegram.attempts()).containsExactly(1L, 1L, 1L);
    }

    @Test
    void persistentServerErrorsLeaveTheCardForTheNextTick() {
        f.subscribe(1, "09:00");
        f.telegram.script(1, ScriptedTelegram.serverError(), ScriptedTelegram.serverError(), ScriptedTelegram.serverError());
        BroadcastReport report = deliver(1);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(state(1)).isEqualTo(DeliveryStore.State.FAILED);
        assertThat(f.scheduler.due(f.clock.instant())).containsExactly(new Due(1, MAY_10, false));
        assertThat(f.scheduler.runDue().sent()).isEqualTo(1);
        assertThat(f.telegram.delivered()).containsExactly(1L);
    }

    @Test
    void manyTransientFailuresInARowEndTheRunEarly() {
        for (long chat = 1; chat <= 100; chat++) {
            f.subscribe(chat, "09:00");
            f.telegram.always(chat, ScriptedTelegram.serverError());
        }
        BroadcastReport report = deliver(java.util.stream.LongStream.rangeClosed(1, 100).toArray());
        assertThat(report.completed()).isFalse();
        assertThat(report.failed()).isLessThan(100);
        assertThat(f.telegram.attempts().size()).isLessThan(100 * 3);
    }

    @Test
    void aRejectedMessageFailsForTheDayWithoutRetrying() {
        f.subscribe(1, "09:00");
        f.telegram.always(1, ScriptedTelegram.error(400, "Bad Request: message is too long"));
        BroadcastReport report = deliver(1);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(f.deliveries.find(1, MAY_10).orElseThrow().lastError()).hasValueSatisfying(
                e -> assertThat(e).contains("message is too long"));
        assertThat(f.subscriptions.find(1).orElseThrow().active()).as("not the chat's fault").isTrue();
        assertThat(f.telegram.attempts()).hasSize(1);
    }

    @Test
    void aChatThatUnsubscribedAfterPlanningIsSkipped() {
        f.subscribe(1, "09:00");
        f.subscriptions.unsubscribe(1);
        BroadcastReport report = deliver(1);
        assertThat(report.sent()).isZero();
        assertThat(f.telegram.attempts()).isEmpty();
    }

    @Test
    void stopFinishesTheSendInFlightAndLeavesTheRestForTheNextStart() throws Exception {
        int chats = 40;
        for (long chat = 1; chat <= chats; chat++) {
            f.subscribe(chat, "09:00");
        }
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger answered = new AtomicInteger();
        f.telegram.beforeAnswer(chat -> {
            if (answered.incrementAndGet() >= 10) { // from the 10th on every sender hangs in its send
                inFlight.countDown();
                await(release);
            }
            return true;
        });
        CompletableFuture<BroadcastReport> run = CompletableFuture.supplyAsync(() -> deliver(
                java.util.stream.LongStream.rangeClosed(1, chats).toArray()));
        assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
        f.broadcaster.stop();
        release.countDown();
        BroadcastReport report = run.get(10, TimeUnit.SECONDS);

        assertThat(report.completed()).isFalse();
        assertThat(f.deliveries.inState(DeliveryStore.State.SENDING)).as("in-flight sends were recorded").isEmpty();
        int sentBefore = report.sent();
        assertThat(sentBefore).as("the sends in flight finished, nothing new started").isBetween(10, 13);

        ScriptedTelegram second = new ScriptedTelegram();
        DailyFixture restarted = f.restart(second);
        BroadcastReport rest = restarted.scheduler.runDue();
        assertThat(rest.sent()).isEqualTo(chats - sentBefore);
        Set<Long> all = new HashSet<>(f.telegram.delivered());
        all.addAll(second.delivered());
        assertThat(all).hasSize(chats);
        assertThat(second.delivered()).doesNotContainAnyElementsOf(f.telegram.delivered());
        restarted.scheduler.stop(Duration.ofSeconds(1));
    }

    @Test
    void aCrashMidBroadcastResendsOnlyWhatWasInFlight() throws Exception {
        // "Crash": the database vanishes under the senders while some sends are in flight, so their outcome is
        // never recorded. After the restart exactly those are sent again, everything else exactly once.
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("paperbot-crash");
        Database first = TestDatabases.open(dir);
        DailyFixture a = new DailyFixture(first, f.clock, new ScriptedTelegram(), 1000, DailyFixture.fast(4));
        int chats = 60;
        for (long chat = 1; chat <= chats; chat++) {
            a.subscribe(chat, "09:00");
        }
        CountDownLatch crashed = new CountDownLatch(1);
        AtomicInteger answered = new AtomicInteger();
        a.telegram.beforeAnswer(chat -> {
            if (answered.incrementAndGet() == 25) {
                a.broadcaster.stop();
                first.close();
                crashed.countDown();
            }
            return true;
        });
        a.broadcaster.deliver(a.scheduler.feed(f.clock.instant(), false), BroadcastReport.Trigger.SCHEDULED);
        assertThat(crashed.await(10, TimeUnit.SECONDS)).isTrue();
        List<Long> firstRun = a.telegram.delivered();

        Database reopened = TestDatabases.open(dir);
        DailyFixture b = new DailyFixture(reopened, f.clock, new ScriptedTelegram(), 1000, DailyFixture.fast(4));
        int inFlight = b.deliveries.inState(DeliveryStore.State.SENDING).size();
        assertThat(inFlight).isBetween(1, 4); // at most one per sender
        b.scheduler.runDue();

        List<Long> all = new java.util.ArrayList<>(firstRun);
        all.addAll(b.telegram.delivered());
        assertThat(new HashSet<>(all)).hasSize(chats);
        assertThat(all.size() - chats).as("duplicates = sends in flight at the crash").isLessThanOrEqualTo(inFlight);
        assertThat(b.deliveries.inState(DeliveryStore.State.SENT)).hasSize(chats);
        b.close();
    }

    @Test
    void aParkedChatsCardWaitsForItsRetryAfterWhileTheOthersGoOn() {
        for (long chat = 1; chat <= 3; chat++) {
            f.subscribe(chat, "09:00");
        }
        List<long[]> sends = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        f.telegram.beforeAnswer(chat -> sends.add(new long[] {chat, System.nanoTime()}));
        // A reply to chat 2 was just refused with 429: the chat is parked for a second.
        long parkedAt = System.nanoTime();
        f.outbox.tryTurn(2).rateLimited(Duration.ofSeconds(1));

        BroadcastReport report = deliver(1, 2, 3);

        assertThat(report).extracting(BroadcastReport::sent, BroadcastReport::completed).containsExactly(3, true);
        assertThat(f.telegram.attempts()).as("one attempt each, the parked chat last").containsExactlyInAnyOrder(1L, 2L, 3L)
                .endsWith(2L);
        long sentToParked = sends.stream().filter(s -> s[0] == 2).findFirst().orElseThrow()[1];
        assertThat(sentToParked - parkedAt).as("not before retry_after").isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
        assertThat(f.deliveries.find(2, MAY_10).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void aChatThatJustHadItsBurstOfRepliesGetsItsCardWhenItsLimitAllows() {
        f.subscribe(1, "09:00");
        f.subscribe(2, "09:00");
        for (int reply = 0; reply < 3; reply++) {
            f.outbox.tryTurn(1).sent(); // three replies to chat 1: its burst is used up
        }
        assertThat(f.outbox.tryTurn(1).granted()).isFalse();

        BroadcastReport report = deliver(1, 2);

        assertThat(report.sent()).isEqualTo(2);
        assertThat(f.telegram.attempts()).containsExactly(2L, 1L);
    }

    @Test
    void aCardWhoseChatIsParkedForLongIsLeftUnclaimedForALaterTick() {
        f.subscribe(1, "09:00");
        f.subscribe(2, "09:00");
        f.outbox.tryTurn(1).rateLimited(Duration.ofMinutes(10));

        BroadcastReport report = deliver(1, 2);

        assertThat(report).extracting(BroadcastReport::sent, BroadcastReport::failed, BroadcastReport::completed)
                .containsExactly(1, 0, false);
        assertThat(f.telegram.attempts()).containsExactly(2L);
        assertThat(f.deliveries.find(1, MAY_10)).as("never claimed").isEmpty();
        assertThat(f.scheduler.due(f.clock.instant())).containsExactly(new Due(1, MAY_10, false));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
