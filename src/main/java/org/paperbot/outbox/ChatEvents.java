package org.paperbot.outbox;

import org.paperbot.telegram.ApiError;

/** Chat-level facts learned while sending, for whoever keeps per-chat state (subscriptions). */
public interface ChatEvents {
    ChatEvents NONE = new ChatEvents() { };

    default void chatMigrated(long oldChatId, long newChatId) { }

    default void chatGone(long chatId, ApiError error) { }
}
