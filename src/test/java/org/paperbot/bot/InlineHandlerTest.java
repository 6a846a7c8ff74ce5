package org.paperbot.bot;

import org.paperbot.library.Snapshot;
import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;
import org.paperbot.bench.SyntheticCatalog;
import org.paperbot.catalog.Catalog;
import org.paperbot.daily.ChatCalendar;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.render.Texts;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.methods.AnswerInlineQuery;
import org.telegram.telegrambots.meta.api.objects.inlinequery.InlineQuery;
import org.telegram.telegrambots.meta.api.objects.inlinequery.result.InlineQueryResultArticle;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class InlineHandlerTest {
    final Catalog catalog = SyntheticCatalog.generate(120, 3);
    final Snapshot snapshot = Snapshot.of(catalog);
    final Screens screens = Screens.of(Texts.russian(), "bot", org.paperbot.testing.Dailies.inMemory(), 8, new SplittableRandom(1));
    final ChatCalendar calendar = Replied.calendar(Clock.fixed(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC));

    private AnswerInlineQuery answer(InlineHandler handler, String query, String offset) {
        InlineQuery q = Updates.parse(Updates.inline(1, query, offset)).getInlineQuery();
        return (AnswerInlineQuery) handler.handle(snapshot, q).get(0);
    }

    @Test
    void theWholeCatalogPagesThroughInFifties() {
        InlineHandler handler = new InlineHandler(screens, calendar, new FloodGuard(0, Ticker.systemTicker()));
        Set<String> seen = new HashSet<>();
        List<Integer> sizes = new ArrayList<>();
        String offset = "";
        do {
            AnswerInlineQuery a = answer(handler, "", offset);
            sizes.add(a.getResults().size());
            a.getResults().stream().map(r -> ((InlineQueryResultArticle) r).getId()).forEach(id -> assertThat(seen.add(id)).as(id).isTrue());
            offset = a.getNextOffset();
        } while (!offset.isEmpty());
        assertThat(sizes).containsExactly(50, 50, 20);
        assertThat(seen).hasSize(120);
    }

    @Test
    void searchResultsPageToo() {
        InlineHandler handler = new InlineHandler(screens, calendar, new FloodGuard(0, Ticker.systemTicker()));
        String word = catalog.topics().get(0).topic();
        int expected = catalog.withTopic(word).size();
        Set<String> seen = new HashSet<>();
        String offset = "";
        do {
            AnswerInlineQuery a = answer(handler, word, offset);
            assertThat(a.getResults().size()).isLessThanOrEqualTo(InlineHandler.PAGE);
            a.getResults().forEach(r -> seen.add(((InlineQueryResultArticle) r).getId()));
            offset = a.getNextOffset();
        } while (!offset.isEmpty());
        assertThat(seen.size()).isGreaterThanOrEqualTo(expected);
    }

    @Test
    void floodedInlineQueriesAreNotAnswered() {
        InlineHandler handler = new InlineHandler(screens, calendar, new FloodGuard(2, Ticker.systemTicker()));
        InlineQuery q = Updates.parse(Updates.inline(9, "x", "")).getInlineQuery();
        assertThat(handler.handle(snapshot, q)).hasSize(1);
        assertThat(handler.handle(snapshot, q)).hasSize(1);
        assertThat(handler.handle(snapshot, q)).isEmpty();
    }

    @Test
    void forgedOffsetsStartFromTheTop() {
        assertThat(InlineHandler.offset("")).isZero();
        assertThat(InlineHandler.offset("-5")).isZero();
        assertThat(InlineHandler.offset("1e3")).isZero();
        assertThat(InlineHandler.offset("9999999")).isZero();
        assertThat(InlineHandler.offset("50")).isEqualTo(50);
    }
}
