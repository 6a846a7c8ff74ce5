package org.paperbot.bot;

import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.util.List;

/** /search and, in a private chat, any plain text: a numbered, paged list of matching papers. */
public final class SearchCommands {
    private final Texts texts;
    private final SearchScreens screens;

    public SearchCommands(Screens screens) {
        this.texts = screens.texts();
        this.screens = screens.search();
    }

    /** /search with a query; plain text in a private chat arrives here too, as the query. */
    public List<BotApiMethod<?>> search(CommandRequest r) {
        if (!r.hasArgs()) {
            String example = Html.escape(r.catalog().topics().get(0).topic());
            return r.reply(texts.format("search.usage", example));
        }
        return r.reply(screens.searchPage(r.snapshot(), r.args(), 0));
    }
}
