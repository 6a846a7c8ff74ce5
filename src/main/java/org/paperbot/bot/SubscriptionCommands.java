package org.paperbot.bot;

import org.paperbot.catalog.Catalog;
import org.paperbot.daily.Schedule;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.Subscription;
import org.paperbot.store.SubscriptionStore;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * /subscribe, /unsubscribe, /settings, /timezone, /history. The state lives in the database (these
 * handlers read and write it); the replies are returned as Bot API methods like every other handler's.
 * In groups only administrators may change the settings; anyone may look at them.
 */
public final class SubscriptionCommands {
    static final int HISTORY_DAYS = 7;
    static final int HISTORY_MAX_DAYS = 30;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    /** 8, 08, 8:30, 08:30, 8.30 (a 24-hour clock). */
    private static final Pattern TIME = Pattern.compile("(\\d{1,2})(?:[:.](\\d{2}))?");

    private final Views views;
    private final Texts texts;
    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final ChatAdmins admins;
    private final Clock clock;

    public SubscriptionCommands(Views views, SubscriptionStore subscriptions, DeliveryStore deliveries, ChatAdmins admins,
                                Clock clock) {
        this.views = views;
        this.texts = views.texts();
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.admins = admins;
        this.clock = clock;
    }

    /** /subscribe or /subscribe 08:30. */
    public List<BotApiMethod<?>> subscribe(CommandRequest r) {
        Optional<LocalTime> time = Optional.empty();
        if (r.hasArgs()) {
            time = parseTime(r.args());
            if (time.isEmpty()) {
                return reply(r, texts.format("subscribe.badTime", CatalogCommands.echo(r.args())));
            }
        }
        Optional<List<BotApiMethod<?>>> denied = denied(r);
        if (denied.isPresent()) {
            return denied.get();
        }
        Subscription before = subscriptions.settings(r.chatId());
        Subscription after = subscriptions.subscribe(r.chatId(), time);
        String next = next(after);
        String key = !before.active() ? "subscribe.done" : before.time().equals(after.time()) ? "subscribe.already"
                : "subscribe.changed";
        return reply(r, texts.format(key, HH_MM.format(after.time()), Html.escape(after.zone().getId()), next));
    }

    public List<BotApiMethod<?>> unsubscribe(CommandRequest r) {
        Optional<List<BotApiMethod<?>>> denied = denied(r);
        if (denied.isPresent()) {
            return denied.get();
        }
        return reply(r, texts.get(subscriptions.unsubscribe(r.chatId()) ? "unsubscribe.done" : "unsubscribe.none"));
    }

    /** /timezone shows the zone; /timezone Europe/Berlin sets it (also before subscribing). */
    public List<BotApiMethod<?>> timezone(CommandRequest r) {
        if (!r.hasArgs()) {
            Subscription s = subscriptions.settings(r.chatId());
            return reply(r, texts.format("timezone.current", Html.escape(s.zone().getId()), localNow(s.zone())));
        }
        ZoneLookup lookup = parseZone(r.args());
        if (lookup.zone().isEmpty()) {
            if (lookup.candidates().size() > 1) {
                List<String> some = lookup.candidates().stream().limit(5).toList();
                return reply(r, texts.format("timezone.ambiguous", CatalogCommands.echo(r.args()),
                        Html.escape(String.join(", ", some)), Html.escape(some.get(0))));
            }
            return reply(r, texts.format("timezone.bad", CatalogCommands.echo(r.args())));
        }
        Optional<List<BotApiMethod<?>>> denied = denied(r);
        if (denied.isPresent()) {
            return denied.get();
        }
        Subscription s = subscriptions.setZone(r.chatId(), lookup.zone().get());
        String zone = Html.escape(s.zone().getId());
        return s.active()
                ? reply(r, texts.format("timezone.doneNext", zone, localNow(s.zone()), next(s)))
                : reply(r, texts.format("timezone.done", zone, localNow(s.zone())));
    }

    public List<BotApiMethod<?>> settings(CommandRequest r) {
        Subscription s = subscriptions.settings(r.chatId());
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
        String next = s.active() ? texts.format("settings.next", next(s)) : texts.get("settings.noNext");
        return reply(r, texts.format("settings.text", status, HH_MM.format(s.time()), Html.escape(s.zone().getId()),
                localNow(s.zone()), next, texts.get(s.active() ? "settings.footer.active" : "settings.footer.inactive")));
    }

    /** /history or /history 14: the papers of the day for the last days, in the chat's zone. */
    public List<BotApiMethod<?>> history(CommandRequest r) {
        int days = HISTORY_DAYS;
        if (r.hasArgs() && r.args().matches("\\d{1,6}")) {
            days = Math.max(2, Math.min(HISTORY_MAX_DAYS, Integer.parseInt(r.args())));
        }
        Catalog catalog = r.catalog();
        LocalDate today = Schedule.localDate(clock.instant(), subscriptions.settings(r.chatId()).zone());
        List<Views.DatedPaper> list = new ArrayList<>(days);
        for (int i = 0; i < days; i++) {
            LocalDate date = today.minusDays(i);
            list.add(new Views.DatedPaper(date, views.paperOfTheDay(catalog, date)));
        }
        return Replies.one(Replies.send(r.chatId(), views.history(catalog, list, today)));
    }

    /** The next delivery in words: "сегодня в 09:00", "завтра, 11 мая, в 09:00". */
    String next(Subscription s) {
        Instant now = clock.instant();
        Schedule.Next next = Schedule.next(now, s.time(), s.zone(), deliveries.lastSent(s.chatId()));
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

    /** In groups: empty when the sender may change settings, else the reply explaining why not. */
    private Optional<List<BotApiMethod<?>>> denied(CommandRequest r) {
        if (r.privateChat() || r.fromAnonymousAdmin()) {
            return Optional.empty();
        }
        if (r.userId() == null) {
            return Optional.of(reply(r, texts.get("group.adminsOnly")));
        }
        return switch (admins.check(r.chatId(), r.userId())) {
            case ALLOWED -> Optional.empty();
            case DENIED -> Optional.of(reply(r, texts.get("group.adminsOnly")));
            case UNKNOWN -> Optional.of(reply(r, texts.get("group.adminUnknown")));
        };
    }

    private String localNow(ZoneId zone) {
        return HH_MM.format(clock.instant().atZone(zone).toLocalTime());
    }

    private static List<BotApiMethod<?>> reply(CommandRequest r, String html) {
        return Replies.one(Replies.send(r.chatId(), new View(html, null)));
    }

    /** A time of day on a 24-hour clock: 8, 08, 8:30, 08:30 or 8.30. */
    static Optional<LocalTime> parseTime(String text) {
        Matcher m = TIME.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int hour = Integer.parseInt(m.group(1));
        int minute = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        if (hour > 23 || minute > 59) {
            return Optional.empty();
        }
        return Optional.of(LocalTime.of(hour, minute));
    }

    /** A zone found for user input, or the candidates when the input named several. */
    record ZoneLookup(Optional<ZoneId> zone, List<String> candidates) {
    }

    /**
     * An IANA zone id, forgiving case and spaces ("europe/berlin", "America/New York"); a bare city is accepted
     * when exactly one zone ends with it ("Berlin"). Offsets such as "+03:00" are not zones and are refused:
     * they do not follow daylight saving time.
     */
    static ZoneLookup parseZone(String text) {
        String wanted = text.strip().replace(' ', '_');
        if (wanted.isEmpty() || wanted.length() > 64) {
            return new ZoneLookup(Optional.empty(), List.of());
        }
        Set<String> ids = ZoneId.getAvailableZoneIds();
        if (ids.contains(wanted)) {
            return new ZoneLookup(Optional.of(ZoneId.of(wanted)), List.of());
        }
        String lower = wanted.toLowerCase(Locale.ROOT);
        TreeSet<String> byCity = new TreeSet<>();
        for (String id : ids) {
            String idLower = id.toLowerCase(Locale.ROOT);
            if (idLower.equals(lower)) {
                return new ZoneLookup(Optional.of(zone(id)), List.of());
            }
            if (!lower.contains("/") && id.contains("/") && !id.startsWith("Etc/") && idLower.endsWith("/" + lower)) {
                byCity.add(id);
            }
        }
        if (byCity.size() == 1) {
            return new ZoneLookup(Optional.of(zone(byCity.first())), List.of());
        }
        return new ZoneLookup(Optional.empty(), List.copyOf(byCity));
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalStateException("available zone id " + id + " does not load", e);
        }
    }
}
