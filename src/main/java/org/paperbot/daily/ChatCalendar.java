package org.paperbot.daily;

import org.paperbot.store.SubscriptionStore;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * What day it is in a chat: the date in the chat's zone (set by /timezone, else the configured default). /today,
 * /history, the 📅 button, inline mode and the daily message all ask here or use {@link Schedule#localDate} with the
 * same zone, so they agree on the paper of the day around midnight.
 */
public final class ChatCalendar {
    private final Clock clock;
    private final SubscriptionStore subscriptions;

    public ChatCalendar(Clock clock, SubscriptionStore subscriptions) {
        this.clock = clock;
        this.subscriptions = subscriptions;
    }

    public ZoneId zone(long chatId) {
        return subscriptions.settings(chatId).zone();
    }

    /** Today's date in the chat; for inline mode pass the user's id, which is their private chat's id. */
    public LocalDate today(long chatId) {
        return Schedule.localDate(clock.instant(), zone(chatId));
    }
}
