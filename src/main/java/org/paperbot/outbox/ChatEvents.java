package org.paperbot.outbox;

import org.paperbot.telegram.ApiError;

/** Chat-level facts learned while sending, for whoever keeps per-chat state (subscriptions). */
public interface ChatEvents {
    ChatEvents NONE = new ChatEvents() { };

    default void chatMigrated(long oldChatId, long newChatId) { }

    default void chatGone(long chatId, ApiError error) { }

    /** Tells {@code first}, then {@code second}. */
    static ChatEvents both(ChatEvents first, ChatEvents second) {
        return new ChatEvents() {
            @Override
            public void chatMigrated(long oldChatId, long newChatId) {
                first.chatMigrated(oldChatId, newChatId);
                second.chatMigrated(oldChatId, newChatId);
            }

            @Override
            public void chatGone(long chatId, ApiError error) {
                first.chatGone(chatId, error);
                second.chatGone(chatId, error);
            }
        };
    }
}
