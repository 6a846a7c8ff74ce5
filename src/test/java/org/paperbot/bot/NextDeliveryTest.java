package org.paperbot.bot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.render.Texts;
import org.paperbot.testing.TestPapers;
import org.paperbot.testing.TestRouter;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** What /subscribe, /settings and /timezone say about the next delivery: the day, the time and how long until then. */
class NextDeliveryTest {
    static final long CHAT = 31;
    final Texts texts = Texts.russian();
    final List<TestRouter> routers = new ArrayList<>();

    @AfterEach
    void close() {
        routers.forEach(TestRouter::close);
    }

    /** A bot whose clock stands at {@code now}. */
    TestRouter at(String now) {
        TestRouter bot = new TestRouter(TestPapers.realCatalog(), Replied.screens(3, new SplittableRandom(1)), "paperbot_test_bot",
                Clock.fixed(Instant.parse(now), ZoneOffset.UTC), id -> false, ChatAdmins.ANYONE, null);
        routers.add(bot);
        return bot;
    }

    static String say(TestRouter bot, String text) {
        return ((SendMessage) bot.router().route(Updates.parse(Updates.privateText(CHAT, text))).get(0)).getText();
    }

    static void delivered(TestRouter bot, LocalDate date) {
        bot.deliveries().claim(CHAT, date);
        bot.deliveries().markSent(CHAT, date, 1);
    }

    @Test
    void subscribingAt2052ForNineDoesNotPromiseACardInAFewMinutesButNamesTomorrowsIn12h8m() {
        TestRouter bot = at("2026-05-10T17:52:00Z"); // 20:52 in Moscow
        String reply = say(bot, "/subscribe 09:00");
        assertThat(reply).doesNotContain("через несколько минут")
                .contains("следующая — завтра, 11 мая, в 09:00 (через 12 ч 8 мин)");
        // Once today's card is out, tomorrow's is the next one.
        delivered(bot, LocalDate.of(2026, 5, 10));
        assertThat(say(bot, "/settings")).contains("Ближайшая статья — завтра, 11 мая, в 09:00 (через 12 ч 8 мин)");
        assertThat(say(bot, "/subscribe 09:00")).contains("Ближайшая — завтра, 11 мая, в 09:00 (через 12 ч 8 мин)");
    }

    @Test
    void aCardLaterTodaySaysTodayAndTheMinutesLeft() {
        TestRouter bot = at("2026-05-10T05:52:00Z"); // 08:52 in Moscow
        assertThat(say(bot, "/subscribe 09:00")).contains("Ближайшая — сегодня в 09:00 (через 8 мин)");
        assertThat(say(bot, "/subscribe 10:00")).contains("Ближайшая — сегодня в 10:00 (через 1 ч 8 мин)");
        assertThat(say(bot, "/subscribe 08:53")).contains("сегодня в 08:53 (через 1 мин)");
    }

    @Test
    void halfAMinuteBeforeMidnightTheNextCardIsTomorrowsInOneMinute() {
        // 23:59:30 on 1 December in Novosibirsk; today's 00:00 card has been sent.
        TestRouter bot = at("2026-12-01T16:59:30Z");
        say(bot, "/timezone Asia/Novosibirsk");
        say(bot, "/subscribe 00:00");
        delivered(bot, LocalDate.of(2026, 12, 1));
        assertThat(say(bot, "/settings")).contains("Ближайшая статья — завтра, 2 декабря, в 00:00 (через 1 мин)");
    }

    @Test
    void justAfterMidnightTheCardOfTheNewDayIsToday() {
        // 00:01 on 2 December in Novosibirsk, yesterday's card sent: the 09:00 card is today's, not tomorrow's.
        TestRouter bot = at("2026-12-01T17:01:00Z");
        say(bot, "/subscribe 09:00 Новосибирск");
        delivered(bot, LocalDate.of(2026, 12, 1));
        assertThat(say(bot, "/settings")).contains("Ближайшая статья — сегодня в 09:00 (через 8 ч 59 мин)");
    }

    @Test
    void theNightClocksGoForwardIsAnHourShorter() {
        // Berlin, 28 March 2026 20:00 CET; at 02:00 on the 29th clocks jump to 03:00 CEST.
        TestRouter bot = at("2026-03-28T19:00:00Z");
        say(bot, "/subscribe 09:00 Europe/Berlin");
        delivered(bot, LocalDate.of(2026, 3, 28));
        assertThat(say(bot, "/settings")).contains("завтра, 29 марта, в 09:00 (через 12 ч)");
        // A time the clocks skip is shown as the wall clock will read: 02:30 does not exist, the card goes at 03:00.
        assertThat(say(bot, "/subscribe 02:30")).contains("завтра, 29 марта, в 03:00 (через 6 ч)");
    }

    @Test
    void theNightClocksGoBackIsAnHourLonger() {
        // Berlin, 24 October 2026 20:00 CEST; at 03:00 on the 25th clocks go back to 02:00 CET.
        TestRouter bot = at("2026-10-24T18:00:00Z");
        say(bot, "/subscribe 09:00 Europe/Berlin");
        delivered(bot, LocalDate.of(2026, 10, 24));
        assertThat(say(bot, "/settings")).contains("завтра, 25 октября, в 09:00 (через 14 ч)");
    }

    @Test
    void theRelativeTimeRoundsUpToTheMinute() {
        NextDelivery commands = new NextDelivery(texts, null, null, Clock.systemUTC());
        assertThat(commands.relative(Duration.ofSeconds(1))).isEqualTo("через 1 мин");
        assertThat(commands.relative(Duration.ofMinutes(60))).isEqualTo("через 1 ч");
        assertThat(commands.relative(Duration.ofMinutes(61).plusSeconds(1))).isEqualTo("через 1 ч 2 мин");
        assertThat(commands.relative(Duration.ofHours(27).plusMinutes(5))).isEqualTo("через 27 ч 5 мин");
        assertThat(commands.relative(Duration.ZERO)).isEqualTo("меньше чем через минуту");
        assertThat(commands.relative(Duration.ofHours(170))).isEqualTo("через 7 д 2 ч");
        assertThat(commands.relative(Duration.ofDays(3))).isEqualTo("через 3 д");
    }
}
