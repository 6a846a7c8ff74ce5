package org.paperbot.store;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A chat's daily-delivery settings.
 *
 * @param active         whether the chat gets the paper of the day
 * @param time           local time of delivery in {@code zone}
 * @param inactiveReason why an inactive chat stopped; empty while active and for a chat that never subscribed
 * @param inactiveDetail what exactly happened (Telegram's error description), if known
 */
public record Subscription(long chatId, boolean active, LocalTime time, ZoneId zone,
                           Optional<InactiveReason> inactiveReason, Optional<String> inactiveDetail,
                           Optional<Instant> inactiveSince, Instant createdAt, Instant updatedAt) {

    /** Why a subscription is inactive. Stored by name; rename only with a migration. */
    public enum InactiveReason {
        /** The chat sent /unsubscribe. */
        UNSUBSCRIBED,
        /** 403: the user blocked the bot, the bot was removed from the group, or the account was deleted. */
        FORBIDDEN,
        /** 400 "chat not found". */
        CHAT_NOT_FOUND,
        /** The group became a supergroup whose chat already had its own settings. */
        MIGRATED
    }
}
