package org.paperbot.bot;

import org.paperbot.library.Snapshot;
import org.paperbot.catalog.Catalog;

/**
 * A command as a handler sees it.
 *
 * @param args         text after the command, stripped ("" when none)
 * @param privateChat  true in a one-to-one chat with the bot
 * @param userId       the sender, null for anonymous group admins and channels
 * @param senderChatId the chat a message was sent on behalf of: the group itself for an anonymous admin,
 *                     a channel for channel posts; null for ordinary messages
 */
public record CommandRequest(Snapshot snapshot, long chatId, boolean privateChat, Long userId, String args,
                             Integer messageId, Long senderChatId) {

    public CommandRequest(Snapshot snapshot, long chatId, boolean privateChat, Long userId, String args, Integer messageId) {
        this(snapshot, chatId, privateChat, userId, args, messageId, null);
    }

    public Catalog catalog() {
        return snapshot.catalog();
    }

    public boolean hasArgs() {
        return !args.isEmpty();
    }

    /** An administrator who posts anonymously, as the group itself. */
    public boolean fromAnonymousAdmin() {
        return senderChatId != null && senderChatId == chatId;
    }
}
