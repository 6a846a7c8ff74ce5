package org.paperbot.bot;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Handlers of the catalog commands: /start, /help, /list, /paper, /today, /random, /topics, /topic, /about. */
public final class CatalogCommands {
    /** Longest piece of user input echoed back in a reply. */
    static final int ECHO_LIMIT = 40;

    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+");
    private static final Pattern OPENREVIEW_URL = Pattern.compile("openreview\\.net/\\S*[?&]id=([A-Za-z0-9_-]+)");
    private static final Pattern ARXIV = Pattern.compile("(?:(?:https?://)?(?:www\\.)?arxiv\\.org/(?:abs|pdf)/)?(\\d{4}\\.\\d{4,5})(?:v\\d+)?(?:\\.pdf)?",
            Pattern.CASE_INSENSITIVE);

    private final Views views;
    private final Texts texts;

    public CatalogCommands(Views views) {
        this.views = views;
        this.texts = views.texts();
    }

    public List<BotApiMethod<?>> start(CommandRequest r) {
        return reply(r, views.start(r.catalog()));
    }

    public List<BotApiMethod<?>> help(CommandRequest r) {
        return reply(r, views.help());
    }

    public List<BotApiMethod<?>> about(CommandRequest r) {
        return reply(r, views.about(r.catalog()));
    }

    /** /list or /list 2 (a page number). */
    public List<BotApiMethod<?>> list(CommandRequest r) {
        int page = 0;
        if (r.hasArgs() && r.args().length() <= 6 && r.args().chars().allMatch(Character::isDigit)) {
            page = Math.max(0, Integer.parseInt(r.args()) - 1);
        }
        return reply(r, views.listPage(r.catalog(), page));
    }

    /** /paper 3, /paper y01KGvd9Bw, /paper 2310.10638, or a pasted OpenReview / arXiv link. */
    public List<BotApiMethod<?>> paper(CommandRequest r) {
        Catalog catalog = r.catalog();
        String example = Html.escape(catalog.papers().get(0).id());
        if (!r.hasArgs()) {
            return reply(r, views.text(texts.format("paper.usage", example)));
        }
        String arg = r.args();
        if (NUMBER.matcher(arg).matches()) {
            Optional<Paper> byNumber = arg.length() <= 10 ? catalog.byNumber(Long.parseLong(arg)) : Optional.empty();
            return byNumber.map(p -> reply(r, views.card(catalog, p)))
                    .orElseGet(() -> reply(r, views.text(texts.format("paper.noNumber", echo(arg),
                            texts.count("plural.papers", catalog.size())))));
        }
        return find(catalog, arg)
                .map(p -> reply(r, views.card(catalog, p)))
                .orElseGet(() -> reply(r, views.text(texts.format("paper.notFound", echo(arg), example))));
    }

    public List<BotApiMethod<?>> today(CommandRequest r) {
        return reply(r, views.today(r.catalog()));
    }

    public List<BotApiMethod<?>> random(CommandRequest r) {
        return reply(r, views.random(r.catalog()));
    }

    public List<BotApiMethod<?>> topics(CommandRequest r) {
        return reply(r, views.topics(r.catalog()));
    }

    /** /topic LLM or /topic #LLM. */
    public List<BotApiMethod<?>> topic(CommandRequest r) {
        Catalog catalog = r.catalog();
        String example = Html.escape(catalog.topics().get(0).topic());
        if (!r.hasArgs()) {
            return reply(r, views.text(texts.format("topic.usage", example)));
        }
        return views.topicPage(catalog, r.args(), 0)
                .map(v -> reply(r, v))
                .orElseGet(() -> reply(r, views.text(texts.format("topic.notFound", echo(r.args())))));
    }

    /** An OpenReview id, an arXiv id, or a link to either. */
    static Optional<Paper> find(Catalog catalog, String query) {
        String q = query.strip();
        Optional<Paper> exact = catalog.byId(q);
        if (exact.isPresent()) {
            return exact;
        }
        Matcher openReview = OPENREVIEW_URL.matcher(q);
        if (openReview.find()) {
            return catalog.byId(openReview.group(1));
        }
        Matcher arxiv = ARXIV.matcher(q);
        if (arxiv.matches()) {
            return catalog.byArxivId(arxiv.group(1));
        }
        return Optional.empty();
    }

    /** User input shown back to the user: shortened and escaped. */
    static String echo(String input) {
        return Html.escape(Html.shorten(input.strip(), ECHO_LIMIT));
    }

    private static List<BotApiMethod<?>> reply(CommandRequest r, View view) {
        return Replies.one(Replies.send(r.chatId(), view));
    }
}
