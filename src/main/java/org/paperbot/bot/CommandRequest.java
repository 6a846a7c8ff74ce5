package org.paperbot.bot;

import org.paperbot.catalog.Catalog;
import org.paperbot.library.Snapshot;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.util.List;

/**
 * A command as a handler sees it.
 *
 * @param args         text after the command, stripped ("" when none); handlers of typed arguments get the parsed
 *                     value besides and use this only to echo what was typed
 * @param privateChat  true in a one-to-one chat with the bot
 * @param userId       the sender, null for anonymous group admins and channels
 * @param senderChatId the chat a message was sent on behalf of: the group itself for an anonymous admin,
 *                     a channel for channel posts; null for ordinary messages
 * @param commands     the commands this sender may use, in table order (what /help lists)
 */
public record CommandRequest(Snapshot snapshot, long chatId, boolean privateChat, Long userId, String args,
                             Long senderChatId, List<Command<?>> commands) {

    /** A request from an ordinary sender, who may use no command (for handlers that do not look). */
    public CommandRequest(Snapshot snapshot, long chatId, boolean privateChat, Long userId, String args) {
        this(snapshot, chatId, privateChat, userId, args, null, List.of());
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

    /** {@code view} as the reply in this chat. */
    public List<BotApiMethod<?>> reply(View view) {
        return Replies.reply(chatId, view);
    }

    /** A text reply without keyboard in this chat. */
    public List<BotApiMethod<?>> reply(String html) {
        return Replies.reply(chatId, html);
    }
}
