package org.paperbot.bot;

import org.paperbot.daily.ChatCalendar;
import org.paperbot.library.Snapshot;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.paperbot.search.SearchResult;
import org.telegram.telegrambots.meta.api.methods.AnswerInlineQuery;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions;
import org.telegram.telegrambots.meta.api.objects.inlinequery.InlineQuery;
import org.telegram.telegrambots.meta.api.objects.inlinequery.inputmessagecontent.InputTextMessageContent;
import org.telegram.telegrambots.meta.api.objects.inlinequery.result.InlineQueryResult;
import org.telegram.telegrambots.meta.api.objects.inlinequery.result.InlineQueryResultArticle;
import org.telegram.telegrambots.meta.api.objects.inlinequery.result.InlineQueryResultsButton;

import java.util.ArrayList;
import java.util.List;

/**
 * Inline mode: "@bot запрос" in any chat. Each result is a ready card; an empty query offers the paper of the
 * day first, then the catalog. Pages of 50 (Telegram's maximum) continue through {@code next_offset}.
 */
public final class InlineHandler {
    /** Telegram's maximum number of results per answer. */
    static final int PAGE = 50;
    /** Searches can be cached by Telegram for a while; the empty query changes with the paper of the day. */
    static final int CACHE_SECONDS_SEARCH = 300;
    static final int CACHE_SECONDS_EMPTY = 60;
    static final String START_PARAMETER = "inline";
    private static final LinkPreviewOptions NO_PREVIEW = LinkPreviewOptions.builder().isDisabled(true).build();

    private final Texts texts;
    private final CardScreens cards;
    private final DailyScreens daily;
    private final ChatCalendar calendar;
    private final FloodGuard flood;

    public InlineHandler(Screens screens, ChatCalendar calendar, FloodGuard flood) {
        this.texts = screens.texts();
        this.cards = screens.cards();
        this.daily = screens.daily();
        this.calendar = calendar;
        this.flood = flood;
    }

    public List<BotApiMethod<?>> handle(Snapshot snapshot, InlineQuery query) {
        if (query.getFrom() != null && flood.check(query.getFrom().getId()) != FloodGuard.Verdict.ALLOW) {
            return List.of(); // too many keystrokes: the client simply shows nothing new
        }
        String text = query.getQuery() == null ? "" : query.getQuery().strip();
        int offset = offset(query.getOffset());
        Catalog catalog = snapshot.catalog();
        List<Paper> page;
        int total;
        // The user's date, as in their chat with the bot (a private chat's id is the user's id); a query without a
        // sender (Telegram sends none such) gets the default zone, as chat 0 has no settings.
        // Null when the paper kept for today has since left the catalog: then the list is just the catalog.
        Paper ofTheDay = daily.pick(catalog, query.getFrom() == null ? calendar.today(0)
                : calendar.today(query.getFrom().getId())).paper().orElse(null);
        if (text.isEmpty()) {
            // The paper of the day, then the catalog without it; only the page's papers are read.
            int dayPosition = ofTheDay == null ? -1 : catalog.positionOf(ofTheDay.id());
            total = catalog.size();
            page = new ArrayList<>(PAGE);
            for (int k = offset; k < Math.min(offset + PAGE, total); k++) {
                if (dayPosition < 0) {
                    page.add(catalog.paperAt(k));
                } else if (k == 0) {
                    page.add(ofTheDay);
                } else {
                    page.add(catalog.paperAt(k - 1 < dayPosition ? k - 1 : k));
                }
            }
        } else {
            SearchResult result = snapshot.search().search(text, offset, PAGE);
            page = result.papers();
            total = result.total();
        }
        List<InlineQueryResult> results = new ArrayList<>(page.size());
        for (Paper paper : page) {
            boolean daily = text.isEmpty() && paper.equals(ofTheDay);
            results.add(article(paper, daily ? texts.format("inline.daily", Html.shorten(paper.teaser(), 120)) : Html.shorten(paper.teaser(), 150)));
        }
        int next = offset + page.size();
        AnswerInlineQuery.AnswerInlineQueryBuilder<?, ?> answer = AnswerInlineQuery.builder()
                .inlineQueryId(query.getId())
                .results(results)
                .cacheTime(text.isEmpty() ? CACHE_SECONDS_EMPTY : CACHE_SECONDS_SEARCH)
                // The empty query starts with the paper of the user's own date.
                .isPersonal(text.isEmpty())
                .nextOffset(next < total && !page.isEmpty() ? String.valueOf(next) : "");
        if (total == 0) {
            // Not an error: a button that opens the bot's chat, where /search and /topics help further.
            answer.button(InlineQueryResultsButton.builder().text(texts.get("inline.nothing")).startParameter(START_PARAMETER).build());
        }
        return List.of(answer.build());
    }

    private InlineQueryResultArticle article(Paper paper, String description) {
        return InlineQueryResultArticle.builder()
                .id(paper.id()) // stable per paper; ids are ≤ 40 characters by catalog validation
                .title(paper.title())
                .description(description)
                .inputMessageContent(InputTextMessageContent.builder()
                        .messageText(cards.cardHtml(paper))
                        .parseMode(ParseMode.HTML)
                        .linkPreviewOptions(NO_PREVIEW)
                        .build())
                .replyMarkup(cards.inlineCardKeyboard(paper))
                .build();
    }

    /** Telegram echoes our next_offset; anything else (a forged or absurd value) starts from the top. */
    static int offset(String raw) {
        return Args.digits(raw).orElse(0);
    }
}
