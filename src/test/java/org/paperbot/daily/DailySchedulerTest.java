package org.paperbot.daily;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.store.DeliverySettings;
import org.paperbot.store.DeliverySettingsStore;
import org.paperbot.store.DeliveryStore;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperbot.daily.DailyFixture.MOSCOW;

class DailySchedulerTest {
    static final LocalDate MAY_10 = LocalDate.of(2026, 5, 10);
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    final DailyFixture f = DailyFixture.create();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void plansOnlySubscribersWhoseLocalTimeHasCome() {
        f.clock.set(Instant.parse("2026-05-10T07:30:00Z")); // 10:30 Moscow, 09:30 Berlin, 03:30 New York, 16:30 Tokyo
        f.subscribe(1, "09:00", MOSCOW);
        f.subscribe(2, "10:00", BERLIN);
        f.subscribe(3, "09:00", NEW_YORK);
        f.subscribe(4, "09:00", TOKYO);
        f.subscribe(5, "10:30", MOSCOW);

        assertThat(f.scheduler.due(f.clock.instant()))
                .containsExactlyInAnyOrder(new Due(1, MAY_10, false), new Due(4, MAY_10, false), new Due(5, MAY_10, false));
        f.clock.set(Instant.parse("2026-05-10T08:00:00Z"));
        assertThat(f.scheduler.due(f.clock.instant())).extracting(Due::chatId).containsExactlyInAnyOrder(1L, 2L, 4L, 5L);
    }

    @Test
    void weekdaysOnlyLeavesOutSaturdayAndSundayInTheChatsOwnZone() {
        DeliverySettingsStore settings = new DeliverySettingsStore(f.db, f.clock);
        // 23:30 UTC on Sunday 10 May: Monday 11 May in Tokyo, still Sunday in New York.
        f.clock.set(Instant.parse("2026-05-10T23:30:00Z"));
        f.subscribe(1, "08:00", TOKYO);
        f.subscribe(2, "09:00", NEW_YORK);
        f.subscribe(3, "09:00", NEW_YORK);
        settings.set(1, DeliverySettings.DEFAULTS.withWeekdaysOnly(true));
        settings.set(2, DeliverySettings.DEFAULTS.withWeekdaysOnly(true));
        assertThat(f.scheduler.due(f.clock.instant())).as("Monday in Tokyo; Sunday in New York: only the every-day chat")
                .containsExactlyInAnyOrder(new Due(1, MAY_10.plusDays(1), false), new Due(3, MAY_10, false));
        assertThat(f.scheduler.plan(f.clock.instant(), true)).as("an admin's push does not override the choice")
                .extracting(Due::chatId).containsExactlyInAnyOrder(1L, 3L);
    }

    @Test
    void aPausedChatGetsNoCardUntilItsResumeDateThenAsUsual() {
        DeliverySettingsStore settings = new DeliverySettingsStore(f.db, f.clock);
        f.subscribe(1, "09:00");
        f.subscribe(2, "09:00");
        settings.set(1, DeliverySettings.DEFAULTS.withResumeOn(Optional.of(MAY_10.plusDays(2))));
        assertThat(f.scheduler.due(f.clock.instant())).extracting(Due::chatId).containsExactly(2L);
        assertThat(f.scheduler.plan(f.clock.instant(), true)).extracting(Due::chatId).containsExactly(2L);
        f.clock.advance(Duration.ofDays(1));
        assertThat(f.scheduler.due(f.clock.instant())).extracting(Due::chatId).containsExactly(2L);
        f.clock.advance(Duration.ofDays(1));
        assertThat(f.scheduler.due(f.clock.instant())).containsExactlyInAnyOrder(new Due(1, MAY_10.plusDays(2), false),
                new Due(2, MAY_10.plusDays(2), false));
    }

    @Test
    void aSilentChatsCardIsPlannedSilent() {
        f.subscribe(1, "09:00");
        f.subscribe(2, "09:00");
        new DeliverySettingsStore(f.db, f.clock).set(2, DeliverySettings.DEFAULTS.withSilent(true));
        assertThat(f.scheduler.due(f.clock.instant())).containsExactly(new Due(1, MAY_10, false), new Due(2, MAY_10, true));
    }

    @Test
    void theLocalDateDecidesThePaper() {
        // 23:30 UTC on 10 May: already 11 May in Tokyo, still 10 May in New York.
        f.clock.set(Instant.parse("2026-05-10T23:30:00Z"));
        f.subscribe(1, "08:00", TOKYO);
        f.subscribe(2, "09:00", NEW_YORK);
        assertThat(f.scheduler.due(f.clock.instant()))
                .containsExactly(new Due(2, MAY_10, false), new Due(1, MAY_10.plusDays(1), false));
    }

    @Test
    void thePushCarriesTheDateTheChatsCalendarCallsToday() {
        // 00:56 on 11 May in Novosibirsk, 20:56 on 10 May in Moscow: /today and the push must agree on 11 May.
        f.clock.set(Instant.parse("2026-05-10T17:56:00Z"));
        f.subscribe(1, "00:30", ZoneId.of("Asia/Novosibirsk"));
        f.subscribe(2, "20:00", MOSCOW);
        ChatCalendar calendar = new ChatCalendar(f.clock, f.subscriptions);
        assertThat(f.scheduler.due(f.clock.instant()))
                .containsExactly(new Due(2, calendar.today(2), false), new Due(1, calendar.today(1), false));
        assertThat(calendar.today(1)).isEqualTo(MAY_10.plusDays(1));
        assertThat(calendar.today(2)).isEqualTo(MAY_10);
    }

    @Test
    void sendsOncePerLocalDateAndAgainTheNextDay() {
        f.subscribe(1, "09:00");
        BroadcastReport first = f.scheduler.runDue();
        assertThat(first.sent()).isEqualTo(1);
        assertThat(f.scheduler.runDue().planned()).isZero();
        f.clock.advance(Duration.ofHours(11)); // 23:00
        assertThat(f.scheduler.runDue().planned()).isZero();
        f.clock.advance(Duration.ofHours(9)); // 08:00 on 11 May
        assertThat(f.scheduler.runDue().planned()).isZero();
        f.clock.advance(Duration.ofHours(1));
        assertThat(f.scheduler.runDue().sent()).isEqualTo(1);
        assertThat(f.telegram.delivered()).containsExactly(1L, 1L);
        assertThat(f.deliveries.lastSent(1)).contains(MAY_10.plusDays(1));
    }

    @Test
    void afterDowntimeTodaysCardGoesLateAndYesterdaysNever() {
        f.clock.set(Instant.parse("2026-05-08T06:00:00Z"));
        f.subscribe(1, "09:00");
        f.subscribe(2, "20:00");
        f.scheduler.runDue();
        assertThat(f.deliveries.lastSent(1)).contains(LocalDate.of(2026, 5, 8));
        // Down from 8 May 09:00 until 10 May 21:00 Moscow.
        f.clock.set(Instant.parse("2026-05-10T18:00:00Z"));
        BroadcastReport late = f.scheduler.runDue();
        assertThat(late.sent()).isEqualTo(2);
        assertThat(f.deliveries.find(1, MAY_10).orElseThrow().state()).isEqualTo(DeliveryStore.State.SENT);
        assertThat(f.deliveries.find(1, MAY_10.minusDays(1))).isEmpty();
        assertThat(f.deliveries.find(2, MAY_10).orElseThrow().state()).isEqualTo(DeliveryStore.State.SENT);
    }

    @Test
    void pushTodayReachesEveryActiveSubscriberWithoutTodaysCardAndIsIdempotent() throws Exception {
        f.clock.set(Instant.parse("2026-05-10T04:00:00Z")); // 07:00 Moscow
        f.subscribe(1, "06:00");
        f.subscribe(2, "09:00");
        f.subscribe(3, "21:00", BERLIN);
        f.subscribe(4, "09:00");
        f.subscriptions.unsubscribe(4);
        assertThat(f.scheduler.runDue().sent()).isEqualTo(1);

        DailyScheduler.Push push = f.scheduler.pushToday();
        assertThat(push.recipients()).isEqualTo(2);
        BroadcastReport report = push.done().get(10, TimeUnit.SECONDS);
        assertThat(report.trigger()).isEqualTo(BroadcastReport.Trigger.PUSH);
        assertThat(report.sent()).isEqualTo(2);

        DailyScheduler.Push again = f.scheduler.pushToday();
        assertThat(again.recipients()).isZero();
        assertThat(again.done().get(10, TimeUnit.SECONDS).planned()).isZero();
        f.clock.set(Instant.parse("2026-05-10T20:00:00Z")); // everyone's time has come
        assertThat(f.scheduler.runDue().planned()).as("the scheduled run finds nothing left").isZero();
        assertThat(f.telegram.delivered()).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void theLastReportIsKeptInTheDatabase() {
        assertThat(f.scheduler.lastReport()).isEmpty();
        f.subscribe(1, "09:00");
        f.subscribe(2, "09:00");
        f.telegram.always(2, ScriptedTelegram.forbidden());
        f.scheduler.runDue();
        f.scheduler.runDue(); // nothing due: not recorded
        BroadcastReport last = f.scheduler.lastReport().orElseThrow();
        assertThat(last.trigger()).isEqualTo(BroadcastReport.Trigger.SCHEDULED);
        assertThat(last.startedAt()).isEqualTo(f.clock.instant());
        assertThat(last).extracting(BroadcastReport::planned, BroadcastReport::sent, BroadcastReport::failed,
                BroadcastReport::deactivated, BroadcastReport::completed).containsExactly(2, 1, 1, 1, true);
        DailyScheduler other = f.restart(new ScriptedTelegram()).scheduler;
        assertThat(other.lastReport()).contains(last);
        other.stop(Duration.ofSeconds(1));
    }

    @Test
    void aRestartOnTheSameDatabaseSendsNothingAgain() {
        for (long chat = 1; chat <= 20; chat++) {
            f.subscribe(chat, "09:00");
        }
        assertThat(f.scheduler.runDue().sent()).isEqualTo(20);
        f.scheduler.stop(Duration.ofSeconds(1));
        ScriptedTelegram second = new ScriptedTelegram();
        DailyFixture restarted = f.restart(second);
        assertThat(restarted.scheduler.runDue().planned()).isZero();
        assertThat(restarted.scheduler.pushToday().recipients()).isZero();
        assertThat(second.attempts()).isEmpty();
        restarted.scheduler.stop(Duration.ofSeconds(1));
    }

    @Test
    void exhaustedDeliveriesWaitForTomorrowUnlessAnAdminPushes() throws Exception {
        f.subscribe(1, "09:00");
        f.telegram.script(1, ScriptedTelegram.error(400, "Bad Request: can't parse entities"));
        assertThat(f.scheduler.runDue().failed()).isEqualTo(1);
        assertThat(f.scheduler.runDue().planned()).as("a rejected message is not retried every tick").isZero();
        assertThat(f.scheduler.pushToday().done().get(10, TimeUnit.SECONDS).sent()).isEqualTo(1);
    }

    @Test
    void startTicksOnItsOwnThread() throws Exception {
        f.subscribe(1, "09:00");
        f.scheduler.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (f.telegram.delivered().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(f.telegram.delivered()).containsExactly(1L);
    }

    @Test
    void aRunAskedForOnAnotherThreadWaitsForTheRunInProgress() throws Exception {
        for (long chat = 1; chat <= 5; chat++) {
            f.subscribe(chat, "09:00");
        }
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        f.telegram.beforeAnswer(chat -> {
            sending.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        CompletableFuture<BroadcastReport> first = CompletableFuture.supplyAsync(f.scheduler::runDue);
        assertThat(sending.await(10, TimeUnit.SECONDS)).as("the first run is sending").isTrue();
        CompletableFuture<BroadcastReport> second = new CompletableFuture<>();
        Thread asker = new Thread(() -> second.complete(f.scheduler.runDue()), "second-run");
        asker.start();

        // The second run is parked on the scheduler's monitor, not planning alongside the first.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ThreadInfo info = threads.getThreadInfo(asker.getId());
        while (!(asker.getState() == Thread.State.BLOCKED && info != null && info.getLockInfo() != null
                && info.getLockInfo().getIdentityHashCode() == System.identityHashCode(f.scheduler))) {
            assertThat(second).as("the second run ended while the first was still sending").isNotDone();
            assertThat(System.nanoTime()).as("second run blocked on the scheduler within 10 s").isLessThan(deadline);
            Thread.sleep(5);
            info = threads.getThreadInfo(asker.getId());
        }
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).sent()).isEqualTo(5);
        assertThat(second.get(10, TimeUnit.SECONDS).planned()).as("nothing left for the second run").isZero();
        assertThat(f.telegram.delivered()).hasSize(5).doesNotHaveDuplicates();
    }
}
