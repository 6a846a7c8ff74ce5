package org.paperbot.daily;

import org.junit.jupiter.api.Test;

import org.paperbot.store.DeliverySettings;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleTest {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId AUCKLAND = ZoneId.of("Pacific/Auckland");
    static final LocalTime NINE = LocalTime.of(9, 0);

    /** Whether the card of a subscriber who has not had one yet is due (overdue) at {@code now}. */
    private static boolean dueToday(Instant now, LocalTime time, ZoneId zone) {
        return Schedule.next(now, time, zone, DeliverySettings.DEFAULTS, Optional.empty()).overdue();
    }

    @Test
    void oneInstantIsDifferentLocalDatesInDifferentZones() {
        Instant now = Instant.parse("2026-05-10T22:30:00Z");
        assertThat(Schedule.localDate(now, MOSCOW)).isEqualTo(LocalDate.of(2026, 5, 11));
        assertThat(Schedule.localDate(now, NEW_YORK)).isEqualTo(LocalDate.of(2026, 5, 10));
        assertThat(Schedule.localDate(now, AUCKLAND)).isEqualTo(LocalDate.of(2026, 5, 11));
    }

    @Test
    void dueFromTheChosenLocalTimeInTheSubscribersZone() {
        Instant nineMoscow = Instant.parse("2026-05-10T06:00:00Z");
        assertThat(dueToday(nineMoscow.minusSeconds(1), NINE, MOSCOW)).isFalse();
        assertThat(dueToday(nineMoscow, NINE, MOSCOW)).isTrue();
        assertThat(dueToday(nineMoscow, NINE, BERLIN)).as("08:00 in Berlin").isFalse();
        assertThat(dueToday(Instant.parse("2026-05-10T07:00:00Z"), NINE, BERLIN)).isTrue();
        assertThat(dueToday(Instant.parse("2026-05-10T13:00:00Z"), NINE, NEW_YORK)).isTrue();
        assertThat(dueToday(Instant.parse("2026-05-10T12:59:59Z"), NINE, NEW_YORK)).isFalse();
    }

    @Test
    void midnightStartsANewLocalDate() {
        LocalTime midnight = LocalTime.MIDNIGHT;
        Instant justBefore = Instant.parse("2026-05-10T20:59:59Z"); // 23:59:59 in Moscow
        Instant atMidnight = Instant.parse("2026-05-10T21:00:00Z"); // 00:00 on 11 May in Moscow
        LocalDate may10 = LocalDate.of(2026, 5, 10);
        LocalDate may11 = LocalDate.of(2026, 5, 11);

        Schedule.Next beforeMidnight = Schedule.next(justBefore, midnight, MOSCOW, DeliverySettings.DEFAULTS, Optional.of(may10));
        assertThat(beforeMidnight.date()).isEqualTo(may11);
        assertThat(beforeMidnight.at()).isEqualTo(atMidnight);
        assertThat(beforeMidnight.overdue()).isFalse();

        Schedule.Next atIt = Schedule.next(atMidnight, midnight, MOSCOW, DeliverySettings.DEFAULTS, Optional.of(may10));
        assertThat(atIt.overdue()).isTrue();
        assertThat(atIt.date()).isEqualTo(may11);
        assertThat(Schedule.localDate(atMidnight, MOSCOW)).isEqualTo(may11);

        LocalTime lastMinute = LocalTime.of(23, 59);
        assertThat(dueToday(justBefore, lastMinute, MOSCOW)).isTrue();
        assertThat(dueToday(atMidnight, lastMinute, MOSCOW)).as("a new day, not yet 23:59").isFalse();
    }

    @Test
    void aTimeSkippedBySpringForwardIsDueWhenTheClockJumps() {
        // Berlin, 29 March 2026: 02:00 CET jumps to 03:00 CEST (01:00 UTC); 02:30 does not exist.
        LocalDate day = LocalDate.of(2026, 3, 29);
        Instant transition = Instant.parse("2026-03-29T01:00:00Z");
        assertThat(Schedule.dueAt(day, LocalTime.of(2, 30), BERLIN)).isEqualTo(transition);
        assertThat(dueToday(transition.minusSeconds(1), LocalTime.of(2, 30), BERLIN)).isFalse();
        assertThat(dueToday(transition, LocalTime.of(2, 30), BERLIN)).isTrue();
        // Times around the gap stay where the clock shows them.
        assertThat(Schedule.dueAt(day, LocalTime.of(1, 59), BERLIN)).isEqualTo(Instant.parse("2026-03-29T00:59:00Z"));
        assertThat(Schedule.dueAt(day, LocalTime.of(3, 0), BERLIN)).isEqualTo(transition);
        assertThat(Schedule.dueAt(day, NINE, BERLIN)).isEqualTo(Instant.parse("2026-03-29T07:00:00Z"));
    }

    @Test
    void aTimeRepeatedByFallBackIsDueAtItsFirstOccurrence() {
        // Berlin, 25 October 2026: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice.
        LocalDate day = LocalDate.of(2026, 10, 25);
        Instant first = Instant.parse("2026-10-25T00:30:00Z");
        assertThat(Schedule.dueAt(day, LocalTime.of(2, 30), BERLIN)).isEqualTo(first);
        // After the first occurrence was delivered, the second one is the same date: the next is the 26th.
        Instant second = Instant.parse("2026-10-25T01:30:00Z");
        Schedule.Next next = Schedule.next(second, LocalTime.of(2, 30), BERLIN, DeliverySettings.DEFAULTS, Optional.of(day));
        assertThat(next.date()).isEqualTo(day.plusDays(1));
        assertThat(next.at()).isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
        assertThat(Schedule.dueAt(day, NINE, BERLIN)).isEqualTo(Instant.parse("2026-10-25T08:00:00Z"));
    }

    @Test
    void aDayThatStartsWithAGapAtMidnight() {
        // Santiago de Chile, 6 September 2026: 00:00 -04 jumps to 01:00 -03; local midnight does not exist.
        ZoneId santiago = ZoneId.of("America/Santiago");
        LocalDate day = LocalDate.of(2026, 9, 6);
        Instant due = Schedule.dueAt(day, LocalTime.MIDNIGHT, santiago);
        assertThat(due).isEqualTo(Instant.parse("2026-09-06T04:00:00Z"));
        assertThat(Schedule.localDate(due, santiago)).isEqualTo(day);
        assertThat(Schedule.localDate(due.minusSeconds(1), santiago)).isEqualTo(day.minusDays(1));
    }

    @Test
    void nextDeliveryIsTodayBeforeTheTimeAndTomorrowAfterTodaysCard() {
        Instant morning = Instant.parse("2026-05-10T04:00:00Z"); // 07:00 Moscow
        LocalDate today = LocalDate.of(2026, 5, 10);
        Schedule.Next beforeTime = Schedule.next(morning, NINE, MOSCOW, DeliverySettings.DEFAULTS, Optional.of(today.minusDays(1)));
        assertThat(beforeTime).isEqualTo(new Schedule.Next(Instant.parse("2026-05-10T06:00:00Z"), today, false));

        Instant noon = Instant.parse("2026-05-10T09:00:00Z");
        assertThat(Schedule.next(noon, NINE, MOSCOW, DeliverySettings.DEFAULTS, Optional.of(today)))
                .isEqualTo(new Schedule.Next(Instant.parse("2026-05-11T06:00:00Z"), today.plusDays(1), false));
        assertThat(Schedule.next(noon, NINE, MOSCOW, DeliverySettings.DEFAULTS, Optional.empty()).overdue())
                .as("not sent yet today: late, but still today's").isTrue();
    }

    @Test
    void aZoneChangeWestwardsDoesNotServeADateTwice() {
        // Got the card of 11 May in Auckland, then moved to New York where it is still 10 May.
        Instant now = Instant.parse("2026-05-10T23:00:00Z");
        LocalDate may11 = LocalDate.of(2026, 5, 11);
        Schedule.Next next = Schedule.next(now, NINE, NEW_YORK, DeliverySettings.DEFAULTS, Optional.of(may11));
        assertThat(next.date()).isEqualTo(LocalDate.of(2026, 5, 12));
        assertThat(next.overdue()).isFalse();
    }

    /** Sunday 10 May 2026, 07:00 in Moscow. */
    static final Instant SUNDAY_MORNING = Instant.parse("2026-05-10T04:00:00Z");
    static final LocalDate SUNDAY = LocalDate.of(2026, 5, 10);

    @Test
    void weekdaysOnlyPassesOverTheWeekendToMonday() {
        DeliverySettings weekdays = DeliverySettings.DEFAULTS.withWeekdaysOnly(true);
        Schedule.Next next = Schedule.next(SUNDAY_MORNING, NINE, MOSCOW, weekdays, Optional.empty());
        assertThat(next.date()).isEqualTo(SUNDAY.plusDays(1));
        assertThat(next.at()).isEqualTo(Instant.parse("2026-05-11T06:00:00Z"));
        // Friday's card sent: the next is Monday's, not Saturday's.
        Instant fridayEvening = Instant.parse("2026-05-15T17:00:00Z");
        assertThat(Schedule.next(fridayEvening, NINE, MOSCOW, weekdays, Optional.of(LocalDate.of(2026, 5, 15))).date())
                .isEqualTo(LocalDate.of(2026, 5, 18));
        assertThat(Schedule.next(SUNDAY_MORNING, NINE, MOSCOW, DeliverySettings.DEFAULTS, Optional.empty()).date())
                .as("every day: Sunday too").isEqualTo(SUNDAY);
    }

    @Test
    void aPauseStartsAtTheFirstCardNotYetSentAndEndsOnItsResumeDate() {
        assertThat(Schedule.resumeAfterPause(SUNDAY_MORNING, MOSCOW, Optional.empty(), 7)).as("today's card not sent yet")
                .isEqualTo(SUNDAY.plusDays(7));
        assertThat(Schedule.resumeAfterPause(SUNDAY_MORNING, MOSCOW, Optional.of(SUNDAY), 1)).as("after today's card")
                .isEqualTo(SUNDAY.plusDays(2));
        DeliverySettings paused = DeliverySettings.DEFAULTS.withResumeOn(Optional.of(SUNDAY.plusDays(7)));
        assertThat(Schedule.next(SUNDAY_MORNING, NINE, MOSCOW, paused, Optional.empty()).date()).isEqualTo(SUNDAY.plusDays(7));
        assertThat(Schedule.paused(SUNDAY_MORNING, MOSCOW, paused, Optional.empty())).isTrue();
        Instant weekLater = SUNDAY_MORNING.plus(java.time.Duration.ofDays(7));
        assertThat(Schedule.paused(weekLater, MOSCOW, paused, Optional.of(SUNDAY.minusDays(1)))).as("over").isFalse();
        assertThat(Schedule.next(weekLater, NINE, MOSCOW, paused, Optional.empty()).date()).isEqualTo(SUNDAY.plusDays(7));
    }

    @Test
    void aPauseEndingOnASaturdayResumesOnMondayForWeekdaysOnly() {
        DeliverySettings both = new DeliverySettings(false, true, Optional.of(LocalDate.of(2026, 5, 16)));
        assertThat(Schedule.next(SUNDAY_MORNING, NINE, MOSCOW, both, Optional.empty()).date()).isEqualTo(LocalDate.of(2026, 5, 18));
    }
}
