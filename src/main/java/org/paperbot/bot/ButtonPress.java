package org.paperbot.bot;

import org.paperbot.catalog.Catalog;
import org.paperbot.library.Snapshot;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;

import java.util.List;

/**
 * A button press as its handler sees it, with the three ways to answer one. The query is always answered first, so
 * the client's spinner stops at once.
 *
 * @param editable the message to edit in place, or null when it can no longer be edited (very old messages)
 */
public record ButtonPress(Snapshot snapshot, CallbackQuery query, long chatId, Integer editable) {
    public Catalog catalog() {
        return snapshot.catalog();
    }

    /** Only the answer: {@code text} (may be null) pops up over the chat. */
    public List<BotApiMethod<?>> answer(String text) {
        return List.of(Replies.answer(query.getId(), text));
    }

    /** Replaces the message the button is under (or sends a new one where that cannot be edited). */
    public List<BotApiMethod<?>> show(View view) {
        return show(view, null);
    }

    /** As {@link #show(View)}, with {@code notice} popping up over the chat. */
    public List<BotApiMethod<?>> show(View view, String notice) {
        return List.of(Replies.answer(query.getId(), notice),
                editable == null ? Replies.send(chatId, view) : Replies.edit(chatId, editable, view));
    }

    /** Whether the press came from a one-to-one chat with the bot (whose id is the presser's). */
    public boolean inPrivateChat() {
        return query.getFrom() != null && chatId == query.getFrom().getId();
    }

    /** Sends a new message, leaving the one with the button as it is. */
    public List<BotApiMethod<?>> send(View view) {
        return List.of(Replies.answer(query.getId(), null), Replies.send(chatId, view));
    }
}
