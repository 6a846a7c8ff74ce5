package org.paperbot.bot;

import org.paperbot.library.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.render.Texts;
import org.paperbot.store.Database;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.Subscription;
import org.paperbot.store.SubscriptionStore;
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
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionCommandsTest {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    /** 10 May 2026, 07:00 in Moscow. */
    static final Instant NOW = Instant.parse("2026-05-10T04:00:00Z");
    static final Catalog CATALOG = new CatalogLoader().load(Path.of("config/papers.json"));
    static final long GROUP = -100777;

    final Database db = Database.inMemory();
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final Texts texts = Texts.russian();
    final Views views = new Views(texts, "paperbot_test_bot", new PaperOfTheDay(), clock, MOSCOW, 8, RandomGenerator.getDefault());
    final SubscriptionStore store = new SubscriptionStore(db, clock, LocalTime.of(9, 0), MOSCOW);
    final DeliveryStore deliveries = new DeliveryStore(db, clock);
    final List<String> adminChecks = new ArrayList<>();
    ChatAdmins.Verdict verdict = ChatAdmins.Verdict.DENIED;
    final SubscriptionCommands commands = new SubscriptionCommands(views, store, deliveries, (chat, user) -> {
        adminChecks.add(chat + ":" + user);
        return verdict;
    }, clock);

    @AfterEach
    void close() {
        db.close();
    }

    static CommandRequest inPrivate(long user, String args) {
        return new CommandRequest(Snapshot.of(CATALOG), user, true, user, args, 1, null);
    }

    static CommandRequest inGroup(Long user, String args, Long senderChat) {
        return new CommandRequest(Snapshot.of(CATALOG), GROUP, false, user, args, 1, senderChat);
    }

    static String text(List<BotApiMethod<?>> replies) {
        assertThat(replies).hasSize(1);
        return ((SendMessage) replies.get(0)).getText();
    }

    @Test
    void subscribeWithTheDefaultTimeTellsWhenTheFirstCardComes() {
        String reply = text(commands.subscribe(inPrivate(1, "")));
        assertThat(reply).contains("Подписка оформлена", "09:00", "Europe/Moscow", "сегодня в 09:00", "/unsubscribe");
        Subscription s = store.find(1).orElseThrow();
        assertThat(s.active()).isTrue();
        assertThat(s.time()).isEqualTo(LocalTime.of(9, 0));
    }

    @Test
    void subscribeWithATimeAndChangingIt() {
        assertThat(text(commands.subscribe(inPrivate(1, "8:30")))).contains("Подписка оформлена", "08:30");
        assertThat(text(commands.subscribe(inPrivate(1, "06.15")))).contains("Время изменено", "06:15", "через несколько минут");
        assertThat(text(commands.subscribe(inPrivate(1, "")))).contains("уже оформлена", "06:15");
        assertThat(store.find(1).orElseThrow().time()).isEqualTo(LocalTime.of(6, 15));
    }

    @Test
    void anInvalidTimeGetsAClearAnswerWithAnExample() {
        for (String bad : new String[] {"25:00", "9:60", "утром", "9 утра", "-1", "12:5"}) {
            assertThat(text(commands.subscribe(inPrivate(1, bad))))
                    .as(bad).contains("Не понимаю время", "/subscribe 08:30");
        }
        assertThat(store.find(1)).isEmpty();
        assertThat(text(commands.subscribe(inPrivate(1, "<b>x</b>")))).contains("&lt;b&gt;");
    }

    @Test
    void parsesTimesOnA24HourClock() {
        assertThat(SubscriptionCommands.parseTime("8")).contains(LocalTime.of(8, 0));
        assertThat(SubscriptionCommands.parseTime("08:30")).contains(LocalTime.of(8, 30));
        assertThat(SubscriptionCommands.parseTime(" 23.59 ")).contains(LocalTime.of(23, 59));
        assertThat(SubscriptionCommands.parseTime("0:00")).contains(LocalTime.MIDNIGHT);
        assertThat(SubscriptionCommands.parseTime("24:00")).isEmpty();
        assertThat(SubscriptionCommands.parseTime("123")).isEmpty();
    }

    @Test
    void unsubscribeKeepsSettingsAndSaysHowToComeBack() {
        commands.subscribe(inPrivate(1, "07:45"));
        assertThat(text(commands.unsubscribe(inPrivate(1, "")))).contains("Подписка отменена", "/subscribe");
        assertThat(text(commands.unsubscribe(inPrivate(1, "")))).contains("Подписки нет");
        assertThat(text(commands.settings(inPrivate(1, "")))).contains("отменена 10 мая", "07:45");
        assertThat(text(commands.subscribe(inPrivate(1, "")))).contains("Подписка оформлена", "07:45");
    }

    @Test
    void timezoneAcceptsIanaIdsAndCities() {
        assertThat(text(commands.timezone(inPrivate(1, "")))).contains("Europe/Moscow", "07:00", "/timezone Europe/Berlin");
        assertThat(text(commands.timezone(inPrivate(1, "Europe/Berlin")))).contains("Europe/Berlin", "06:00");
        assertThat(store.find(1).orElseThrow().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(store.find(1).orElseThrow().active()).as("set before subscribing").isFalse();
        commands.subscribe(inPrivate(1, ""));
        assertThat(text(commands.timezone(inPrivate(1, "asia/novosibirsk")))).contains("Asia/Novosibirsk", "11:00",
                "Ближайшая статья дня");
        assertThat(SubscriptionCommands.parseZone("New York").zone()).contains(ZoneId.of("America/New_York"));
        assertThat(SubscriptionCommands.parseZone("UTC").zone()).contains(ZoneId.of("UTC"));
    }

    @Test
    void anUnknownZoneOrAnOffsetIsRefusedWithAnExample() {
        for (String bad : new String[] {"Mars/Olympus", "+03:00", "MSK", "GMT+3", ""}) {
            assertThat(SubscriptionCommands.parseZone(bad).zone()).as(bad).isEmpty();
        }
        assertThat(text(commands.timezone(inPrivate(1, "Mars/Olympus"))))
                .contains("Не знаю часового пояса «Mars/Olympus»", "/timezone Europe/Berlin");
        assertThat(store.find(1)).isEmpty();
    }

    @Test
    void settingsShowSubscriptionTimeZoneAndNextDelivery() {
        assertThat(text(commands.settings(inPrivate(1, "")))).contains("не оформлена", "09:00", "Europe/Moscow",
                "сейчас там 07:00");
        commands.subscribe(inPrivate(1, "09:00"));
        assertThat(text(commands.settings(inPrivate(1, "")))).contains("включена", "Ближайшая статья: сегодня в 09:00");
        deliveries.claim(1, LocalDate.of(2026, 5, 10), "p");
        deliveries.markSent(1, LocalDate.of(2026, 5, 10), 5);
        assertThat(text(commands.settings(inPrivate(1, "")))).contains("завтра, 11 мая, в 09:00");
        store.deactivate(1, Subscription.InactiveReason.FORBIDDEN, "Forbidden: bot was blocked by the user");
        assertThat(text(commands.settings(inPrivate(1, "")))).contains("приостановлена 10 мая", "заблокирован");
    }

    @Test
    void inGroupsOnlyAdministratorsChangeTheSubscription() {
        verdict = ChatAdmins.Verdict.DENIED;
        assertThat(text(commands.subscribe(inGroup(5L, "", null)))).contains("администраторы");
        assertThat(text(commands.timezone(inGroup(5L, "Europe/Berlin", null)))).contains("администраторы");
        assertThat(text(commands.unsubscribe(inGroup(5L, "", null)))).contains("администраторы");
        assertThat(store.find(GROUP)).isEmpty();
        assertThat(adminChecks).containsOnly(GROUP + ":5");

        assertThat(text(commands.settings(inGroup(5L, "", null)))).as("anyone may look").contains("не оформлена");

        verdict = ChatAdmins.Verdict.ALLOWED;
        assertThat(text(commands.subscribe(inGroup(6L, "10:00", null)))).contains("Подписка оформлена");
        assertThat(store.find(GROUP).orElseThrow().active()).isTrue();
    }

    @Test
    void anAnonymousAdminPostsAsTheGroupAndMayChangeIt() {
        assertThat(text(commands.subscribe(inGroup(null, "", GROUP)))).contains("Подписка оформлена");
        assertThat(adminChecks).as("no need to ask Telegram").isEmpty();
        assertThat(text(commands.unsubscribe(inGroup(null, "", -100999L)))).as("a channel is not an admin")
                .contains("администраторы");
    }

    @Test
    void whenTelegramCannotSayTheUserIsAskedToRetry() {
        verdict = ChatAdmins.Verdict.UNKNOWN;
        assertThat(text(commands.subscribe(inGroup(5L, "", null)))).contains("Не удалось проверить");
        assertThat(store.find(GROUP)).isEmpty();
    }

    @Test
    void historyListsThePapersOfTheLastDaysInTheChatsZone() {
        List<BotApiMethod<?>> replies = commands.history(inPrivate(1, ""));
        SendMessage m = (SendMessage) replies.get(0);
        PaperOfTheDay potd = new PaperOfTheDay();
        assertThat(m.getText()).contains("за последние 7 дней", "10 мая</b> · сегодня", "4 мая");
        for (int i = 0; i < 7; i++) {
            String title = org.paperbot.render.Html.escape(potd.forDate(CATALOG, LocalDate.of(2026, 5, 10).minusDays(i)).title());
            assertThat(m.getText()).contains(title);
        }
        assertThat(m.getText()).doesNotContain("3 мая");
        assertThat(m.getReplyMarkup()).isNotNull();
        // In Tokyo it is already 13:00 on the same day; in Honolulu still 9 May.
        store.setZone(1, ZoneId.of("Pacific/Honolulu"));
        assertThat(text(commands.history(inPrivate(1, "3")))).contains("9 мая</b> · сегодня", "7 мая").doesNotContain("10 мая");
        assertThat(text(commands.history(inPrivate(1, "1000")))).contains("за последние 30 дней");
    }
}
