package org.paperbot.bot;

import org.paperbot.catalog.Catalog;
import org.paperbot.daily.ChatCalendar;
import org.paperbot.render.Html;
import org.paperbot.search.TopicMatch;
import org.paperbot.render.Texts;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.util.List;
import java.util.Optional;

/** Handlers of the catalog commands: /start, /help, /list, /paper, /today, /random, /topics, /topic, /about. */
public final class CatalogCommands {
    private final Texts texts;
    private final CardScreens cards;
    private final ListScreens lists;
    private final DailyScreens daily;
    private final GuideScreens guide;
    private final ChatCalendar calendar;

    public CatalogCommands(Screens screens, ChatCalendar calendar) {
        this.texts = screens.texts();
        this.cards = screens.cards();
        this.lists = screens.lists();
        this.daily = screens.daily();
        this.guide = screens.guide();
        this.calendar = calendar;
    }

    /** /start, or /start p_<id> arriving from a deep link ({@link DeepLink}). */
    public List<BotApiMethod<?>> start(CommandRequest r) {
        Optional<String> id = DeepLink.paperId(r.args());
        if (id.isEmpty()) {
            return r.reply(guide.start(r.catalog()));
        }
        return r.catalog().byId(id.get())
                .map(p -> r.reply(cards.card(r.catalog(), p)))
                .orElseGet(() -> r.reply(guide.startWithoutPaper(Replies.echo(id.get()))));
    }

    /** What the asker may use: bot admins see their commands too. */
    public List<BotApiMethod<?>> help(CommandRequest r) {
        return r.reply(guide.help(r.commands()));
    }

    public List<BotApiMethod<?>> about(CommandRequest r) {
        return r.reply(guide.about(r.catalog()));
    }

    /** /list or /list 2 (a page number from 1; the router refuses pages past the last). */
    public List<BotApiMethod<?>> list(CommandRequest r, Optional<Integer> page) {
        return r.reply(lists.listPage(r.catalog(), page.orElse(1) - 1));
    }

    /** How many pages /list has for {@code catalog}. */
    public int pages(Catalog catalog) {
        return lists.pages(catalog);
    }

    /** /paper 3, /paper y01KGvd9Bw, /paper 2310.10638, /paper arXiv:2310.10638, or a pasted OpenReview / arXiv link. */
    public List<BotApiMethod<?>> paper(CommandRequest r, Optional<Args.PaperArg> arg) {
        Catalog catalog = r.catalog();
        String example = Html.escape(catalog.idAt(0));
        if (arg.isEmpty()) {
            return r.reply(texts.format("paper.usage", example));
        }
        if (arg.get() instanceof Args.PaperArg.Number n) {
            return catalog.byNumber(n.value())
                    .map(p -> r.reply(cards.card(catalog, p)))
                    .orElseGet(() -> r.reply(texts.format("paper.noNumber", Replies.echo(r.args()),
                            texts.count("plural.papers", catalog.size()))));
        }
        return ((Args.PaperArg.Ref) arg.get()).ref().in(catalog)
                .map(p -> r.reply(cards.card(catalog, p)))
                .orElseGet(() -> r.reply(texts.format("paper.notFound", Replies.echo(r.args()), example)));
    }

    /** The paper of the chat's local date. */
    public List<BotApiMethod<?>> today(CommandRequest r) {
        return r.reply(daily.ofDate(r.catalog(), calendar.today(r.chatId())));
    }

    public List<BotApiMethod<?>> random(CommandRequest r) {
        return r.reply(cards.random(r.catalog()));
    }

    public List<BotApiMethod<?>> topics(CommandRequest r) {
        return r.reply(lists.topics(r.catalog()));
    }

    /**
     * /topic LLM or /topic #LLM; also any form or synonym of a topic (/topic трансформер, /topic in-context learning).
     * A text that names no topic gets the closest ones as buttons.
     */
    public List<BotApiMethod<?>> topic(CommandRequest r) {
        Catalog catalog = r.catalog();
        String example = Html.escape(catalog.topics().get(0).topic());
        if (!r.hasArgs()) {
            return r.reply(texts.format("topic.usage", example));
        }
        Optional<View> exact = lists.topicPage(catalog, r.args(), 0);
        if (exact.isPresent()) {
            return r.reply(exact.get());
        }
        TopicMatch match = r.snapshot().search().topic(r.args());
        if (match.topic().isPresent()) {
            return r.reply(lists.topicPage(catalog, match.topic().get(), 0).orElseThrow());
        }
        if (match.closest().isEmpty()) {
            return r.reply(texts.format("topic.notFound", Replies.echo(r.args())));
        }
        return r.reply(lists.didYouMean(Replies.echo(r.args()), match.closest()));
    }
}
