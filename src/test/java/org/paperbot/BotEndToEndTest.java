package org.paperbot;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.daily.PaperOfTheDay;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole bot over HTTP: the real TelegramBots long-polling loop and client talk to {@link FakeBotApi};
 * each command goes in as an update and the outgoing Bot API requests are checked.
 */
class BotEndToEndTest {
    static final Duration WAIT = BotFixture.WAIT;
    static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");

    @RegisterExtension
    static final BotFixture fixture = new BotFixture().with("PAPERBOT_LIST_PAGE_SIZE", "3")
            .clock(Clock.fixed(NOW, ZoneOffset.UTC));
    static final FakeBotApi api = fixture.api();
    static final Catalog catalog = new CatalogLoader().load(Path.of("config/papers.json"));

    static List<String> callbackData(Call call) {
        return buttons(call, "callback_data");
    }

    static List<String> urls(Call call) {
        return buttons(call, "url");
    }

    /** The {@code field} of every inline button that has one, row by row. */
    private static List<String> buttons(Call call, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode row : call.body().path("reply_markup").path("inline_keyboard")) {
            for (JsonNode b : row) {
                if (b.has(field)) {
                    values.add(b.path(field).asText());
                }
            }
        }
        return values;
    }

    @Test
    void startupIdentifiesTheBotAndPublishesRussianCommandMenu() {
        assertThat(api.calls("getMe")).isNotEmpty();
        assertThat(api.calls("deleteWebhook")).isNotEmpty();
        JsonNode commands = api.await("setMyCommands", c -> true, WAIT).body().path("commands");
        assertThat(commands).extracting(c -> c.path("command").asText())
                .contains("start", "today", "list", "paper", "random", "topics", "topic", "about", "help");
        assertThat(commands).allSatisfy(c -> assertThat(c.path("description").asText()).matches(".*[а-яА-Я].*"));
    }

    /** So that a bot switched back from webhook mode polls again, and keeps the updates Telegram holds for it. */
    @Test
    void pollingDeletesTheWebhookWithoutDroppingPendingUpdatesBeforeTheFirstPoll() {
        List<Call> calls = api.calls();
        int delete = calls.indexOf(calls.stream().filter(c -> c.method().equals("deleteWebhook")).findFirst().orElseThrow());
        int poll = calls.indexOf(calls.stream().filter(c -> c.method().equals("getUpdates")).findFirst().orElseThrow());
        assertThat(delete).isLessThan(poll);
        assertThat(calls.get(delete).body().path("drop_pending_updates").asBoolean(false)).isFalse();
    }

    @Test
    void startGreetsInRussianWithButtonsAndNoLinkPreview() {
        Call reply = fixture.ask("/start");
        assertThat(reply.text()).contains("PaperBot", "8 статей", "/today");
        assertThat(reply.body().path("parse_mode").asText()).isEqualToIgnoringCase("HTML");
        assertThat(reply.body().path("link_preview_options").path("is_disabled").asBoolean()).isTrue();
        assertThat(callbackData(reply)).containsExactly("today", "random", "list", "topics");
    }

    @Test
    void paperByNumberShowsTheCardWithLinkButtonsAndNavigation() {
        Call reply = fixture.ask("/paper 3");
        assertThat(reply.text()).contains("<b>In-Context Pretraining: Language Modeling Beyond Document Boundaries</b>",
                "+16\u00A0%", "#предобучение", "<blockquote expandable>").doesNotContain("http");
        assertThat(urls(reply)).containsExactly("https://openreview.net/pdf?id=LXVswInHOo",
                "https://openreview.net/forum?id=LXVswInHOo", "https://arxiv.org/abs/2310.10638");
        // Cards in a chat with the bot need no «Открыть в боте»: the reader is already here.
        assertThat(reply.body().path("reply_markup").toString()).doesNotContain("t.me/");
        assertThat(callbackData(reply)).containsExactly("sv:LXVswInHOo", "vu:LXVswInHOo", "vd:LXVswInHOo",
                "c:MrR3rMxqqv", "l:0", "c:TyFrPOKYXw", "sim:LXVswInHOo", "nt:LXVswInHOo");
        JsonNode share = reply.body().path("reply_markup").path("inline_keyboard").get(4).get(0);
        assertThat(share.path("text").asText()).contains("Поделиться");
        assertThat(share.path("switch_inline_query").asText()).isEqualTo("LXVswInHOo");
    }

    @Test
    void paperByOpenReviewIdAndByArxivLink() {
        assertThat(fixture.ask("/paper TyFrPOKYXw").text()).contains("Safe RLHF");
        assertThat(fixture.ask("/paper https://arxiv.org/abs/2310.05177").text()).contains("Pinocchio");
    }

    @Test
    void badPaperArgumentsGetClearRussianReplies() {
        assertThat(fixture.ask("/paper").text()).contains("Укажите номер или id статьи");
        assertThat(fixture.ask("/paper 99").text()).contains("Статьи с номером 99 нет", "8 статей");
        assertThat(fixture.ask("/paper -1").text()).contains("Статьи с номером -1 нет");
        assertThat(fixture.ask("/paper 99999999999999999999").text()).contains("нет");
        assertThat(fixture.ask("/paper <script>&").text()).contains("Не нашёл статью «&lt;script&gt;&amp;»");
    }

    @Test
    void nextButtonEditsTheCardInPlace() {
        long chat = fixture.say("/paper 8");
        Call card = fixture.replyTo(chat);
        // Telegram passes the id of the message under the pressed button back; any id works here.
        int messageId = 4242;
        api.push(Updates.callback(chat, messageId, callbackData(card).get(5))); // ▶️, after the reader's ☆ 👍 👎, ◀️ and "n / total"
        Call edit = api.await("editMessageText", c -> c.chatId() == chat, WAIT);
        assertThat(edit.body().path("message_id").asInt()).isEqualTo(messageId);
        assertThat(edit.text()).contains("DreamLLM"); // ▶️ on the last paper wraps to the first
        api.await("answerCallbackQuery", c -> c.body().path("callback_query_id").asText().startsWith("cb" + messageId + "-"), WAIT);
    }

    @Test
    void listIsPagedAndPagesAreEditedInPlace() {
        long chat = fixture.say("/list");
        Call first = fixture.replyTo(chat);
        assertThat(first.text()).contains("Каталог", "8 статей", "страница 1 из 3", "1.", "DreamLLM")
                .doesNotContain("Safe RLHF");
        assertThat(callbackData(first)).containsExactly("o:y01KGvd9Bw", "o:MrR3rMxqqv", "o:LXVswInHOo",
                "l:2", "noop", "l:1");
        api.push(Updates.callback(chat, 77, "l:1"));
        Call second = api.await("editMessageText", c -> c.chatId() == chat, WAIT);
        assertThat(second.text()).contains("страница 2 из 3", "Safe RLHF");
        api.push(Updates.callback(chat, 78, "o:TyFrPOKYXw"));
        assertThat(api.await("sendMessage", c -> c.chatId() == chat && c.text().contains("Лагранжа"), WAIT)).isNotNull();
    }

    @Test
    void todayIsThePaperOfTheDayForTheConfiguredZone() {
        LocalDate moscowDate = LocalDate.of(2026, 11, 27);
        String expectedTitle = org.paperbot.testing.Dailies.carriedOver(catalog, moscowDate).forDate(catalog, moscowDate).orElseThrow().title();
        Call reply = fixture.ask("/today");
        assertThat(reply.text()).contains("Статья дня", "27 ноября 2026", expectedTitle);
    }

    @Test
    void randomTopicsTopicAndAbout() {
        Call random = fixture.ask("/random");
        assertThat(random.text()).contains("Случайная статья", "<blockquote expandable>");
        assertThat(urls(random)).anyMatch(u -> u.startsWith("https://openreview.net/pdf?id="));
        Call topics = fixture.ask("/topics");
        assertThat(topics.text()).contains("#LLM — 6 статей", "#теория — 1 статья");
        assertThat(callbackData(topics)).contains("T:LLM");
        assertThat(fixture.ask("/topic #llm").text()).contains("#LLM", "6 статей", "страница 1 из 2");
        assertThat(fixture.ask("/topic квантовые").text()).contains("Темы «квантовые» нет");
        assertThat(fixture.ask("/about").text()).contains("ICLR 2024 в цифрах", "7262", "31\u00A0%");
        assertThat(fixture.ask("/help").text()).contains("/paper", "/today", "/topics");
    }

    @Test
    void unknownCommandGetsAHint() {
        assertThat(fixture.ask("/foo").text()).contains("Такой команды я не знаю", "/help");
    }

    @Test
    void inGroupsOnlyCommandsForThisBotAreAnswered() {
        long group = -100_000 - fixture.newUser();
        api.push(Updates.groupText(group, 7, "/today@otherbot"));
        api.push(Updates.groupText(group, 7, "/foo"));
        api.push(Updates.groupText(group, 7, "просто разговор"));
        api.push(Updates.groupText(group, 7, "/about@" + FakeBotApi.BOT_USERNAME));
        Call reply = fixture.replyTo(group);
        // Replies in one chat keep order, so the first reply must be the one to /about.
        assertThat(reply.text()).contains("ICLR 2024 в цифрах");
        api.push(Updates.groupText(group, 7, "/foo@" + FakeBotApi.BOT_USERNAME));
        api.await("sendMessage", c -> c.chatId() == group && c.text().contains("Такой команды"), WAIT);
        assertThat(api.calls("sendMessage").stream().filter(c -> c.chatId() == group)).hasSize(2);
    }

    @Test
    void staleOrForgedButtonsGetAPoliteAnswer() {
        long chat = fixture.newUser();
        api.push(Updates.callback(chat, 5, "c:GoneForever"));
        api.await("answerCallbackQuery", c -> c.body().path("text").asText("").contains("больше нет в каталоге"), WAIT);
        api.push(Updates.callback(chat, 6, "zzz:garbage"));
        api.await("answerCallbackQuery", c -> c.body().path("text").asText("").contains("устарела"), WAIT);
        assertThat(api.calls("editMessageText").stream().filter(c -> c.chatId() == chat)).isEmpty();
    }

    @Test
    void repliesInOneChatKeepTheOrderOfCommands() {
        long user = fixture.newUser();
        for (int n = 1; n <= 8; n++) {
            api.push(Updates.privateText(user, "/paper " + n));
        }
        assertThat(fixture.repliesTo(user, 8, WAIT)).extracting(c -> c.text().substring(0, 24))
                .containsExactlyElementsOf(BotFixture.cardStarts());
    }
}
