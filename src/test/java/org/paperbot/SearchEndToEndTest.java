package org.paperbot;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.catalog.Paper;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.render.Html;
import org.paperbot.testing.BotFixture;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.FakeBotApi.Call;
import org.paperbot.testing.Updates;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Search and inline mode through the fake Bot API: /search, plain text, deep links, inline queries and paging. */
class SearchEndToEndTest {
    static final Duration WAIT = BotFixture.WAIT;

    @RegisterExtension
    static final BotFixture fixture = new BotFixture().with("PAPERBOT_LIST_PAGE_SIZE", "2")
            .clock(Clock.fixed(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC));
    static final FakeBotApi api = fixture.api();
    static final Catalog catalog = new CatalogLoader().load(Path.of("config/papers.json"));

    static JsonNode inline(String query, String offset) {
        long user = fixture.newUser();
        Map<String, Object> update = Updates.inline(user, query, offset);
        String id = (String) ((Map<?, ?>) update.get("inline_query")).get("id");
        api.push(update);
        return api.await("answerInlineQuery", c -> c.body().path("inline_query_id").asText().equals(id), WAIT).body();
    }

    static List<String> ids(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("results").forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }

    @Test
    void searchCommandListsMatchesWithButtonsAndPages() {
        Call reply = fixture.ask("/search LLM");
        assertThat(reply.text()).contains("По запросу «LLM»", "6 статей", "страница 1 из 3");
        List<String> data = new ArrayList<>();
        reply.body().path("reply_markup").path("inline_keyboard").forEach(row -> row.forEach(b -> data.add(b.path("callback_data").asText())));
        assertThat(data).hasSize(5).allMatch(d -> !d.isEmpty());
        assertThat(data.get(0)).startsWith("o:");
        assertThat(data.subList(2, 5)).containsExactly("s:2:LLM", "noop", "s:1:LLM");

        long chat = reply.chatId();
        api.push(Updates.callback(chat, 555, "s:1:LLM"));
        Call page2 = api.await("editMessageText", c -> c.chatId() == chat, WAIT);
        assertThat(page2.text()).contains("страница 2 из 3");
    }

    @Test
    void plainTextInAPrivateChatIsASearchInRussianOrEnglish() {
        assertThat(fixture.ask("трансформеры").text()).contains("Memorization Capacity of Multi-Head Attention");
        assertThat(fixture.ask("privacy prompt").text()).contains("DP-OPT");
        assertThat(fixture.ask("приватнсть").text()).as("a typo").contains("DP-OPT");
    }

    @Test
    void nothingFoundIsAHelpfulReplyNotAnError() {
        Call reply = fixture.ask("/search квантовая гравитация");
        assertThat(reply.text()).contains("ничего не нашлось", "/topics", "/list");
        assertThat(reply.body().path("reply_markup").toString()).contains("topics", "list");
        assertThat(fixture.ask("/search").text()).contains("Напишите, что искать");
    }

    @Test
    void hostileQueriesAreSafe() {
        for (String q : List.of("\"unbalanced", "title:(x OR", "*", "+-&&||!(){}[]^\"~*?:\\/", "🙂🙂", "<b>&amp;",
                "a".repeat(300), "\u202Eabc\u200B")) {
            Call reply = fixture.ask("/search " + q);
            // a list, "nothing found", or the card of the one paper found
            assertThat(reply.text()).as(q).satisfiesAnyOf(t -> assertThat(t).contains("По запросу"), t -> assertThat(t).startsWith("<b>"));
        }
    }

    @Test
    void everyInlineCardCarriesLinkButtonsAndADeepLinkThatOpensItInTheBot() {
        JsonNode answer = inline("", "");
        assertThat(answer.path("results")).hasSize(catalog.size());
        for (JsonNode result : answer.path("results")) {
            Paper p = catalog.byId(result.path("id").asText()).orElseThrow();
            List<String> urls = new ArrayList<>();
            result.path("reply_markup").path("inline_keyboard").forEach(row -> row.forEach(b -> urls.add(b.path("url").asText())));
            // The username is the one getMe gave at start-up.
            String deepLink = "https://t.me/" + FakeBotApi.BOT_USERNAME + "?start=p_" + p.id();
            assertThat(urls).as(p.id()).containsExactly(p.links().pdf().toString(), p.links().openReview().orElseThrow().toString(),
                    p.links().arxiv().orElseThrow().toString(), deepLink);
            assertThat(result.path("input_message_content").path("message_text").asText()).as(p.id()).doesNotContain("http");

            // Pressing it makes Telegram send "/start <parameter>" from the recipient: they get the card.
            Call card = fixture.ask("/start " + deepLink.substring(deepLink.indexOf("?start=") + "?start=".length()));
            assertThat(card.text()).as(p.id()).startsWith("<b>" + Html.escape(p.title()) + "</b>");
        }
    }

    @Test
    void aDeepLinkToAPaperNotInTheCatalogSaysSoAndOffersAWayOn() {
        Call reply = fixture.ask("/start p_nonexistent");
        assertThat(reply.text()).contains("Статьи «nonexistent» из ссылки в каталоге нет").doesNotContain("Привет");
        assertThat(reply.body().path("reply_markup").path("inline_keyboard").toString()).contains("\"today\"", "\"list\"");
    }

    @Test
    void emptyInlineQueryOffersThePaperOfTheDayFirstThenTheCatalog() {
        JsonNode answer = inline("", "");
        String today = org.paperbot.testing.Dailies.carriedOver(catalog, LocalDate.of(2026, 11, 27))
                .forDate(catalog, LocalDate.of(2026, 11, 27)).orElseThrow().id();
        assertThat(ids(answer)).hasSize(8).first().isEqualTo(today);
        assertThat(ids(answer)).doesNotHaveDuplicates();
        JsonNode first = answer.path("results").get(0);
        assertThat(first.path("type").asText()).isEqualTo("article");
        assertThat(first.path("description").asText()).startsWith("📅 Статья дня");
        assertThat(first.path("input_message_content").path("message_text").asText()).contains("<b>");
        assertThat(first.path("input_message_content").path("parse_mode").asText()).isEqualToIgnoringCase("html");
        assertThat(first.path("reply_markup").toString()).contains("https://openreview.net/pdf?id=" + today);
        assertThat(answer.path("next_offset").asText()).isEmpty();
        assertThat(answer.path("cache_time").asInt()).isPositive();
    }

    @Test
    void inlineSearchFindsAsYouType() {
        assertThat(ids(inline("трансф", ""))).first().isEqualTo("MrR3rMxqqv");
        assertThat(ids(inline("RLH", ""))).first().isEqualTo("TyFrPOKYXw");
        assertThat(ids(inline("LXVswInHOo", ""))).first().isEqualTo("LXVswInHOo"); // the «Поделиться» button's query
        JsonNode answer = inline("GFlowNet", "");
        assertThat(answer.path("results").get(0).path("title").asText()).isEqualTo("Pre-Training and Fine-Tuning Generative Flow Networks");
    }

    @Test
    void inlineMissIsAnEmptyAnswerWithAButtonToTheBot() {
        JsonNode answer = inline("квазары и пульсары", "");
        assertThat(answer.path("results")).isEmpty();
        assertThat(answer.path("button").path("text").asText()).contains("открыть бота");
        assertThat(answer.path("button").path("start_parameter").asText()).matches("[A-Za-z0-9_-]{1,64}");
    }

    @Test
    void inlinePagingFollowsTheOffsetTelegramEchoes() {
        // The real catalog has 8 papers: an offset beyond the end gives an empty last page.
        JsonNode page = inline("", "8");
        assertThat(page.path("results")).isEmpty();
        assertThat(page.path("next_offset").asText()).isEmpty();
        assertThat(ids(inline("", "3"))).hasSize(5);
        assertThat(ids(inline("", "garbage"))).hasSize(8);
    }
}
