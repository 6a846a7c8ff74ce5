package org.paperbot.daily;

import org.paperbot.store.StoreException;
import org.paperbot.store.Subscription;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.outbox.ChatEvents;
import org.paperbot.telegram.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What sending learns about chats, applied to subscriptions: a group that became a supergroup keeps its
 * subscription under the new id; a chat that blocked the bot or vanished stops getting daily cards.
 */
public final class SubscriptionEvents implements ChatEvents {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionEvents.class);

    private final SubscriptionStore subscriptions;

    public SubscriptionEvents(SubscriptionStore subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public void chatMigrated(long oldChatId, long newChatId) {
        try {
            subscriptions.migrate(oldChatId, newChatId);
        } catch (StoreException e) {
            log.error("Could not move the subscription of chat {} to {}: {}", oldChatId, newChatId, e.getMessage());
        }
    }

    @Override
    public void chatGone(long chatId, ApiError error) {
        Subscription.InactiveReason reason = error.kind() == ApiError.Kind.FORBIDDEN
                ? Subscription.InactiveReason.FORBIDDEN : Subscription.InactiveReason.CHAT_NOT_FOUND;
        try {
            if (subscriptions.deactivate(chatId, reason, error.description())) {
                log.info("Chat {} deactivated: {}", chatId, error);
            }
        } catch (StoreException e) {
            log.error("Could not deactivate the subscription of chat {}: {}", chatId, e.getMessage());
        }
    }
}
