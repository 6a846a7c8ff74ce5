package org.paperbot.bot;

import org.paperbot.catalog.Catalog;

/**
 * A command as a handler sees it.
 *
 * @param args        text after the command, stripped ("" when none)
 * @param privateChat true in a one-to-one chat with the bot
 * @param userId      the sender, null for anonymous group admins and channels
 */
public record CommandRequest(Snapshot snapshot, long chatId, boolean privateChat, Long userId, String args,
                             Integer messageId) {
    public Catalog catalog() {
        return snapshot.catalog();
    }

    public boolean hasArgs() {
        return !args.isEmpty();
    }
}
