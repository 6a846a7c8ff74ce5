package org.paperbot.reader;

import org.paperbot.outbox.ChatEvents;
import org.paperbot.store.FollowStore;
import org.paperbot.store.StoreException;
import org.paperbot.telegram.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What sending learns about chats, applied to follows: a group that became a supergroup keeps its follows under the
 * new id; a chat that blocked the bot or vanished follows nothing any more (as its subscription stops).
 */
public final class FollowEvents implements ChatEvents {
    private static final Logger log = LoggerFactory.getLogger(FollowEvents.class);

    private final FollowStore follows;

    public FollowEvents(FollowStore follows) {
        this.follows = follows;
    }

    @Override
    public void chatMigrated(long oldChatId, long newChatId) {
        try {
            follows.migrate(oldChatId, newChatId);
        } catch (StoreException e) {
            log.error("Could not move the follows of chat {} to {}: {}", oldChatId, newChatId, e.getMessage());
        }
    }

    @Override
    public void chatGone(long chatId, ApiError error) {
        try {
            follows.forget(chatId);
        } catch (StoreException e) {
            log.error("Could not drop the follows of chat {}: {}", chatId, e.getMessage());
        }
    }
}
