package org.paperbot.daily;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.testing.BotApiLimits;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.FakeBotApi.Call;
import org.paperbot.testing.RunningBot;
import org.paperbot.testing.Updates;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delivery settings through the whole bot over the fake Bot API: buttons pressed as Telegram sends presses, the
 * settings kept across a restart, and the daily push honouring them (disable_notification on the wire, no card on
 * Saturday for weekdays only, none while paused). The clock is moved by the test; the scheduler ticks every second.
 */
class DeliverySettingsEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    /** Friday 15 May 2026, 07:00 in Moscow. */
    static final Instant FRIDAY_MORNING = Instant.parse("2026-05-15T04:00:00Z");
    static final String FRIDAY_CARD = "📅 <b>Статья дня</b> · 15 мая 2026";
    static final String SATURDAY_CARD = "📅 <b>Статья дня</b> · 16 мая 2026";
    static final long QUIET = 601;
    static final long LOUD = 602;
    static final long PAUSED = 603;

    @TempDir
    Path dataDir;
    FakeBotApi api;
    final MutableClock clock = new MutableClock(FRIDAY_MORNING);
    final List<RunningBot> bots = new ArrayList<>();
    private final List<Call> seen = new ArrayList<>();

    @BeforeEach
    void startApi() {
        api = FakeBotApi.start();
    }

    @AfterEach
    void stopAll() {
        bots.forEach(RunningBot::stop);
        assertThat(BotApiLimits.checkAll(api.calls())).as("every request within Bot API limits").isEmpty();
        api.close();
    }

    private RunningBot startBot() {
        Map<String, String> env = RunningBot.env(api, dataDir);
        env.put("PAPERBOT_DAILY_TICK", "1");
        RunningBot bot = RunningBot.start(env, clock);
        bots.add(bot);
        return bot;
    }

    private Call await(String method, long chat, String contains) {
        Call c = api.await(method, x -> x.chatId() == chat && x.text() != null && x.text().contains(contains)
                && !seen.contains(x), WAIT);
        seen.add(c);
        return c;
    }

    private String reply(long user, String text, String expected) {
        api.push(Updates.privateText(user, text));
        return await("sendMessage", user, expected).text();
    }

    private static boolean silent(Call c) {
        return c.body().path("disable_notification").asBoolean(false);
    }

    private List<Call> cards(long chat, String header) {
        return api.calls("sendMessage").stream().filter(c -> c.chatId() == chat && c.text() != null
                && c.text().startsWith(header)).toList();
    }

    @Test
    void settingsChosenByButtonSurviveARestartAndThePushHonoursThem() {
        RunningBot bot = startBot();
        for (long user : new long[] {QUIET, LOUD, PAUSED}) {
            reply(user, "/subscribe", "Подписка оформлена");
        }
        // ⚙️ under the daily card opens the settings; its buttons edit that message in place.
        api.push(Updates.callback(QUIET, 10, "settings"));
        assertThat(await("sendMessage", QUIET, "Подписка: включена").text()).contains("🔔 со звуком", "каждый день");
        api.push(Updates.callback(QUIET, 11, "ds:silent"));
        assertThat(await("editMessageText", QUIET, "🔕 без звука").body().path("message_id").asInt()).isEqualTo(11);
        api.push(Updates.callback(QUIET, 11, "ds:weekdays"));
        await("editMessageText", QUIET, "только будни");
        assertThat(reply(PAUSED, "/pause 1", "Пауза")).contains("Пауза до 15 мая включительно", "завтра, 16 мая, в 09:00");

        bot.stop();
        bots.remove(bot);
        bot = startBot();
        assertThat(reply(QUIET, "/settings", "Подписка: включена")).as("kept across the restart")
                .contains("🔕 без звука", "только будни");

        clock.set(Instant.parse("2026-05-15T06:00:30Z")); // Friday 09:00:30 in Moscow
        Call quiet = api.await("sendMessage", c -> c.chatId() == QUIET && c.text().startsWith(FRIDAY_CARD), WAIT);
        Call loud = api.await("sendMessage", c -> c.chatId() == LOUD && c.text().startsWith(FRIDAY_CARD), WAIT);
        assertThat(silent(quiet)).as("disable_notification on the wire").isTrue();
        assertThat(silent(loud)).isFalse();
        List<String> buttons = quiet.body().path("reply_markup").findValuesAsText("callback_data");
        assertThat(buttons).as("the daily card's own buttons").contains("settings", "unsub");
        assertThat(bot.bot().scheduler().runDue().planned()).as("the paused chat is not due").isZero();
        assertThat(cards(PAUSED, FRIDAY_CARD)).isEmpty();

        clock.set(Instant.parse("2026-05-16T06:00:30Z")); // Saturday 09:00:30
        api.await("sendMessage", c -> c.chatId() == LOUD && c.text().startsWith(SATURDAY_CARD), WAIT);
        api.await("sendMessage", c -> c.chatId() == PAUSED && c.text().startsWith(SATURDAY_CARD), WAIT);
        assertThat(bot.bot().scheduler().runDue().planned()).as("weekdays only: nothing for Saturday").isZero();
        assertThat(cards(QUIET, SATURDAY_CARD)).isEmpty();
    }

    @Test
    void unsubscribingUnderTheCardAndComingBackByButton() {
        startBot();
        reply(LOUD, "/subscribe 08:30", "Подписка оформлена");
        api.push(Updates.callback(LOUD, 20, "unsub"));
        Call gone = await("sendMessage", LOUD, "Подписка отменена");
        assertThat(gone.body().path("reply_markup").findValuesAsText("callback_data")).containsExactly("resub");
        assertThat(reply(LOUD, "/settings", "Подписка:")).contains("отменена");
        api.push(Updates.callback(LOUD, 21, "resub"));
        assertThat(await("editMessageText", LOUD, "Подписка оформлена").text()).contains("08:30");
        assertThat(reply(LOUD, "/settings", "Подписка:")).contains("включена", "08:30");
    }
}
