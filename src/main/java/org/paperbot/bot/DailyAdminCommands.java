package org.paperbot.bot;

import org.paperbot.daily.BroadcastReport;
import org.paperbot.daily.DailyScheduler;
import org.paperbot.render.Texts;
import org.paperbot.store.Subscription;
import org.paperbot.store.SubscriptionStore;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * /push_today and /stats (daily delivery), declared for {@link Command.Who#BOT_ADMINS}: for anyone not in
 * PAPERBOT_ADMIN_IDS they are unknown commands. /push_today only starts the broadcast; it runs on the scheduler's
 * thread and its figures appear in /stats.
 */
public final class DailyAdminCommands {
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Texts texts;
    private final DailyScheduler scheduler;
    private final SubscriptionStore subscriptions;
    private final Clock clock;
    private final ZoneId zone;
    private final Instant startedAt;

    public DailyAdminCommands(Texts texts, DailyScheduler scheduler, SubscriptionStore subscriptions, Clock clock, ZoneId zone,
                         Instant startedAt) {
        this.texts = texts;
        this.scheduler = scheduler;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.zone = zone;
        this.startedAt = startedAt;
    }

    public List<BotApiMethod<?>> pushToday(CommandRequest r) {
        DailyScheduler.Push push = scheduler.pushToday();
        if (push.done().isCompletedExceptionally()) {
            return r.reply(texts.get("admin.push.unavailable"));
        }
        if (push.recipients() == 0) {
            return r.reply(texts.get("admin.push.nothing"));
        }
        return r.reply(texts.format(push.queued() ? "admin.push.queued" : "admin.push.started", push.recipients()));
    }

    /** @param readers the readers' figures (votes, notes, follows), added at the end */
    public List<BotApiMethod<?>> stats(CommandRequest r, String readers) {
        SubscriptionStore.Counts counts = subscriptions.counts();
        String reasons = reasons(counts.inactive());
        String lastRun = scheduler.lastReport().map(this::describe).orElse(texts.get("admin.stats.noRun"));
        if (scheduler.isBroadcasting()) {
            lastRun += texts.get("admin.stats.running");
        }
        return r.reply(texts.format("admin.stats", counts.active(), counts.inactiveTotal(),
                reasons.isEmpty() ? "" : texts.format("admin.stats.inactive", reasons), lastRun,
                uptime(Duration.between(startedAt, clock.instant()))) + "\n\n" + readers);
    }

    private String reasons(Map<Subscription.InactiveReason, Integer> inactive) {
        List<String> parts = new ArrayList<>();
        inactive.forEach((reason, n) -> parts.add(texts.format(switch (reason) {
            case UNSUBSCRIBED -> "admin.stats.reason.unsubscribed";
            case FORBIDDEN -> "admin.stats.reason.forbidden";
            case CHAT_NOT_FOUND -> "admin.stats.reason.chatNotFound";
            case MIGRATED -> "admin.stats.reason.migrated";
        }, n)));
        return String.join(", ", parts);
    }

    private String describe(BroadcastReport report) {
        String trigger = texts.get(report.trigger() == BroadcastReport.Trigger.PUSH
                ? "admin.stats.trigger.push" : "admin.stats.trigger.scheduled");
        var started = report.startedAt().atZone(zone);
        String when = texts.date(started.toLocalDate()) + ", " + STARTED.format(started) + " (" + zone.getId() + ")";
        return texts.format("admin.stats.lastRun", trigger, when, report.sent(), report.planned(), report.failed(),
                report.deactivated(), report.migrated(), decimal(report.duration().toMillis() / 1000.0),
                decimal(report.achievedRate()), report.rateLimited(),
                report.completed() ? "" : texts.get("admin.stats.cutShort"));
    }

    /** "12,5": Russian writes a decimal comma. */
    static String decimal(double value) {
        return String.format(Locale.ROOT, "%.1f", value).replace('.', ',');
    }

    String uptime(Duration d) {
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days > 0) {
            return texts.format("admin.uptime.days", days, hours, minutes);
        }
        if (hours > 0) {
            return texts.format("admin.uptime.hours", hours, minutes);
        }
        return texts.format("admin.uptime.minutes", minutes, d.toSecondsPart());
    }
}
