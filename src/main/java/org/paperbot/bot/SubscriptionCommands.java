package org.paperbot.bot;

import org.paperbot.catalog.Catalog;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.paperbot.store.Subscription;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.daily.ChatCalendar;
import org.paperbot.zone.ZoneNames;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * /subscribe, /unsubscribe, /timezone, /history (/settings and the delivery settings: {@link DeliverySettingsCommands}). The state lives in the database (these
 * handlers read and write it); the replies are returned as Bot API methods like every other handler's.
 * Who may change a group's settings is declared in the command table and enforced by the router.
 */
public final class SubscriptionCommands {
    static final int HISTORY_DAYS = 7;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final Texts texts;
    private final DailyScreens daily;
    private final SubscriptionStore subscriptions;
    private final NextDelivery next;
    private final Clock clock;
    private final ChatCalendar calendar;

    public SubscriptionCommands(Screens screens, SubscriptionStore subscriptions, NextDelivery next, Clock clock) {
        this.texts = screens.texts();
        this.daily = screens.daily();
        this.subscriptions = subscriptions;
        this.next = next;
        this.clock = clock;
        // The chat's date has one rule, shared with /today and the 📅 button.
        this.calendar = new ChatCalendar(clock, subscriptions);
    }

    /** /subscribe, /subscribe 08:30, /subscribe 08:30 Europe/Berlin (a zone given is set first). */
    public List<BotApiMethod<?>> subscribe(CommandRequest r, Args.Subscription arg) {
        Subscription before = subscriptions.settings(r.chatId());
        arg.zone().ifPresent(zone -> subscriptions.setZone(r.chatId(), zone));
        Subscription after = subscriptions.subscribe(r.chatId(), arg.time());
        String when = next.describe(after);
        String key = !before.active() ? "subscribe.done"
                : !before.time().equals(after.time()) ? "subscribe.changed"
                : !before.zone().equals(after.zone()) ? "subscribe.zoneChanged"
                : "subscribe.already";
        return r.reply(texts.format(key, HH_MM.format(after.time()), zoneName(after.zone()), when));
    }

    public List<BotApiMethod<?>> unsubscribe(CommandRequest r) {
        return r.reply(texts.get(subscriptions.unsubscribe(r.chatId()) ? "unsubscribe.done" : "unsubscribe.none"));
    }

    /** /timezone shows the zone; /timezone Europe/Berlin (or Берлин, UTC+3) sets it (also before subscribing). */
    public List<BotApiMethod<?>> timezone(CommandRequest r, Optional<ZoneId> zone) {
        if (zone.isEmpty()) {
            Subscription s = subscriptions.settings(r.chatId());
            return r.reply(texts.format("timezone.current", zoneName(s.zone()), localNow(s.zone())));
        }
        Subscription s = subscriptions.setZone(r.chatId(), zone.get());
        String shown = zoneName(s.zone());
        String text = s.active()
                ? texts.format("timezone.doneNext", shown, localNow(s.zone()), next.describe(s))
                : texts.format("timezone.done", shown, localNow(s.zone()));
        return r.reply(ZoneNames.isFixedOffset(s.zone()) ? text + "\n" + texts.get("timezone.fixedOffset") : text);
    }

    /** /history or /history 14: the papers of the day for the last days, in the chat's zone. */
    public List<BotApiMethod<?>> history(CommandRequest r, Optional<Integer> days) {
        int count = days.orElse(HISTORY_DAYS);
        Catalog catalog = r.catalog();
        LocalDate today = calendar.today(r.chatId());
        List<DailyScreens.DatedPaper> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            LocalDate date = today.minusDays(i);
            list.add(new DailyScreens.DatedPaper(date, daily.pick(catalog, date)));
        }
        return r.reply(daily.history(catalog, list, today));
    }

    /** The zone as shown to people: its current name (Asia/Kolkata for a stored Asia/Calcutta). */
    private static String zoneName(ZoneId zone) {
        return Html.escape(ZoneNames.current(zone).getId());
    }

    private String localNow(ZoneId zone) {
        return HH_MM.format(clock.instant().atZone(zone).toLocalTime());
    }
}
