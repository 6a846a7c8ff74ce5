package org.paperbot.bot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.catalog.Catalog;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.render.Texts;
import org.paperbot.store.DeliverySettings;
import org.paperbot.testing.TestPapers;
import org.paperbot.testing.TestRouter;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** /settings, /pause, /resume and the settings buttons, through the real router and command table over SQLite. */
class DeliverySettingsCommandsTest {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    /** Sunday 10 May 2026, 07:00 in Moscow. */
    static final Instant NOW = Instant.parse("2026-05-10T04:00:00Z");
    static final LocalDate MAY_10 = LocalDate.of(2026, 5, 10);
    static final long USER = 501;
    static final long GROUP = -100900;
    static final long GROUP_ADMIN = 7;
    static final long MEMBER = 8;
    static final int MESSAGE = 44;

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final Catalog catalog = TestPapers.realCatalog();
    final Screens screens = Screens.of(Texts.russian(), "paperbot_test_bot", org.paperbot.testing.Dailies.inMemory(), 8,
            RandomGenerator.getDefault());
    final TestRouter bot = new TestRouter(catalog, screens, "paperbot_test_bot", clock, id -> false,
            (chat, user) -> chat == GROUP && user == GROUP_ADMIN ? ChatAdmins.Verdict.ALLOWED : ChatAdmins.Verdict.DENIED, null);
    private int queries;

    @AfterEach
    void close() {
        bot.close();
    }

    String say(long user, String text) {
        return Replied.onlySend(bot.router().route(Updates.parse(Updates.privateText(user, text)))).getText();
    }

    SendMessage sayInGroup(long user, String text) {
        return Replied.onlySend(bot.router().route(Updates.parse(Updates.groupText(GROUP, user, text))));
    }

    List<BotApiMethod<?>> press(long user, String data) {
        return press(user, Updates.privateChat(user), data);
    }

    List<BotApiMethod<?>> pressInGroup(long user, String data) {
        return press(user, Updates.groupChat(GROUP), data);
    }

    private List<BotApiMethod<?>> press(long user, java.util.Map<String, Object> chat, String data) {
        List<BotApiMethod<?>> out = bot.router().route(Updates.parse(Updates.callback("q" + (++queries), user, chat, MESSAGE,
                NOW.getEpochSecond(), data)));
        assertThat(out).isNotEmpty();
        Replied.answer(out.get(0)); // every press is answered first
        return out;
    }

    static EditMessageText edited(List<BotApiMethod<?>> out) {
        assertThat(out).hasSize(2);
        assertThat(out.get(1)).isInstanceOf(EditMessageText.class);
        EditMessageText e = (EditMessageText) out.get(1);
        assertThat(e.getMessageId()).isEqualTo(MESSAGE);
        return e;
    }

    static List<String> labels(BotApiMethod<?> reply) {
        var markup = reply instanceof SendMessage m ? m.getReplyMarkup() : ((EditMessageText) reply).getReplyMarkup();
        return Replied.rows(markup).stream().flatMap(List::stream).map(b -> b.getText()).toList();
    }

    @Test
    void pauseAloneExplainsAndABadNumberIsNamed() {
        assertThat(say(USER, "/pause")).contains("/pause 7", "от 1 до 90", "/resume");
        for (String bad : List.of("0", "91", "abc", "-3")) {
            assertThat(say(USER, "/pause " + bad)).as(bad).contains("«" + bad + "»", "от 1 до 90");
        }
        assertThat(say(USER, "/pause 7")).as("nothing to pause").contains("Подписки нет", "/subscribe");
        assertThat(say(USER, "/resume")).contains("Подписки нет");
    }

    @Test
    void pauseSevenDaysShowsItsEndAndTheNextCardAndResumeEndsIt() {
        say(USER, "/subscribe");
        assertThat(say(USER, "/pause 7")).contains("Пауза до 16 мая включительно", "Ближайшая — 17 мая в 09:00", "/resume");
        assertThat(bot.deliverySettings().get(USER).resumeOn()).contains(MAY_10.plusDays(7));
        SendMessage settings = Replied.onlySend(bot.router().route(Updates.parse(Updates.privateText(USER, "/settings"))));
        assertThat(settings.getText()).contains("Пауза: до 16 мая включительно", "Ближайшая статья — 17 мая в 09:00 (через 7 д 2 ч)");
        assertThat(labels(settings)).contains("▶️ Возобновить");
        assertThat(say(USER, "/resume")).contains("Пауза снята", "сегодня в 09:00");
        assertThat(say(USER, "/resume")).contains("Паузы нет", "сегодня в 09:00");
        assertThat(say(USER, "/subscribe")).as("the next delivery everywhere follows the settings").contains("сегодня в 09:00");
    }

    @Test
    void theSettingsScreenTogglesInPlaceAndTheNextCardFollows() {
        say(USER, "/subscribe");
        SendMessage screen = Replied.onlySend(bot.router().route(Updates.parse(Updates.privateText(USER, "/settings"))));
        assertThat(screen.getText()).contains("Подписка: включена", "🔔 со звуком", "каждый день", "сегодня в 09:00");
        assertThat(labels(screen)).containsExactly("🔕 Без звука", "📅 Только будни", "⏸ Пауза на 7 дней", "🕘 Время");

        EditMessageText silent = edited(press(USER, "ds:silent"));
        assertThat(silent.getText()).contains("🔕 без звука");
        assertThat(labels(silent)).contains("🔔 Со звуком");
        assertThat(bot.deliverySettings().get(USER).silent()).isTrue();
        assertThat(edited(press(USER, "ds:silent")).getText()).as("an old copy's button sets, never flips back")
                .contains("🔕 без звука");

        EditMessageText weekdays = edited(press(USER, "ds:weekdays"));
        assertThat(weekdays.getText()).as("Sunday: Monday's card is next").contains("только будни", "завтра, 11 мая, в 09:00");
        assertThat(labels(weekdays)).contains("📅 Каждый день");

        EditMessageText paused = edited(press(USER, "ds:pause"));
        assertThat(paused.getText()).contains("Пауза: до 16 мая включительно", "18 мая в 09:00");
        assertThat(edited(press(USER, "ds:resume")).getText()).doesNotContain("Пауза:");
        assertThat(edited(press(USER, "ds:loud")).getText()).contains("🔔 со звуком");
        assertThat(bot.deliverySettings().get(USER)).isEqualTo(new DeliverySettings(false, true, Optional.empty()));
    }

    @Test
    void theTimeIsChosenByButtonsOrTyped() {
        say(USER, "/subscribe");
        EditMessageText picker = edited(press(USER, "ds:times"));
        assertThat(picker.getText()).contains("09:00", "в 24-часовом формате", "/subscribe 08:30");
        assertThat(labels(picker)).containsExactly("07:00", "08:00", "• 09:00 •", "10:00", "12:00", "18:00", "21:00",
                "✏️ Другое время", "◀️ Назад");
        assertThat(Replied.answer(press(USER, "ds:other_time").get(0)).getText()).contains("/subscribe 08:30");

        List<BotApiMethod<?>> chosen = press(USER, "dt:1800");
        assertThat(Replied.answer(chosen.get(0)).getText()).contains("18:00");
        assertThat(edited(chosen).getText()).contains("Время: 18:00", "сегодня в 18:00");
        assertThat(bot.subscriptions().settings(USER).time()).isEqualTo(LocalTime.of(18, 0));
        assertThat(edited(press(USER, "ds:back")).getText()).contains("Время: 18:00");
    }

    @Test
    void unsubscribingByButtonOffersToComeBack() {
        say(USER, "/subscribe 08:30");
        bot.deliverySettings().set(USER, DeliverySettings.DEFAULTS.withSilent(true));
        List<BotApiMethod<?>> out = press(USER, "unsub");
        assertThat(out).hasSize(2);
        SendMessage gone = (SendMessage) out.get(1);
        assertThat(gone.getText()).contains("Подписка отменена");
        assertThat(labels(gone)).containsExactly("🔔 Подписаться снова");
        assertThat(Replied.callbackData(gone)).containsExactly("resub");
        assertThat(bot.subscriptions().settings(USER).active()).isFalse();

        assertThat(edited(press(USER, "resub")).getText()).contains("Подписка оформлена", "08:30");
        assertThat(bot.subscriptions().settings(USER).active()).isTrue();
        assertThat(bot.deliverySettings().get(USER).silent()).as("settings kept").isTrue();
    }

    @Test
    void withoutASubscriptionTheScreenOffersToSubscribe() {
        SendMessage screen = Replied.onlySend(bot.router().route(Updates.parse(Updates.privateText(USER, "/settings"))));
        assertThat(screen.getText()).contains("не оформлена").doesNotContain("Уведомление");
        assertThat(labels(screen)).containsExactly("🔔 Подписаться", "🕘 Время");
        List<BotApiMethod<?>> stale = press(USER, "ds:silent");
        assertThat(Replied.answer(stale.get(0)).getText()).contains("Сначала подпишитесь");
        assertThat(bot.deliverySettings().get(USER)).isEqualTo(DeliverySettings.DEFAULTS);
    }

    @Test
    void inAGroupOnlyItsAdminsChangeSettingsByButtonAsByCommand() {
        assertThat(sayInGroup(GROUP_ADMIN, "/subscribe").getText()).contains("Подписка оформлена");
        assertThat(sayInGroup(MEMBER, "/pause 3").getText()).contains("администраторы");
        assertThat(sayInGroup(MEMBER, "/pause").getText()).as("anyone may read the explanation").contains("/pause 7");
        assertThat(sayInGroup(MEMBER, "/settings").getText()).as("anyone may look").contains("включена");

        List<BotApiMethod<?>> opened = pressInGroup(MEMBER, "settings");
        assertThat(opened).hasSize(2);
        assertThat(((SendMessage) opened.get(1)).getText()).contains("Подписка: включена");
        for (String data : List.of("ds:silent", "ds:times", "dt:0700", "unsub", "resub")) {
            List<BotApiMethod<?>> refused = pressInGroup(MEMBER, data);
            assertThat(refused).as(data).hasSize(1);
            assertThat(Replied.answer(refused.get(0)).getText()).as(data).contains("администраторы группы");
        }
        assertThat(bot.deliverySettings().get(GROUP)).isEqualTo(DeliverySettings.DEFAULTS);
        assertThat(bot.subscriptions().settings(GROUP).active()).isTrue();

        assertThat(edited(pressInGroup(GROUP_ADMIN, "ds:silent")).getText()).contains("🔕 без звука");
        assertThat(bot.deliverySettings().get(GROUP).silent()).isTrue();
        assertThat(sayInGroup(GROUP_ADMIN, "/pause 3").getText()).contains("Пауза до 12 мая включительно");
    }

    @Test
    void onlyTheDeliveredDailyCardCarriesTheSettingsButtons() {
        List<String> delivered = Replied.callbackData(screens.daily().delivered(catalog, MAY_10).keyboard());
        assertThat(delivered).contains("settings", "unsub");
        assertThat(Replied.callbackData(screens.daily().ofDate(catalog, MAY_10).keyboard())).doesNotContain("settings", "unsub");
        assertThat(Replied.callbackData(screens.cards().card(catalog, catalog.papers().get(0)).keyboard()))
                .doesNotContain("settings", "unsub");
    }
}
