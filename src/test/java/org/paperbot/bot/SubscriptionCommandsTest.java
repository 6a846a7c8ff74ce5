package org.paperbot.bot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.render.Texts;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.Subscription;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.testing.TestRouter;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionCommandsTest {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    /** 10 May 2026, 07:00 in Moscow. */
    static final Instant NOW = Instant.parse("2026-05-10T04:00:00Z");
    static final Catalog CATALOG = new CatalogLoader().load(Path.of("config/papers.json"));
    static final long GROUP = -100777;
    static final long ANONYMOUS_BOT = 1087968824L;

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final Texts texts = Texts.russian();
    final Screens screens = Screens.of(texts, "paperbot_test_bot", org.paperbot.testing.Dailies.inMemory(), 8, RandomGenerator.getDefault());
    final List<String> adminChecks = new ArrayList<>();
    ChatAdmins.Verdict verdict = ChatAdmins.Verdict.DENIED;
    /** The real command table: the router parses the arguments and asks who administers the group. */
    final TestRouter bot = new TestRouter(CATALOG, screens, "paperbot_test_bot", clock, id -> false, (chat, user) -> {
        adminChecks.add(chat + ":" + user);
        return verdict;
    }, null);
    final SubscriptionStore store = bot.subscriptions();
    final DeliveryStore deliveries = bot.deliveries();

    @AfterEach
    void close() {
        bot.close();
    }

    /** {@code text} sent in a private chat by {@code user}; the single reply's text. */
    String inPrivate(long user, String text) {
        return text(bot.router().route(Updates.parse(Updates.privateText(user, text))));
    }

    /**
     * {@code text} sent in the group by {@code user}, or, with {@code senderChat}, on behalf of that chat (the group
     * itself for an anonymous admin, a channel otherwise).
     */
    String inGroup(Long user, String text, Long senderChat) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("text", text);
        if (senderChat != null) {
            extra.put("sender_chat", Map.of("id", senderChat, "type", senderChat == GROUP ? "supergroup" : "channel", "title", "x"));
        }
        // Telegram sends messages on behalf of a chat "from" a placeholder bot account.
        Long from = senderChat != null ? Long.valueOf(ANONYMOUS_BOT) : user;
        return text(bot.router().route(Updates.parse(Map.of("message", Updates.messageWith(Updates.groupChat(GROUP), from, extra)))));
    }

    static String text(List<BotApiMethod<?>> replies) {
        assertThat(replies).hasSize(1);
        return ((SendMessage) replies.get(0)).getText();
    }

    @Test
    void subscribeWithTheDefaultTimeTellsWhenTheFirstCardComes() {
        String reply = inPrivate(1, "/subscribe");
        assertThat(reply).contains("Подписка оформлена", "09:00", "Europe/Moscow", "сегодня в 09:00", "/unsubscribe");
        Subscription s = store.find(1).orElseThrow();
        assertThat(s.active()).isTrue();
        assertThat(s.time()).isEqualTo(LocalTime.of(9, 0));
    }

    @Test
    void subscribeWithATimeAndChangingIt() {
        assertThat(inPrivate(1, "/subscribe 8:30")).contains("Подписка оформлена", "08:30");
        // 07:00 now: today's 06:15 has passed unsent, so it goes at the next tick, and tomorrow's is named too.
        assertThat(inPrivate(1, "/subscribe 06.15")).contains("Время изменено", "06:15 уже прошло",
                "в ближайшие минуты", "следующая — завтра, 11 мая, в 06:15 (через 23 ч 15 мин)");
        assertThat(inPrivate(1, "/subscribe")).contains("уже оформлена", "06:15");
        assertThat(store.find(1).orElseThrow().time()).isEqualTo(LocalTime.of(6, 15));
    }

    @Test
    void anInvalidTimeGetsAClearAnswerWithAnExample() {
        for (String bad : new String[] {"25:00", "9:60", "12:5", "123"}) {
            assertThat(inPrivate(1, "/subscribe " + bad))
                    .as(bad).contains("Не понимаю время", "в 24-часовом формате", "/subscribe 08:30");
        }
        for (String bad : new String[] {"утром", "9 утра", "08:30 Марс"}) {
            assertThat(inPrivate(1, "/subscribe " + bad)).as(bad)
                    .isEqualTo(texts.format("arg.subscription", "/subscribe", bad))
                    .contains("Не понимаю «" + bad + "»", "/subscribe 08:30 Москва");
        }
        assertThat(store.find(1)).isEmpty();
        assertThat(inPrivate(1, "/subscribe <b>x</b>")).contains("&lt;b&gt;");
    }

    @Test
    void unsubscribeKeepsSettingsAndSaysHowToComeBack() {
        inPrivate(1, "/subscribe 07:45");
        assertThat(inPrivate(1, "/unsubscribe")).contains("Подписка отменена", "/subscribe");
        assertThat(inPrivate(1, "/unsubscribe")).contains("Подписки нет");
        assertThat(inPrivate(1, "/settings")).contains("отменена 10 мая", "07:45");
        assertThat(inPrivate(1, "/subscribe")).contains("Подписка оформлена", "07:45");
    }

    @Test
    void timezoneAcceptsIanaIdsAndCities() {
        assertThat(inPrivate(1, "/timezone")).contains("Europe/Moscow", "07:00", "/timezone Europe/Berlin");
        assertThat(inPrivate(1, "/timezone Europe/Berlin")).contains("Europe/Berlin", "06:00");
        assertThat(store.find(1).orElseThrow().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(store.find(1).orElseThrow().active()).as("set before subscribing").isFalse();
        inPrivate(1, "/subscribe");
        assertThat(inPrivate(1, "/timezone asia/novosibirsk")).contains("Asia/Novosibirsk", "11:00",
                "Ближайшая статья дня");
    }

    @Test
    void timezoneAcceptsRussianCitiesOffsetsAndSpacedIds() {
        assertThat(inPrivate(1, "/timezone Москва")).contains("Europe/Moscow", "07:00");
        assertThat(inPrivate(1, "/timezone Екатеринбург")).contains("Asia/Yekaterinburg", "09:00");
        assertThat(inPrivate(1, "/timezone Берлин")).contains("Europe/Berlin", "06:00");
        assertThat(inPrivate(1, "/timezone MSK")).contains("Europe/Moscow");
        assertThat(inPrivate(1, "/timezone Europe / Berlin")).contains("Europe/Berlin");
        for (String offset : new String[] {"UTC+3", "GMT+3", "+3"}) {
            assertThat(inPrivate(1, "/timezone " + offset)).as(offset).contains("UTC+03:00", "07:00", texts.get("timezone.fixedOffset"));
        }
        assertThat(inPrivate(1, "/timezone UTC+05:30")).contains("UTC+05:30", "09:30");
        assertThat(store.find(1).orElseThrow().zone()).isEqualTo(ZoneId.of("UTC+05:30"));
    }

    @Test
    void renamedZonesAreShownUnderTheirCurrentNames() {
        assertThat(inPrivate(1, "/timezone Asia/Calcutta")).contains("Asia/Kolkata").doesNotContain("Calcutta");
        assertThat(inPrivate(1, "/timezone Europe/Kiev")).contains("Europe/Kyiv").doesNotContain("Kiev");
        // A chat that stored the old name before keeps it in the database, and sees the new one.
        store.setZone(2, ZoneId.of("Asia/Calcutta"));
        assertThat(inPrivate(2, "/timezone")).contains("Asia/Kolkata").doesNotContain("Calcutta");
        assertThat(inPrivate(2, "/settings")).contains("Asia/Kolkata").doesNotContain("Calcutta");
    }

    @Test
    void subscribeTakesTheTimeAndTheZoneInOneCommand() {
        assertThat(inPrivate(1, "/subscribe 08:30 Europe/Berlin")).contains("Подписка оформлена", "08:30", "Europe/Berlin");
        Subscription s = store.find(1).orElseThrow();
        assertThat(s.time()).isEqualTo(LocalTime.of(8, 30));
        assertThat(s.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(inPrivate(1, "/subscribe Новосибирск 7:15")).contains("Время изменено", "07:15", "Asia/Novosibirsk");
        assertThat(inPrivate(1, "/subscribe Москва")).contains("Часовой пояс изменён", "Europe/Moscow", "07:15");
        assertThat(store.find(1).orElseThrow().zone()).isEqualTo(MOSCOW);
    }

    @Test
    void inAGroupOnlyAdministratorsSubscribeWithAZone() {
        verdict = ChatAdmins.Verdict.DENIED;
        assertThat(inGroup(5L, "/subscribe 08:30 Europe/Berlin", null)).contains("администраторы");
        assertThat(store.find(GROUP)).as("the zone is not changed either").isEmpty();
    }

    @Test
    void historyHeadersAgreeWithTheNumberOfDays() {
        assertThat(inPrivate(1, "/history 21")).contains("за последний 21 день");
        assertThat(inPrivate(1, "/history 22")).contains("за последние 22 дня");
        assertThat(inPrivate(1, "/history 25")).contains("за последние 25 дней");
        assertThat(inPrivate(1, "/history 11")).contains("за последние 11 дней");
        assertThat(inPrivate(1, "/history 2")).contains("за последние 2 дня");
        // Beyond what /history allows, the same forms: 111 is "дней", 101 is "последний … день".
        assertThat(texts.format("history.header", texts.plural("plural.last", 111), texts.count("plural.days", 111)))
                .contains("за последние 111 дней");
        assertThat(texts.format("history.header", texts.plural("plural.last", 101), texts.count("plural.days", 101)))
                .contains("за последний 101 день");
    }

    @Test
    void anUnknownZoneIsRefusedWithExamplesOfEachForm() {
        assertThat(inPrivate(1, "/timezone Mars/Olympus"))
                .contains("Не знаю часового пояса «Mars/Olympus»", "/timezone Москва", "/timezone Europe/Berlin", "/timezone UTC+3");
        assertThat(store.find(1)).isEmpty();
    }

    @Test
    void settingsShowSubscriptionTimeZoneAndNextDelivery() {
        assertThat(inPrivate(1, "/settings")).contains("не оформлена", "09:00", "Europe/Moscow",
                "сейчас там 07:00");
        inPrivate(1, "/subscribe 09:00");
        assertThat(inPrivate(1, "/settings")).contains("включена", "Ближайшая статья — сегодня в 09:00 (через 2 ч)");
        deliveries.claim(1, LocalDate.of(2026, 5, 10));
        deliveries.markSent(1, LocalDate.of(2026, 5, 10), 5);
        assertThat(inPrivate(1, "/settings")).contains("завтра, 11 мая, в 09:00 (через 26 ч)");
        store.deactivate(1, Subscription.InactiveReason.FORBIDDEN, "Forbidden: bot was blocked by the user");
        assertThat(inPrivate(1, "/settings")).contains("приостановлена 10 мая", "меня заблокировали");
    }

    @Test
    void inGroupsOnlyAdministratorsChangeTheSubscription() {
        verdict = ChatAdmins.Verdict.DENIED;
        assertThat(inGroup(5L, "/subscribe", null)).contains("администраторы");
        assertThat(inGroup(5L, "/timezone Europe/Berlin", null)).contains("администраторы");
        assertThat(inGroup(5L, "/unsubscribe", null)).contains("администраторы");
        assertThat(store.find(GROUP)).isEmpty();
        assertThat(adminChecks).containsOnly(GROUP + ":5");

        assertThat(inGroup(5L, "/settings", null)).as("anyone may look").contains("не оформлена");
        assertThat(inGroup(5L, "/timezone", null)).as("and see the zone").contains("Europe/Moscow", "сейчас там 07:00");
        assertThat(adminChecks).as("looking needs no check").containsOnly(GROUP + ":5");

        verdict = ChatAdmins.Verdict.ALLOWED;
        assertThat(inGroup(6L, "/subscribe 10:00", null)).contains("Подписка оформлена");
        assertThat(store.find(GROUP).orElseThrow().active()).isTrue();
    }

    @Test
    void anAnonymousAdminPostsAsTheGroupAndMayChangeIt() {
        assertThat(inGroup(null, "/subscribe", GROUP)).contains("Подписка оформлена");
        assertThat(adminChecks).as("no need to ask Telegram").isEmpty();
        assertThat(inGroup(null, "/unsubscribe", -100999L)).as("a channel is not an admin")
                .contains("администраторы");
    }

    @Test
    void whenTelegramCannotSayTheUserIsAskedToRetry() {
        verdict = ChatAdmins.Verdict.UNKNOWN;
        assertThat(inGroup(5L, "/subscribe", null)).contains("Не удалось проверить");
        assertThat(store.find(GROUP)).isEmpty();
    }

    @Test
    void historyListsThePapersOfTheLastDaysInTheChatsZone() {
        List<BotApiMethod<?>> replies = bot.router().route(Updates.parse(Updates.privateText(1, "/history")));
        SendMessage m = (SendMessage) replies.get(0);
        assertThat(m.getText()).contains("за последние 7 дней", "10 мая</b> · сегодня", "4 мая");
        for (int i = 0; i < 7; i++) {
            String title = org.paperbot.render.Html.escape(screens.daily().pick(CATALOG, LocalDate.of(2026, 5, 10).minusDays(i)).title());
            assertThat(m.getText()).contains(title);
        }
        assertThat(m.getText()).doesNotContain("3 мая");
        assertThat(m.getReplyMarkup()).isNotNull();
        // In Tokyo it is already 13:00 on the same day; in Honolulu still 9 May.
        store.setZone(1, ZoneId.of("Pacific/Honolulu"));
        assertThat(inPrivate(1, "/history 3")).contains("9 мая</b> · сегодня", "7 мая").doesNotContain("10 мая");
        assertThat(inPrivate(1, "/history 30")).contains("за последние 30 дней");
    }

    @Test
    void aBadNumberOfDaysIsExplainedWithTheRangeAndAnExample() {
        for (String bad : new String[] {"0", "1", "31", "1000", "-5", "abc", "7 дней"}) {
            assertThat(inPrivate(1, "/history " + bad)).as(bad)
                    .isEqualTo(texts.format("arg.days", "/history", bad, 2, 30))
                    .contains("Не понимаю число дней «" + bad + "»", "от 2 до 30", "/history 14");
        }
    }
}
