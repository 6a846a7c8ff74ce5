package org.paperbot.bot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.paperbot.testing.TestPapers;
import org.paperbot.testing.TestRouter;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.methods.AnswerInlineQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.inlinequery.result.InlineQueryResultArticle;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /today, /history, the 📅 button and inline mode name the same paper of the day: the one of the chat's local date,
 * in the zone the chat chose with /timezone (else the default, Moscow).
 */
class ChatLocalDateTest {
    static final long USER = 4711;
    /** 17:56 UTC on 1 December: 00:56 on 2 December in Novosibirsk (UTC+7), still 20:56 on 1 December in Moscow. */
    static final Instant NOW = Instant.parse("2026-12-01T17:56:00Z");
    static final LocalDate NOVOSIBIRSK_DATE = LocalDate.of(2026, 12, 2);
    static final LocalDate MOSCOW_DATE = LocalDate.of(2026, 12, 1);

    final Texts texts = Texts.russian();
    final Catalog catalog = TestPapers.realCatalog();
    final Screens screens = Replied.screens(3, new SplittableRandom(1));
    final TestRouter bot = new TestRouter(catalog, screens, "paperbot_test_bot", Clock.fixed(NOW, ZoneOffset.UTC), id -> false,
            ChatAdmins.ANYONE, null);
    /** The same kept papers of the day the bot uses. */
    final DailyScreens potd = screens.daily();

    @AfterEach
    void close() {
        bot.close();
    }

    private List<BotApiMethod<?>> send(String text) {
        return bot.router().route(Updates.parse(Updates.privateText(USER, text)));
    }

    private String sendText(String text) {
        return ((SendMessage) send(text).get(0)).getText();
    }

    @Test
    void theTwoDatesAroundMidnightHaveDifferentPapers() {
        // Otherwise the tests below could not tell the dates apart.
        assertThat(potd.pick(catalog, NOVOSIBIRSK_DATE).paper().orElseThrow()).isNotEqualTo(potd.pick(catalog, MOSCOW_DATE).paper().orElseThrow());
    }

    @Test
    void todayAfterTimezoneNovosibirskAt0056ShowsTheLocalDatesPaper() {
        assertThat(sendText("/timezone Asia/Novosibirsk")).contains("Asia/Novosibirsk", "00:56");
        Paper expected = potd.pick(catalog, NOVOSIBIRSK_DATE).paper().orElseThrow();

        assertThat(sendText("/today")).startsWith(texts.format("today.header", "2 декабря 2026"))
                .contains(Html.escape(expected.title()));
        assertThat(sendText("/history 2")).contains("2 декабря</b> · сегодня\n" + catalog.numberOf(expected) + ". "
                + Html.escape(expected.title()));
    }

    @Test
    void theTodayButtonUsesTheChatsDateToo() {
        send("/timezone Новосибирск");
        List<BotApiMethod<?>> replies = bot.router().route(Updates.parse(Updates.callback(USER, 77, "today")));
        SendMessage card = (SendMessage) replies.get(1);
        assertThat(card.getText()).startsWith(texts.format("today.header", "2 декабря 2026"))
                .contains(Html.escape(potd.pick(catalog, NOVOSIBIRSK_DATE).paper().orElseThrow().title()));
    }

    @Test
    void inlineModeOffersThePaperOfTheUsersOwnDateFirstAndPersonally() {
        AnswerInlineQuery before = (AnswerInlineQuery) bot.router().route(Updates.parse(Updates.inline(USER, "", ""))).get(0);
        assertThat(((InlineQueryResultArticle) before.getResults().get(0)).getId()).isEqualTo(potd.pick(catalog, MOSCOW_DATE).paper().orElseThrow().id());

        send("/timezone Asia/Novosibirsk");
        AnswerInlineQuery after = (AnswerInlineQuery) bot.router().route(Updates.parse(Updates.inline(USER, "", ""))).get(0);
        assertThat(((InlineQueryResultArticle) after.getResults().get(0)).getId()).isEqualTo(potd.pick(catalog, NOVOSIBIRSK_DATE).paper().orElseThrow().id());
        // Telegram must not hand one user's "paper of the day" to another in another zone.
        assertThat(after.getIsPersonal()).isTrue();
    }

    @Test
    void aChatWithoutAZoneGetsTheDefaultZonesDate() {
        assertThat(sendText("/today")).startsWith(texts.format("today.header", "1 декабря 2026"));
        assertThat(bot.calendar().today(USER)).isEqualTo(MOSCOW_DATE);
    }
}
