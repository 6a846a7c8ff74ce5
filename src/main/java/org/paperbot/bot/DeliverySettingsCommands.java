package org.paperbot.bot;

import org.paperbot.bot.CallbackData.ChangeSettings.Change;
import org.paperbot.daily.Schedule;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.paperbot.store.DeliverySettings;
import org.paperbot.store.DeliverySettingsStore;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.Subscription;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.zone.ZoneNames;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the daily card is delivered: /settings and its screen (toggles edited in place, a time picker), /pause and
 * /resume, and the ⚙️ / 🔕 buttons under the daily card. Who may change a group's settings is declared in the command
 * table and the button routes, and enforced by the router: nothing here checks it.
 */
public final class DeliverySettingsCommands {
    /** The longest pause; longer than that is closer to unsubscribing. */
    static final int MAX_PAUSE_DAYS = 90;
    /** The pause the settings screen's button sets. */
    static final int BUTTON_PAUSE_DAYS = 7;
    /** The times offered as buttons; any other is typed (/subscribe 08:30). */
    static final List<LocalTime> OFFERED_TIMES = List.of(LocalTime.of(7, 0), LocalTime.of(8, 0), LocalTime.of(9, 0),
            LocalTime.of(10, 0), LocalTime.of(12, 0), LocalTime.of(18, 0), LocalTime.of(21, 0));
    private static final int TIMES_PER_ROW = 4;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final Texts texts;
    private final SubscriptionStore subscriptions;
    private final DeliverySettingsStore settings;
    private final DeliveryStore deliveries;
    private final NextDelivery next;
    private final Clock clock;

    public DeliverySettingsCommands(Texts texts, SubscriptionStore subscriptions, DeliverySettingsStore settings,
                                    DeliveryStore deliveries, NextDelivery next, Clock clock) {
        this.texts = texts;
        this.subscriptions = subscriptions;
        this.settings = settings;
        this.deliveries = deliveries;
        this.next = next;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ commands

    public List<BotApiMethod<?>> settings(CommandRequest r) {
        return r.reply(screen(r.chatId()));
    }

    /** /pause 7: no card for that many days, counted from the first one not yet sent; /pause alone explains. */
    public List<BotApiMethod<?>> pause(CommandRequest r, Optional<Integer> days) {
        if (days.isEmpty()) {
            return r.reply(texts.format("settings.pause.usage", MAX_PAUSE_DAYS));
        }
        Subscription s = subscriptions.settings(r.chatId());
        if (!s.active()) {
            return r.reply(texts.get("settings.pause.none"));
        }
        LocalDate resumeOn = pauseFor(s, days.get());
        return r.reply(texts.format("settings.pause.done", texts.dayMonth(resumeOn.minusDays(1)), next.describe(s)));
    }

    public List<BotApiMethod<?>> resume(CommandRequest r) {
        Subscription s = subscriptions.settings(r.chatId());
        if (!s.active()) {
            return r.reply(texts.get("settings.resume.none"));
        }
        boolean wasPaused = isPaused(s, settings.get(s.chatId()));
        endPause(s);
        return r.reply(texts.format(wasPaused ? "settings.resume.done" : "settings.resume.notPaused", next.describe(s)));
    }

    // ------------------------------------------------------------------ buttons

    /** ⚙️ under the daily card: the settings screen as a new message, the card stays as it is. */
    public List<BotApiMethod<?>> open(ButtonPress press) {
        return press.send(screen(press.chatId()));
    }

    /** A button of the settings screen; the screen is redrawn in place with the new state. */
    public List<BotApiMethod<?>> change(ButtonPress press, CallbackData.ChangeSettings data) {
        Subscription s = subscriptions.settings(press.chatId());
        Change change = data.change();
        if (change == Change.TIMES) {
            return press.show(timePicker(s));
        }
        if (change == Change.OTHER_TIME) {
            return press.answer(texts.get("settings.time.other"));
        }
        // Only the screen of an active subscription offers the other changes; an old copy of it may still show them.
        if (change != Change.BACK && !s.active()) {
            return press.show(screen(press.chatId()), texts.get("settings.needSubscription"));
        }
        DeliverySettings now = settings.get(s.chatId());
        switch (change) {
            case SILENT, LOUD -> settings.set(s.chatId(), now.withSilent(change == Change.SILENT));
            case WEEKDAYS, EVERY_DAY -> settings.set(s.chatId(), now.withWeekdaysOnly(change == Change.WEEKDAYS));
            case PAUSE -> pauseFor(s, BUTTON_PAUSE_DAYS);
            case RESUME -> endPause(s);
            case BACK, TIMES, OTHER_TIME -> { } // nothing to store: back to the screen
        }
        return press.show(screen(press.chatId()));
    }

    /** A time button: delivers at that time from now on (as /subscribe 08:00 does), then the settings again. */
    public List<BotApiMethod<?>> chooseTime(ButtonPress press, CallbackData.ChooseTime data) {
        Subscription s = subscriptions.subscribe(press.chatId(), Optional.of(data.time()));
        return press.show(screen(press.chatId()), texts.format("settings.time.done", HH_MM.format(s.time())));
    }

    /** 🔕 under the daily card: unsubscribes at once; the reply, a new message, offers to come back. */
    public List<BotApiMethod<?>> unsubscribe(ButtonPress press) {
        String text = texts.get(subscriptions.unsubscribe(press.chatId()) ? "unsubscribe.done" : "unsubscribe.none");
        InlineKeyboardMarkup again = Keyboards.of(List.of(new InlineKeyboardRow(
                Keyboards.callback(texts.get("settings.button.resubscribe"), new CallbackData.Resubscribe()))));
        return press.send(new View(text, again));
    }

    /** «Подписаться снова»: the subscription comes back with its time, zone and settings. */
    public List<BotApiMethod<?>> resubscribe(ButtonPress press) {
        boolean wasActive = subscriptions.settings(press.chatId()).active();
        Subscription s = subscriptions.subscribe(press.chatId(), Optional.empty());
        String key = wasActive ? "subscribe.already" : "subscribe.done";
        return press.show(View.text(texts.format(key, HH_MM.format(s.time()), Html.escape(ZoneNames.current(s.zone()).getId()),
                next.describe(s))));
    }

    // ------------------------------------------------------------------ screens

    /** The settings screen: the subscription, its delivery settings, the next card, and buttons to change them. */
    View screen(long chatId) {
        Subscription s = subscriptions.settings(chatId);
        DeliverySettings d = settings.get(chatId);
        String status;
        if (s.active()) {
            status = texts.get("settings.active");
        } else {
            String since = s.inactiveSince().map(i -> texts.dayMonth(Schedule.localDate(i, s.zone()))).orElse("");
            status = s.inactiveReason().map(reason -> switch (reason) {
                case UNSUBSCRIBED -> texts.format("settings.unsubscribed", since);
                case FORBIDDEN -> texts.format("settings.forbidden", since);
                case CHAT_NOT_FOUND -> texts.format("settings.chatNotFound", since);
                case MIGRATED -> texts.format("settings.migrated", Html.escape(s.inactiveDetail().orElse("")));
            }).orElse(texts.get("settings.never"));
        }
        StringBuilder delivery = new StringBuilder();
        if (s.active()) {
            delivery.append(texts.get(d.silent() ? "settings.sound.silent" : "settings.sound.loud")).append('\n')
                    .append(texts.get(d.weekdaysOnly() ? "settings.days.weekdays" : "settings.days.every")).append('\n');
            if (isPaused(s, d)) {
                delivery.append(texts.format("settings.paused", texts.dayMonth(d.resumeOn().orElseThrow().minusDays(1))))
                        .append('\n');
            }
        }
        String nextLine = s.active() ? texts.format("settings.next", next.describe(s)) : texts.get("settings.noNext");
        String html = texts.format("settings.text", status, HH_MM.format(s.time()), Html.escape(ZoneNames.current(s.zone()).getId()),
                localNow(s.zone()), nextLine, texts.get(s.active() ? "settings.footer.active" : "settings.footer.inactive"),
                delivery.toString());
        return new View(html, keyboard(s, d));
    }

    private InlineKeyboardMarkup keyboard(Subscription s, DeliverySettings d) {
        InlineKeyboardRow time = new InlineKeyboardRow(button("settings.button.time", Change.TIMES));
        if (!s.active()) {
            return Keyboards.of(List.of(new InlineKeyboardRow(
                    Keyboards.callback(texts.get("settings.button.subscribe"), new CallbackData.Resubscribe())), time));
        }
        InlineKeyboardRow toggles = new InlineKeyboardRow(
                d.silent() ? button("settings.button.loud", Change.LOUD) : button("settings.button.silent", Change.SILENT),
                d.weekdaysOnly() ? button("settings.button.everyDay", Change.EVERY_DAY)
                        : button("settings.button.weekdays", Change.WEEKDAYS));
        time.add(0, isPaused(s, d) ? button("settings.button.resume", Change.RESUME)
                : Keyboards.callback(texts.format("settings.button.pause", BUTTON_PAUSE_DAYS), new CallbackData.ChangeSettings(Change.PAUSE)));
        return Keyboards.of(List.of(toggles, time));
    }

    /** The time buttons, «другое время» (how to type one) and back to the settings. */
    private View timePicker(Subscription s) {
        List<InlineKeyboardRow> rows = new ArrayList<>();
        InlineKeyboardRow row = new InlineKeyboardRow();
        for (LocalTime t : OFFERED_TIMES) {
            if (row.size() == TIMES_PER_ROW) {
                rows.add(row);
                row = new InlineKeyboardRow();
            }
            String label = HH_MM.format(t);
            row.add(Keyboards.callback(t.equals(s.time()) ? texts.format("settings.time.current", label) : label,
                    new CallbackData.ChooseTime(t)));
        }
        rows.add(row);
        rows.add(new InlineKeyboardRow(button("settings.button.otherTime", Change.OTHER_TIME),
                button("settings.button.back", Change.BACK)));
        return new View(texts.format("settings.time.text", HH_MM.format(s.time()), Html.escape(ZoneNames.current(s.zone()).getId())),
                Keyboards.of(rows));
    }

    private InlineKeyboardButton button(String key, Change change) {
        return Keyboards.callback(texts.get(key), new CallbackData.ChangeSettings(change));
    }

    // ------------------------------------------------------------------ pausing

    /** Pauses {@code days} days from the first card not yet sent; returns the date served again. */
    private LocalDate pauseFor(Subscription s, int days) {
        LocalDate resumeOn = Schedule.resumeAfterPause(clock.instant(), s.zone(), deliveries.lastSent(s.chatId()), days);
        settings.set(s.chatId(), settings.get(s.chatId()).withResumeOn(Optional.of(resumeOn)));
        return resumeOn;
    }

    private void endPause(Subscription s) {
        settings.set(s.chatId(), settings.get(s.chatId()).withResumeOn(Optional.empty()));
    }

    private boolean isPaused(Subscription s, DeliverySettings d) {
        return Schedule.paused(clock.instant(), s.zone(), d, deliveries.lastSent(s.chatId()));
    }

    private String localNow(ZoneId zone) {
        Instant now = clock.instant();
        return HH_MM.format(now.atZone(zone).toLocalTime());
    }
}
