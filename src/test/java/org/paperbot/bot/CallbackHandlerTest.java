package org.paperbot.bot;

import org.paperbot.library.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.paperbot.testing.BotApiLimits;
import org.paperbot.testing.TestPapers;
import org.paperbot.testing.TestRouter;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperbot.bot.Replied.answer;
import static org.paperbot.bot.Replied.callbackData;

class CallbackHandlerTest {
    static final long CHAT = 555L;
    static final int MESSAGE = 31;
    static final int PAGE_SIZE = 3;
    static final long NOW = 1_800_000_000L;

    private final Texts texts = Texts.russian();
    private final Catalog catalog = TestPapers.realCatalog();
    private final Screens screens = Replied.screens(PAGE_SIZE,
            new SplittableRandom(3));
    private final TestRouter bot = new TestRouter(catalog, screens, "paperbot_test_bot",
            Clock.fixed(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC), id -> false,
            ChatAdmins.ANYONE, null);
    private final CallbackHandler handler = bot.callbacks();
    private int queries;

    @org.junit.jupiter.api.AfterEach
    void closeDatabase() {
        bot.close();
    }

    private CallbackQuery press(String data) {
        return press(data, NOW);
    }

    private CallbackQuery press(String data, long messageDate) {
        return Updates.parse(Updates.callback("q" + (++queries), CHAT, Updates.privateChat(CHAT), MESSAGE, messageDate, data))
                .getCallbackQuery();
    }

    private List<BotApiMethod<?>> handle(CallbackQuery q) {
        List<BotApiMethod<?>> out = handler.handle(Snapshot.of(catalog), q);
        assertThat(out).isNotEmpty();
        // Every query is answered, and first, so the client's spinner stops at once.
        AnswerCallbackQuery a = answer(out.get(0));
        assertThat(a.getCallbackQueryId()).isEqualTo(q.getId());
        assertThat(out.stream().filter(m -> m instanceof AnswerCallbackQuery)).hasSize(1);
        for (BotApiMethod<?> m : out) {
            if (m instanceof SendMessage s) {
                assertThat(s.getChatId()).isEqualTo(String.valueOf(CHAT));
                assertThat(s.getParseMode()).isEqualTo(ParseMode.HTML);
                assertThat(BotApiLimits.validateHtml(s.getText())).isEmpty();
            }
            if (m instanceof EditMessageText e) {
                assertThat(e.getChatId()).isEqualTo(String.valueOf(CHAT));
                assertThat(e.getMessageId()).isEqualTo(MESSAGE);
                assertThat(e.getParseMode()).isEqualTo(ParseMode.HTML);
                assertThat(BotApiLimits.validateHtml(e.getText())).isEmpty();
            }
        }
        return out;
    }

    /** Answer (without text) then exactly one reply of the given type. */
    private <T> T silentAnswerThen(List<BotApiMethod<?>> out, Class<T> type) {
        assertThat(out).hasSize(2);
        assertThat(answer(out.get(0)).getText()).isNull();
        assertThat(out.get(1)).isInstanceOf(type);
        return type.cast(out.get(1));
    }

    private void onlyAnswer(List<BotApiMethod<?>> out, String textKey) {
        assertThat(out).hasSize(1);
        assertThat(answer(out.get(0)).getText()).isEqualTo(textKey == null ? null : texts.get(textKey));
    }

    @Test
    void showCardEditsTheMessageInPlace() {
        Paper p = catalog.byNumber(8).orElseThrow();
        EditMessageText e = silentAnswerThen(handle(press("c:" + p.id())), EditMessageText.class);
        assertThat(e.getText()).isEqualTo(screens.cards().cardHtml(p));
        Paper first = catalog.byNumber(1).orElseThrow();
        Paper seventh = catalog.byNumber(7).orElseThrow();
        assertThat(callbackData(e)).containsExactly("sv:" + p.id(), "vu:" + p.id(), "vd:" + p.id(),
                "c:" + seventh.id(), "l:" + 7 / PAGE_SIZE, "c:" + first.id(), "sim:" + p.id(), "nt:" + p.id());
    }

    @Test
    void showCardUnderAnInaccessibleMessageSendsANewOne() {
        Paper p = catalog.byNumber(2).orElseThrow();
        CallbackQuery q = press("c:" + p.id(), 0);
        assertThat(q.getMessage().getDate()).isZero();
        SendMessage s = silentAnswerThen(handle(q), SendMessage.class);
        assertThat(s.getText()).isEqualTo(screens.cards().cardHtml(p));
    }

    @Test
    void openCardSendsANewMessage() {
        Paper p = catalog.byNumber(4).orElseThrow();
        SendMessage s = silentAnswerThen(handle(press("o:" + p.id())), SendMessage.class);
        assertThat(s.getText()).isEqualTo(screens.cards().cardHtml(p));
        assertThat(Replied.urls(s.getReplyMarkup())).containsExactlyElementsOf(Replied.linkUrls(p));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c:GoneForever", "o:GoneForever"})
    void aRemovedPaperGetsAPoliteAnswerOnly(String data) {
        onlyAnswer(handle(press(data)), "callback.paperGone");
    }

    @Test
    void listPageEditsInPlace() {
        EditMessageText e = silentAnswerThen(handle(press("l:1")), EditMessageText.class);
        assertThat(e.getText()).contains("страница 2 из 3");
        assertThat(callbackData(e)).startsWith(catalog.papers().subList(3, 6).stream().map(p -> "o:" + p.id()).toArray(String[]::new))
                .endsWith("l:0", "noop", "l:2");
    }

    @Test
    void listPageBeyondTheEndShowsTheLastPage() {
        EditMessageText e = silentAnswerThen(handle(press("l:999999")), EditMessageText.class);
        assertThat(e.getText()).contains("страница 3 из 3");
    }

    @Test
    void listPageUnderAnInaccessibleMessageSendsANewOne() {
        SendMessage s = silentAnswerThen(handle(press("l:1", 0)), SendMessage.class);
        assertThat(s.getText()).contains("страница 2 из 3");
    }

    @Test
    void topicPageEditsInPlace() {
        EditMessageText e = silentAnswerThen(handle(press("t:1:LLM")), EditMessageText.class);
        List<Paper> llm = catalog.withTopic("LLM");
        assertThat(e.getText()).contains("#LLM", "страница 2 из 2");
        llm.subList(PAGE_SIZE, llm.size()).forEach(p -> assertThat(e.getText()).contains(Html.escape(p.title())));
        assertThat(callbackData(e)).endsWith("t:0:LLM", "noop", "t:0:LLM");
    }

    @Test
    void openTopicSendsItsFirstPage() {
        String topic = catalog.topics().get(catalog.topics().size() - 1).topic();
        SendMessage s = silentAnswerThen(handle(press("T:" + topic)), SendMessage.class);
        assertThat(s.getText()).startsWith("🏷 <b>#" + topic + "</b>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"t:0:квантовые", "T:квантовые"})
    void aTopicThatNoLongerExistsGetsAStaleAnswer(String data) {
        onlyAnswer(handle(press(data)), "callback.stale");
    }

    /** A press under a message that reads {@code text}, as Telegram shows it (no HTML), in a group. */
    @SuppressWarnings("unchecked")
    private CallbackQuery pressInGroupUnder(String text, String data) {
        Map<String, Object> update = Updates.callback("q" + (++queries), CHAT, Updates.groupChat(CHAT), MESSAGE, NOW, data);
        ((Map<String, Object>) ((Map<String, Object>) update.get("callback_query")).get("message")).put("text", text);
        return Updates.parse(update).getCallbackQuery();
    }

    @Test
    void arrowsUnderADailyCardSentBeforeTheyWereDroppedOpenANewMessageAndLeaveTheDailyCardAsItIs() {
        String dailyCard = "📅 Статья дня · 27 ноября 2026\n\n" + catalog.papers().get(0).title();
        Paper other = catalog.papers().get(1);
        SendMessage card = silentAnswerThen(handle(pressInGroupUnder(dailyCard, "c:" + other.id())), SendMessage.class);
        assertThat(card.getText()).isEqualTo(screens.cards().cardHtml(other));
        SendMessage list = silentAnswerThen(handle(pressInGroupUnder(dailyCard, "l:0")), SendMessage.class);
        assertThat(list.getText()).startsWith("📚 <b>Каталог</b>");
        // Under any other card the arrows still step through the catalog in place.
        silentAnswerThen(handle(pressInGroupUnder(catalog.papers().get(0).title(), "c:" + other.id())), EditMessageText.class);
    }

    @Test
    void theDailyCardHasNoArrowsToFlipIt() {
        SendMessage s = silentAnswerThen(handle(press("today")), SendMessage.class);
        Paper p = screens.daily().pick(catalog, LocalDate.of(2026, 11, 27)).paper().orElseThrow();
        // The reader's marks, «Похожие» and the note stay; nothing steps to another paper.
        assertThat(callbackData(s.getReplyMarkup())).containsExactly("sv:" + p.id(), "vu:" + p.id(), "vd:" + p.id(),
                "sim:" + p.id(), "nt:" + p.id());
        assertThat(Replied.urls(s.getReplyMarkup())).isNotEmpty();
    }

    @Test
    void todaySendsThePaperOfTheDay() {
        SendMessage s = silentAnswerThen(handle(press("today")), SendMessage.class);
        Paper expected = screens.daily().pick(catalog, LocalDate.of(2026, 11, 27)).paper().orElseThrow();
        assertThat(s.getText()).startsWith(texts.format("today.header", "27 ноября 2026") + "\n\n" + screens.cards().cardHtml(expected));
    }

    @Test
    void randomSendsACard() {
        SendMessage s = silentAnswerThen(handle(press("random")), SendMessage.class);
        assertThat(s.getText()).startsWith(texts.get("random.header") + "\n\n<b>");
        assertThat(catalog.papers()).anySatisfy(p -> assertThat(s.getText()).endsWith(screens.cards().cardHtml(p)));
    }

    @Test
    void listSendsTheFirstPage() {
        SendMessage s = silentAnswerThen(handle(press("list")), SendMessage.class);
        assertThat(s.getText()).contains("страница 1 из 3");
    }

    @Test
    void topicsSendsTheTopicList() {
        SendMessage s = silentAnswerThen(handle(press("topics")), SendMessage.class);
        assertThat(callbackData(s)).first().isEqualTo("T:" + catalog.topics().get(0).topic());
    }

    @Test
    void noopIsOnlyAnswered() {
        onlyAnswer(handle(press("noop")), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zzz:garbage", "l:abc", "c:", "c:xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void garbageGetsAStaleAnswer(String data) {
        onlyAnswer(handle(press(data)), "callback.stale");
    }

    @Test
    void aQueryWithoutDataGetsAStaleAnswer() {
        onlyAnswer(handle(press(null)), "callback.stale");
    }

    @ParameterizedTest
    @ValueSource(strings = {"c:y01KGvd9Bw", "l:1", "today", "topics"})
    void aButtonUnderAnInlineModeMessageIsOnlyAnswered(String data) {
        CallbackQuery q = Updates.parse(Updates.callback("inl", CHAT, null, null, 0, data)).getCallbackQuery();
        assertThat(q.getMessage()).isNull();
        assertThat(q.getInlineMessageId()).isNotNull();
        onlyAnswer(handle(q), null);
    }
}
