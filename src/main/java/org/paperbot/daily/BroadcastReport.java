package org.paperbot.daily;

import org.paperbot.store.BroadcastLog;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What one broadcast did.
 *
 * @param planned     cards it set out to deliver
 * @param sent        delivered
 * @param failed      not delivered (deactivated chats included; retryable failures are tried at later ticks)
 * @param deactivated chats that blocked the bot or vanished; their subscriptions are now inactive
 * @param migrated    groups that became supergroups; delivered at the new id
 * @param rateLimited 429 answers received
 * @param completed   false when cut short by a shutdown or an unreachable Telegram
 */
public record BroadcastReport(Trigger trigger, Instant startedAt, Duration duration, int planned, int sent, int failed,
                              int deactivated, int migrated, int rateLimited, boolean completed) {

    public enum Trigger { SCHEDULED, PUSH }

    /** Messages per second over the whole run. */
    public double achievedRate() {
        double seconds = duration.toNanos() / 1e9;
        return seconds <= 0 ? 0 : sent / seconds;
    }

    BroadcastLog.Run toRun() {
        return new BroadcastLog.Run(trigger.name().toLowerCase(Locale.ROOT), startedAt, startedAt.plus(duration), planned,
                sent, failed, deactivated, migrated, rateLimited, completed);
    }

    static BroadcastReport fromRun(BroadcastLog.Run run) {
        return new BroadcastReport(Trigger.valueOf(run.trigger().toUpperCase(Locale.ROOT)), run.startedAt(),
                Duration.between(run.startedAt(), run.finishedAt()), run.planned(), run.sent(), run.failed(),
                run.deactivated(), run.migrated(), run.rateLimited(), run.completed());
    }
}
