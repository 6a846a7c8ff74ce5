package org.paperbot.daily;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperbot.store.Database;
import org.paperbot.store.DeliverySettings;
import org.paperbot.store.DeliverySettingsStore;
import org.paperbot.store.OldSchema;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperbot.daily.DailyFixture.MOSCOW;

/**
 * The due instant each subscription carries (what a tick reads): recomputed on every change of what decides it, right
 * across DST transitions, and never letting a card go twice once old delivery rows are pruned.
 */
class NextDueTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final LocalDate MAY_10 = LocalDate.of(2026, 5, 10);
    final DailyFixture f = DailyFixture.create();

    @AfterEach
    void close() {
        f.close();
    }

    /**
     * The day before a transition the card goes out; the next due instant, on the transition day, is the end of the
     * gap for a skipped time and the first occurrence (earlier offset) for a repeated one.
     */
    @ParameterizedTest(name = "{0} at {1} on {2}: due {3}")
    @CsvSource({
            // spring forward, 02:00 -> 03:00 local: 02:30 does not exist
            "Europe/Berlin,    02:30, 2026-03-28, 2026-03-29T01:00:00Z",
            "America/New_York, 02:15, 2026-03-07, 2026-03-08T07:00:00Z",
            // fall back, the hour repeats: the first 02:30 (CEST) and the first 01:30 (EDT)
            "Europe/Berlin,    02:30, 2026-10-24, 2026-10-25T00:30:00Z",
            "America/New_York, 01:30, 2026-10-31, 2026-11-01T05:30:00Z",
            // an ordinary day next to them
            "Europe/Berlin,    09:00, 2026-03-27, 2026-03-28T08:00:00Z"})
    void afterADeliveryTheNextDueInstantFollowsTheZonesRules(String zone, String time, LocalDate dayBefore,
                                                             Instant expected) {
        ZoneId id = ZoneId.of(zone);
        f.clock.set(dayBefore.atTime(12, 0).atZone(id).toInstant());
        f.subscribe(1, time, id);
        assertThat(f.scheduler.runDue().sent()).isEqualTo(1);

        assertThat(f.deliveries.nextDue(1)).contains(expected);
        f.clock.set(expected.minusSeconds(1));
        assertThat(f.scheduler.due(f.clock.instant())).isEmpty();
        f.clock.set(expected);
        assertThat(f.scheduler.due(f.clock.instant())).containsExactly(new Due(1, dayBefore.plusDays(1), false));
    }

    @Test
    void theRepeatedHourAfterAFallBackDeliveryGetsNothingMore() {
        f.clock.set(Instant.parse("2026-11-01T05:30:00Z")); // 01:30 EDT, the first of the two
        f.subscribe(1, "01:30", NEW_YORK);
        assertThat(f.scheduler.runDue().sent()).isEqualTo(1);

        f.clock.set(Instant.parse("2026-11-01T06:30:00Z")); // 01:30 EST, the second
        assertThat(f.scheduler.runDue().planned()).isZero();
        assertThat(f.deliveries.nextDue(1)).contains(Instant.parse("2026-11-02T06:30:00Z"));
        assertThat(f.telegram.delivered()).containsExactly(1L);
    }

    @Test
    void aZoneChangeMovesTheDueInstantToThatZonesNextCard() {
        f.clock.set(Instant.parse("2026-05-10T03:00:00Z")); // 06:00 Moscow, 23:00 the day before in New York
        f.subscribe(1, "09:00", MOSCOW);
        assertThat(f.deliveries.nextDue(1)).contains(Instant.parse("2026-05-10T06:00:00Z"));

        f.subscriptions.setZone(1, NEW_YORK); // 9 May's card there is still to come
        assertThat(f.deliveries.nextDue(1)).contains(Instant.parse("2026-05-09T13:00:00Z"));
        f.subscriptions.setZone(1, BERLIN);
        assertThat(f.deliveries.nextDue(1)).contains(Instant.parse("2026-05-10T07:00:00Z"));
    }

    @Test
    void aZoneChangeWestwardsAfterTodaysCardDoesNotServeTheSameDateAgain() {
        f.clock.set(Instant.parse("2026-05-10T06:00:00Z")); // 09:00 Moscow, 02:00 New York
        f.subscribe(1, "09:00", MOSCOW);
        assertThat(f.scheduler.runDue().sent()).isEqualTo(1);

        f.subscriptions.setZone(1, NEW_YORK); // still 10 May there, and 10 May was served
        assertThat(f.deliveries.nextDue(1)).contains(Instant.parse("2026-05-11T13:00:00Z"));
        f.clock.set(Instant.parse("2026-05-10T13:00:00Z"));
        assertThat(f.scheduler.due(f.clock.instant())).isEmpty();
    }

    @Test
    void aTimeChangeMovesTheDueInstant() {
        f.clock.set(Instant.parse("2026-05-10T03:00:00Z"));
        f.subscribe(1, "09:00", MOSCOW);
        f.subscriptions.subscribe(1, Optional.of(LocalTime.of(7, 15)));
        assertThat(f.deliveries.nextDue(1)).contains(Instant.parse("2026-05-10T04:15:00Z"));
    }

    @Test
    void weekdaysOnlyAndAPauseMoveTheDueInstantAndResumingBringsItBack() {
        DeliverySettingsStore settings = new DeliverySettingsStore(f.db, f.clock);
        f.clock.set(Instant.parse("2026-05-09T03:00:00Z")); // Saturday, 06:00 Moscow
        f.subscribe(1, "09:00", MOSCOW);
        assertThat(f.deliveries.nextDue(1)).contains(Instant.parse("2026-05-09T06:00:00Z"));

        settings.set(1, DeliverySettings.DEFAULTS.withWeekdaysOnly(true));
        assertThat(f.deliveries.nextDue(1)).contains(Instant.parse("2026-05-11T06:00:00Z")); // Monday
        settings.set(1, DeliverySettings.DEFAULTS.withResumeOn(Optional.of(LocalDate.of(2026, 5, 20))));
        assertThat(f.deliveries.nextDue(1)).contains(Instant.parse("2026-05-20T06:00:00Z"));
        settings.set(1, DeliverySettings.DEFAULTS);
        assertThat(f.deliveries.nextDue(1)).contains(Instant.parse("2026-05-09T06:00:00Z"));
    }

    @Test
    void anInactiveSubscriptionIsNeverDueAndComesBackWhenResubscribed() {
        f.clock.set(Instant.parse("2026-05-10T03:00:00Z"));
        f.subscribe(1, "09:00", MOSCOW);
        f.subscriptions.unsubscribe(1);
        assertThat(f.deliveries.nextDue(1)).isEmpty();
        f.clock.set(Instant.parse("2026-05-10T07:00:00Z"));
        assertThat(f.scheduler.due(f.clock.instant())).isEmpty();

        f.subscriptions.subscribe(1, Optional.empty());
        assertThat(f.deliveries.nextDue(1)).contains(Instant.parse("2026-05-10T06:00:00Z"));
        assertThat(f.scheduler.due(f.clock.instant())).containsExactly(new Due(1, MAY_10, false));
    }

    @Test
    void aDeliveryGivenUpOnMovesTheChatToTomorrowAndARetryableOneKeepsItDue() {
        f.clock.set(Instant.parse("2026-05-10T07:00:00Z"));
        f.subscribe(1, "09:00", MOSCOW);
        f.subscribe(2, "09:00", MOSCOW);
        f.deliveries.claim(1, MAY_10);
        f.deliveries.markFailed(1, MAY_10, "400 Bad Request", false);
        f.deliveries.claim(2, MAY_10);
        f.deliveries.markFailed(2, MAY_10, "502", true);

        assertThat(f.deliveries.nextDue(1)).contains(Instant.parse("2026-05-11T06:00:00Z"));
        assertThat(f.deliveries.nextDue(2)).contains(Instant.parse("2026-05-10T06:00:00Z"));
        assertThat(f.scheduler.due(f.clock.instant())).containsExactly(new Due(2, MAY_10, false));
    }

    @Test
    void aSupergroupMoveKeepsTheDueInstantAndTheLastSentDate() {
        f.clock.set(Instant.parse("2026-05-10T07:00:00Z"));
        f.subscribe(-1, "09:00", MOSCOW);
        f.subscribe(-100, "10:00", MOSCOW);
        f.subscriptions.unsubscribe(-100);
        assertThat(f.scheduler.runDue().sent()).isEqualTo(1);

        f.subscriptions.migrate(-1, -100);
        f.deliveries.pruneBefore(MAY_10.plusDays(1));
        assertThat(f.deliveries.nextDue(-1)).isEmpty();
        assertThat(f.deliveries.lastSent(-100)).contains(MAY_10);
        assertThat(f.deliveries.nextDue(-100)).contains(Instant.parse("2026-05-11T06:00:00Z"));
        assertThat(f.scheduler.runDue().planned()).isZero();
    }

    @Test
    void pruningTheHistoryKeepsEachCardExactlyOnceAcrossARestart() {
        f.clock.set(Instant.parse("2026-05-10T07:00:00Z"));
        f.subscribe(1, "09:00", MOSCOW);
        f.subscribe(2, "09:30", MOSCOW);
        assertThat(f.scheduler.runDue().sent()).isEqualTo(2);

        assertThat(f.deliveries.pruneBefore(MAY_10.plusDays(1))).isEqualTo(2);
        assertThat(f.deliveries.find(1, MAY_10)).isEmpty();
        assertThat(f.deliveries.claim(1, MAY_10)).as("a claim for a date already sent").isFalse();

        ScriptedTelegram afterRestart = new ScriptedTelegram();
        DailyFixture restarted = f.restart(afterRestart);
        restarted.clock.advance(java.time.Duration.ofHours(2));
        assertThat(restarted.scheduler.runDue().planned()).isZero();
        assertThat(restarted.scheduler.pushToday().recipients()).isZero();
        assertThat(afterRestart.delivered()).isEmpty();
        restarted.clock.set(Instant.parse("2026-05-11T06:00:00Z"));
        assertThat(restarted.scheduler.runDue().sent()).isEqualTo(1);
        assertThat(afterRestart.delivered()).containsExactly(1L);
        assertThat(f.telegram.delivered()).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void aDatabaseFromBeforeDueInstantsGetsThemAtTheFirstTickAndSendsNothingTwice(@TempDir Path dir) {
        Path file = dir.resolve("paperbot.db");
        try (Database old = OldSchema.before(file, 9)) {
            old.transaction(c -> {
                try (var s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO subscription (chat_id, active, send_time, zone, created_at, updated_at) "
                            + "VALUES (1, 1, '09:00', 'Europe/Moscow', 'x', 'x'), (2, 1, '09:00', 'Europe/Moscow', 'x', 'x'), "
                            + "(3, 1, '20:00', 'America/New_York', 'x', 'x'), (4, 0, '09:00', 'Europe/Moscow', 'x', 'x')");
                    s.executeUpdate("INSERT INTO delivery (chat_id, local_date, paper_id, state, attempts, updated_at) "
                            + "VALUES (1, '2026-05-10', 'p', 'sent', 1, 'x'), (2, '2026-05-09', 'p', 'sent', 1, 'x')");
                    return null;
                }
            });
        }
        try (DailyFixture upgraded = new DailyFixture(OldSchema.current(file),
                new MutableClock(Instant.parse("2026-05-10T05:00:00Z")), new ScriptedTelegram(), 1000, DailyFixture.fast(2))) {
            assertThat(upgraded.deliveries.lastSent(1)).contains(MAY_10);
            assertThat(upgraded.scheduler.runDue().planned()).as("08:00 in Moscow: nothing is due yet").isZero();

            assertThat(upgraded.deliveries.nextDue(1)).contains(Instant.parse("2026-05-11T06:00:00Z"));
            assertThat(upgraded.deliveries.nextDue(2)).contains(Instant.parse("2026-05-10T06:00:00Z"));
            assertThat(upgraded.deliveries.nextDue(3)).contains(Instant.parse("2026-05-11T00:00:00Z"));
            assertThat(upgraded.deliveries.nextDue(4)).isEmpty();

            upgraded.clock.set(Instant.parse("2026-05-10T06:00:00Z"));
            assertThat(upgraded.scheduler.runDue().sent()).isEqualTo(1);
            assertThat(upgraded.telegram.delivered()).containsExactly(2L);
        }
    }
}
