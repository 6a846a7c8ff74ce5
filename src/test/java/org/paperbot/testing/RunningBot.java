package org.paperbot.testing;

import org.paperbot.PaperBot;
import org.paperbot.config.BotConfig;
import org.paperbot.config.BotToken;
import org.paperbot.config.ConfigLoader;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** The real bot wiring, started against a {@link FakeBotApi} with test settings given as environment overrides. */
public final class RunningBot implements AutoCloseable {
    private final PaperBot bot;

    private RunningBot(PaperBot bot) {
        this.bot = bot;
    }

    public static Map<String, String> env(FakeBotApi api, Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("TELEGRAM_API_URL", api.url());
        env.put("TELEGRAM_BOT_TOKEN", FakeBotApi.TOKEN);
        env.put("TELEGRAM_POLL_TIMEOUT", "1");
        env.put("PAPERBOT_DATA_DIR", dataDir.toString());
        env.put("PAPERBOT_CATALOG", BotFixture.CATALOG);
        if (TestDatabases.postgres()) {
            // The build's postgres run: the data directory's own database on the test server (see TestDatabases).
            env.putAll(postgres(dataDir));
        }
        return env;
    }

    /** The settings that put a bot with this data directory on the test PostgreSQL server. */
    public static Map<String, String> postgres(Path dataDir) {
        PostgresServer server = PostgresServer.shared();
        return Map.of("PAPERBOT_DATABASE_URL", TestDatabases.urlOf(dataDir, server),
                "PAPERBOT_DATABASE_USER", server.user(),
                "PAPERBOT_DATABASE_PASSWORD", server.password());
    }

    public static RunningBot start(Map<String, String> env, Clock clock) {
        BotConfig config = ConfigLoader.load(env);
        BotToken token = ConfigLoader.token(env);
        PaperBot bot = PaperBot.start(config, token, clock, new CountDownLatch(1));
        return new RunningBot(bot);
    }

    public PaperBot bot() {
        return bot;
    }

    public void stop() {
        bot.stop(Duration.ofSeconds(5));
    }

    public void kill() {
        bot.kill();
    }

    @Override
    public void close() {
        stop();
    }
}
