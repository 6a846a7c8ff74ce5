package org.paperbot;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.testing.BotFixture;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.FakeBotApi.Call;
import org.paperbot.testing.Updates;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a Russian-speaking reader talks to the bot (issue 11), through the fake Bot API: pasted links and single matches
 * open the card, small talk is answered, Russian command names, captions, venues, topics by meaning, and «Похожие».
 */
class ReaderSearchEndToEndTest {
    @RegisterExtension
    static final BotFixture fixture = new BotFixture();
    static final FakeBotApi api = fixture.api();

    static List<String> callbackData(Call reply) {
        List<String> data = new ArrayList<>();
        reply.body().path("reply_markup").path("inline_keyboard")
                .forEach(row -> row.forEach(b -> data.add(b.path("callback_data").asText())));
        return data;
    }

    static List<String> buttonTexts(Call reply) {
        List<String> texts = new ArrayList<>();
        reply.body().path("reply_markup").path("inline_keyboard").forEach(row -> row.forEach(b -> texts.add(b.path("text").asText())));
        return texts;
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://arxiv.org/abs/2310.12773", "https://arxiv.org/abs/2310.12773v2",
            "https://arxiv.org/pdf/2310.12773v1", "arXiv:2310.12773", "https://openreview.net/forum?id=TyFrPOKYXw",
            "https://openreview.net/pdf?id=TyFrPOKYXw", "Safe RLHF"})
    void aPastedLinkOrASingleMatchOpensTheCardAtOnce(String text) {
        Call reply = fixture.ask(text);

        assertThat(reply.text()).startsWith("<b>Safe RLHF");
        assertThat(callbackData(reply)).contains("sim:TyFrPOKYXw");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arXiv:2310.12773", "arxiv:2310.12773v2", "2310.12773", "arXiv: 2310.12773",
            "https://arxiv.org/abs/2310.12773"})
    void paperFindsAnArxivIdHoweverItIsWritten(String ref) {
        assertThat(fixture.ask("/paper " + ref).text()).startsWith("<b>Safe RLHF");
    }

    @ParameterizedTest
    @ValueSource(strings = {"привет", "Привет!", "здравствуйте", "hello"})
    void aGreetingIsAnsweredWithAShortGuideNotASearch(String text) {
        String reply = fixture.ask(text).text();

        assertThat(reply).startsWith("Здравствуйте!").contains("/today", "/help").doesNotContain("По запросу");
    }

    @Test
    void thanksIsAnsweredPolitely() {
        assertThat(fixture.ask("спасибо!").text()).startsWith("Пожалуйста!");
    }

    @ParameterizedTest
    @ValueSource(strings = {"помощь", "help", "Help?", "/help", "/помощь", "/справка"})
    void askingForHelpInWordsOrByARussianCommandGivesTheHelp(String text) {
        assertThat(fixture.ask(text).text()).startsWith("<b>Что я умею</b>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"start", "/start", "/старт", "/Старт"})
    void startInWordsOrInRussianGivesTheGreeting(String text) {
        assertThat(fixture.ask(text).text()).startsWith("👋 Привет!");
    }

    @Test
    void aPhotoCaptionedWithAQueryIsSearchedLikeText() {
        long user = fixture.newUser();
        api.push(Map.of("message", Updates.messageWith(Updates.privateChat(user), user,
                Map.of("photo", List.of(Map.of("file_id", "f1", "file_unique_id", "u1", "width", 10, "height", 10)),
                        "caption", "трансформеры"))));

        assertThat(fixture.replyTo(user).text()).contains("Memorization Capacity of Multi-Head Attention");
    }

    @Test
    void aDocumentCaptionedWithAQueryIsSearchedToo() {
        long user = fixture.newUser();
        api.push(Map.of("message", Updates.messageWith(Updates.privateChat(user), user,
                Map.of("document", Map.of("file_id", "f2", "file_unique_id", "u2"), "caption", "GFlowNet"))));

        assertThat(fixture.replyTo(user).text()).startsWith("<b>Pre-Training and Fine-Tuning Generative Flow Networks");
    }

    @Test
    void papersMatchingEveryWordComeFirstAndThePartialMatchesUnderTheirOwnLine() {
        String reply = fixture.ask("безопасность LLM").text();

        int safeRlhf = reply.indexOf("Safe RLHF");
        int partial = reply.indexOf("Частичные совпадения");
        assertThat(safeRlhf).isPositive();
        assertThat(partial).isGreaterThan(safeRlhf);
        assertThat(reply.indexOf("DreamLLM")).isGreaterThan(partial);
    }

    @Test
    void aQueryNoPaperMatchesWhollySaysSoAboveThePartialMatches() {
        String reply = fixture.ask("GFlowNet приватность").text();

        assertThat(reply).contains("ни одна статья не подходит под все слова сразу").doesNotContain("Частичные совпадения");
    }

    @Test
    void aVenueTypedInAPrivateChatListsItsPapers() {
        Call reply = fixture.ask("ICLR 2024");

        assertThat(reply.text()).contains("По запросу «ICLR 2024»", "8 статей");
        assertThat(fixture.ask("Spotlight").text()).contains("8 статей");
    }

    @Test
    void aVenueSentAsATelegramVenueGetsAReply() {
        long user = fixture.newUser();
        api.push(Map.of("message", Updates.messageWith(Updates.privateChat(user), user,
                Map.of("venue", Map.of("location", Map.of("latitude", 1.0, "longitude", 2.0), "title", "ICLR",
                        "address", "Vienna")))));

        assertThat(fixture.replyTo(user).text()).contains("Напишите, что ищете");
    }

    @ParameterizedTest
    @ValueSource(strings = {"обучение в контексте", "in-context learning", "#обучение_в_контексте"})
    void topicIsFoundByItsWordsInAnyFormOrBySynonym(String text) {
        assertThat(fixture.ask("/topic " + text).text()).startsWith("🏷 <b>#обучение_в_контексте</b>");
    }

    @Test
    void topicIsFoundByAnotherFormOfItsWord() {
        assertThat(fixture.ask("/topic трансформер").text()).startsWith("🏷 <b>#трансформеры</b>");
    }

    @Test
    void anUnknownTopicSuggestsTheClosestOnes() {
        Call reply = fixture.ask("/topic привтность");

        assertThat(reply.text()).contains("Возможно, вы имели в виду", "#приватность");
        assertThat(callbackData(reply)).contains("T:приватность");
        assertThat(fixture.ask("/topic квантовая гравитация").text()).contains("Темы «квантовая гравитация» нет в каталоге");
    }

    @Test
    void similarButtonOnACardAnswersWithButtonsOpeningTheSimilarPapers() {
        Call card = fixture.ask("/paper TyFrPOKYXw");
        assertThat(buttonTexts(card)).contains("🔎 Похожие");
        long chat = card.chatId();

        api.push(Updates.callback(chat, card.body().path("message_id").asInt(1), "sim:TyFrPOKYXw"));
        Call similar = api.await("sendMessage", c -> c.chatId() == chat && c.text().contains("Похожие статьи"), BotFixture.WAIT);

        List<String> opens = callbackData(similar).stream().filter(d -> d.startsWith("o:")).toList();
        assertThat(opens).hasSizeBetween(3, 5).doesNotContain("o:TyFrPOKYXw").doesNotHaveDuplicates();
        assertThat(similar.text()).contains("Safe RLHF");

        api.push(Updates.callback(chat, 1, opens.get(0)));
        String opened = opens.get(0).substring(2);
        JsonNode sent = api.await("sendMessage", c -> c.chatId() == chat && callbackData(c).contains("sim:" + opened),
                BotFixture.WAIT).body();
        assertThat(sent.path("text").asText()).startsWith("<b>");
    }

    @Test
    void similarForAPaperNoLongerInTheCatalogIsAnsweredPolitely() {
        long chat = fixture.newUser();
        api.push(Updates.callback(chat, 7, "sim:gone"));

        assertThat(api.await("answerCallbackQuery", c -> c.body().path("text").asText().contains("нет"), BotFixture.WAIT))
                .isNotNull();
    }
}
