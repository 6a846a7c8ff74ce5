package org.paperbot.bot;

import org.paperbot.daily.Schedule;
import org.paperbot.render.Texts;
import org.paperbot.store.DeliverySettingsStore;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.Subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The next delivery of a subscription in words ("сегодня в 09:00", "завтра, 11 мая, в 09:00"), by the scheduler's
 * own rule ({@link Schedule#next}), so weekends and pauses the chat chose are passed over here as they are there.
 */
public final class NextDelivery {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final Texts texts;
    private final DeliveryStore deliveries;
    private final DeliverySettingsStore settings;
    private final Clock clock;

    public NextDelivery(Texts texts, DeliveryStore deliveries, DeliverySettingsStore settings, Clock clock) {
        this.texts = texts;
        this.deliveries = deliveries;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * The next delivery of {@code s}, with the chat's stored settings, and how long until it: "сегодня в 09:00 (через
     * 2 ч 5 мин)", "завтра, 11 мая, в 09:00 (через 12 ч 8 мин)". A card whose time today has passed unsent (just
     * subscribed, or the bot was down) goes out at the scheduler's next tick; then the regular one after it is named.
     */
    public String describe(Subscription s) {
        Instant now = clock.instant();
        Schedule.Next next = Schedule.next(now, s.time(), s.zone(), settings.get(s.chatId()), deliveries.lastSent(s.chatId()));
        if (next.overdue()) {
            Schedule.Next regular = Schedule.next(now, s.time(), s.zone(), settings.get(s.chatId()), Optional.of(next.date()));
            return texts.format("next.overdue", HH_MM.format(s.time()), when(regular, now, s.zone()));
        }
        return when(next, now, s.zone());
    }

    private String when(Schedule.Next next, Instant now, ZoneId zone) {
        // Shown as the clock on the wall will read then: on a DST-gap day 02:30 becomes 03:00.
        String at = HH_MM.format(next.at().atZone(zone).toLocalTime());
        // Counted between instants, so a night with a clock change is an hour shorter or longer, as it really is.
        String in = relative(Duration.between(now, next.at()));
        LocalDate today = Schedule.localDate(now, zone);
        if (next.date().equals(today)) {
            return texts.format("next.today", at, in);
        }
        if (next.date().equals(today.plusDays(1))) {
            return texts.format("next.tomorrow", texts.dayMonth(next.date()), at, in);
        }
        return texts.format("next.date", texts.dayMonth(next.date()), at, in);
    }

    /** "через 12 ч 8 мин", rounded up to the minute (a card 30 s away is "через 1 мин"); "через 7 д 2 ч" from two days. */
    String relative(Duration until) {
        long minutes = Math.max(0, (until.toSeconds() + 59) / 60);
        long hours = minutes / 60;
        long rest = minutes % 60;
        if (hours >= 48) {
            return hours % 24 > 0 ? texts.format("next.in.daysHours", hours / 24, hours % 24) : texts.format("next.in.days", hours / 24);
        }
        if (hours > 0) {
            return rest > 0 ? texts.format("next.in.hoursMinutes", hours, rest) : texts.format("next.in.hours", hours);
        }
        return minutes > 0 ? texts.format("next.in.minutes", minutes) : texts.get("next.in.moment");
    }
}
