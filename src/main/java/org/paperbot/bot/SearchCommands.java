package org.paperbot.bot;

import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.util.List;

/** /search and, in a private chat, any plain text: a numbered, paged list of matching papers. */
public final class SearchCommands {
    private final Views views;
    private final Texts texts;

    public SearchCommands(Views views) {
        this.views = views;
        this.texts = views.texts();
    }

    public List<BotApiMethod<?>> search(CommandRequest r) {
        if (!r.hasArgs()) {
            String example = Html.escape(r.catalog().topics().get(0).topic());
            return Replies.one(Replies.send(r.chatId(), views.text(texts.format("search.usage", example))));
        }
        return Replies.one(Replies.send(r.chatId(), views.searchPage(r.snapshot(), r.args(), 0)));
    }

    /** Plain text in a private chat is a search query. */
    public List<BotApiMethod<?>> text(CommandRequest r) {
        return search(r);
    }
}
