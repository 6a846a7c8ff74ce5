package org.paperbot.bot;

import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.util.List;

/**
 * /search and plain text in a private chat: a numbered, paged list of matching papers (one match opens its card). A
 * greeting, thanks or a request for help typed as text is answered as such, not searched.
 */
public final class SearchCommands {
    private final Texts texts;
    private final SearchScreens screens;
    private final GuideScreens guide;
    private final SmallTalk smallTalk;

    public SearchCommands(Screens screens, SmallTalk smallTalk) {
        this.texts = screens.texts();
        this.screens = screens.search();
        this.guide = screens.guide();
        this.smallTalk = smallTalk;
    }

    /** /search with a query. */
    public List<BotApiMethod<?>> search(CommandRequest r) {
        if (!r.hasArgs()) {
            String example = Html.escape(r.catalog().topics().get(0).topic());
            return r.reply(texts.format("search.usage", example));
        }
        return r.reply(screens.searchPage(r.snapshot(), r.args(), 0));
    }

    /** Plain text in a private chat (the request's args): small talk gets its answer, anything else is searched. */
    public List<BotApiMethod<?>> text(CommandRequest r) {
        return smallTalk.of(r.args()).map(kind -> switch (kind) {
            case GREETING -> r.reply(texts.get("smalltalk.greeting"));
            case THANKS -> r.reply(texts.get("smalltalk.thanks"));
            case HELP -> r.reply(guide.help(r.commands()));
            case START -> r.reply(guide.start(r.catalog()));
        }).orElseGet(() -> search(r));
    }
}
