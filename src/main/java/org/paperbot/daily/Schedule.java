package org.paperbot.daily;

import org.paperbot.store.DeliverySettings;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Optional;

/**
 * When a subscriber's card is due. One rule, used both for sending and for showing "next delivery":
 * the card for local date D is due from the first instant of D whose local time is at or after the chosen
 * time. So on a day whose clocks skip the chosen time (DST gap, e.g. 02:30 on the spring-forward night) the
 * card goes at the end of the gap; on a day that repeats it (autumn overlap) it goes at the first occurrence;
 * and since deliveries are recorded per local date, never twice. A chat's {@link DeliverySettings} leave dates out
 * (weekends, a pause); the next date they let through is the one due.
 */
public final class Schedule {
    private Schedule() {
    }

    /** The subscriber's calendar date at {@code now}: the date whose paper they get. */
    public static LocalDate localDate(Instant now, ZoneId zone) {
        return now.atZone(zone).toLocalDate();
    }

    /** The instant the card for {@code date} becomes due. */
    public static Instant dueAt(LocalDate date, LocalTime time, ZoneId zone) {
        LocalDateTime local = date.atTime(time);
        ZoneRules rules = zone.getRules();
        if (rules.getValidOffsets(local).isEmpty()) {
            // In a gap: the first existing instant after the chosen time is the transition itself.
            ZoneOffsetTransition gap = rules.getTransition(local);
            return gap.getInstant();
        }
        // Valid or overlap: ofLocal without a preferred offset takes the earlier offset, i.e. the first occurrence.
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }

    /**
     * The next delivery.
     *
     * @param at      when it is (or was) due
     * @param date    the local date whose paper it carries
     * @param overdue true when {@code at} has passed and the card is waiting for the next scheduler tick
     */
    public record Next(Instant at, LocalDate date, boolean overdue) {
    }

    /**
     * The next delivery for a subscriber who last got the card of {@code lastSent}. A card for a date after the
     * last one sent is never skipped for today; dates already served (also "tomorrow" after a zone change
     * westwards) are not served again; dates the settings leave out (a weekend for weekdays only, a pause) are
     * passed over.
     */
    public static Next next(Instant now, LocalTime time, ZoneId zone, DeliverySettings settings,
                            Optional<LocalDate> lastSent) {
        LocalDate date = servedFrom(firstOpen(now, zone, lastSent), settings);
        Instant at = dueAt(date, time, zone);
        return new Next(at, date, !now.isBefore(at));
    }

    /**
     * Where a pause of {@code days} days that starts now ends: the date served again. The days are counted from
     * the first date not yet served, so a pause asked for after today's card begins tomorrow.
     */
    public static LocalDate resumeAfterPause(Instant now, ZoneId zone, Optional<LocalDate> lastSent, int days) {
        return firstOpen(now, zone, lastSent).plusDays(days);
    }

    /** Whether the pause in {@code settings} still leaves out some date not yet served. */
    public static boolean paused(Instant now, ZoneId zone, DeliverySettings settings, Optional<LocalDate> lastSent) {
        LocalDate open = firstOpen(now, zone, lastSent);
        return settings.resumeOn().filter(open::isBefore).isPresent();
    }

    /** The later of two dates, either of which may be missing. */
    public static Optional<LocalDate> later(Optional<LocalDate> a, Optional<LocalDate> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.or(() -> b);
        }
        return a.get().isAfter(b.get()) ? a : b;
    }

    /** The first local date whose card has not been sent: today, or the day after the last card sent. */
    private static LocalDate firstOpen(Instant now, ZoneId zone, Optional<LocalDate> lastSent) {
        LocalDate today = localDate(now, zone);
        return lastSent.filter(d -> !d.isBefore(today)).map(d -> d.plusDays(1)).orElse(today);
    }

    /** The first date from {@code date} on that {@code settings} let a card through. */
    private static LocalDate servedFrom(LocalDate date, DeliverySettings settings) {
        LocalDate d = settings.resumeOn().filter(date::isBefore).orElse(date);
        if (settings.weekdaysOnly()) {
            while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                d = d.plusDays(1);
            }
        }
        return d;
    }
}
