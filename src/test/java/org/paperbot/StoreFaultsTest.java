package org.paperbot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.config.BotConfig;
import org.paperbot.config.ConfigLoader;
import org.paperbot.store.Database;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.FullDisk;
import org.paperbot.store.Subscription;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.RunningBot;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's faults as a user and an operator meet them: through the bot's handlers, the running bot and /healthz. */
class StoreFaultsTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final long USER = 900_000_001L;

    @TempDir
    Path dataDir;

    static String reply(Wiring.Offline bot, long user, String text) {
        List<BotApiMethod<?>> replies = bot.handlers().router().route(Updates.parse(Updates.privateText(user, text)));
        assertThat(replies).hasSize(1);
        return ((SendMessage) replies.get(0)).getText();
    }

    static SubscriptionStore store(Database db) {
        return new SubscriptionStore(db, Clock.systemUTC(), LocalTime.of(9, 0), ZoneId.of("Europe/Moscow"));
    }

    @Test
    void subscribeOnAFullDiskGetsTheApologyWithNothingSavedAndWorksOnceSpaceIsFree() {
        BotConfig config = ConfigLoader.load(Map.of("PAPERBOT_CATALOG", "config/papers.json",
                "PAPERBOT_DATA_DIR", dataDir.toString()));
        FullDisk disk = new FullDisk();
        Database db = disk.open(dataDir);
        Clock clock = Clock.fixed(Instant.parse("2026-05-10T04:00:00Z"), ZoneOffset.UTC);
        Wiring.Stores stores = Wiring.Stores.over(db, config, clock);
        Wiring.Offline bot = Wiring.offline(config, stores, new CatalogLoader().load(config.catalogPath()), clock,
                FakeBotApi.BOT_USERNAME);
        disk.fill(db, stores.subscriptions());

        assertThat(reply(bot, USER, "/subscribe")).startsWith("Что-то пошло не так");
        assertThat(stores.subscriptions().find(USER)).as("told it failed: nothing saved").isEmpty();

        disk.free(db);
        assertThat(reply(bot, USER, "/subscribe")).contains("Подписка оформлена");
        assertThat(reply(bot, USER, "/timezone Asia/Tokyo")).contains("Asia/Tokyo");
        db.close();
        try (Database reopened = Database.open(dataDir)) {
            Subscription saved = store(reopened).find(USER).orElseThrow();
            assertThat(saved.active()).isTrue();
            assertThat(saved.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        }
    }

    @Test
    void aDatabaseFileDeletedUnderTheRunningBotTurnsHealthRedAndLosesNothing() throws Exception {
        try (FakeBotApi api = FakeBotApi.start()) {
            Map<String, String> env = RunningBot.env(api, dataDir);
            env.put("PAPERBOT_HTTP_PORT", String.valueOf(OperationsTest.freePort()));
            env.put("PAPERBOT_HTTP_HOST", "127.0.0.1");
            try (RunningBot bot = RunningBot.start(env, Clock.systemUTC())) {
                int port = bot.bot().httpPort();
                api.push(Updates.privateText(41, "/subscribe"));
                api.await("sendMessage", c -> c.chatId() == 41 && c.text().contains("Подписка оформлена"), WAIT);

                Files.delete(dataDir.resolve(Database.FILE_NAME));
                api.push(Updates.privateText(42, "/subscribe"));
                api.await("sendMessage", c -> c.chatId() == 42 && c.text().contains("Подписка оформлена"), WAIT);

                var health = OperationsTest.get(port, "/healthz");
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("\"database\":\"database file ").contains("was deleted while the bot was running");
                assertThat(Files.exists(dataDir.resolve(Database.FILE_NAME))).as("restored").isTrue();

                api.push(Updates.privateText(43, "/subscribe"));
                api.await("sendMessage", c -> c.chatId() == 43 && c.text().contains("Подписка оформлена"), WAIT);
            }
        }
        try (Database db = Database.open(dataDir)) {
            assertThat(new DeliveryStore(db, Clock.systemUTC()).activeAfter(DeliveryStore.Page.START, 1_000).rows()).extracting(DeliveryStore.Candidate::chatId)
                    .containsExactly(41L, 42L, 43L);
        }
    }
}
