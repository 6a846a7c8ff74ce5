package org.paperbot.bot;

import org.paperbot.daily.Schedule;
import org.paperbot.render.Texts;
import org.paperbot.store.DeliverySettingsStore;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.Subscription;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

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

    /** The next delivery of {@code s}, with the chat's stored settings. */
    public String describe(Subscription s) {
        Instant now = clock.instant();
        Schedule.Next next = Schedule.next(now, s.time(), s.zone(), settings.get(s.chatId()), deliveries.lastSent(s.chatId()));
        if (next.overdue()) {
            return texts.get("next.soon");
        }
        // Shown as the clock on the wall will read then: on a DST-gap day 02:30 becomes 03:00.
        String at = HH_MM.format(next.at().atZone(s.zone()).toLocalTime());
        LocalDate today = Schedule.localDate(now, s.zone());
        if (next.date().equals(today)) {
            return texts.format("next.today", at);
        }
        if (next.date().equals(today.plusDays(1))) {
            return texts.format("next.tomorrow", texts.dayMonth(next.date()), at);
        }
        return texts.format("next.date", texts.dayMonth(next.date()), at);
    }
}
