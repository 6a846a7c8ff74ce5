package org.paperbot.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A fresh fake Bot API and the real bot talking to it, for each test: {@code @RegisterExtension BotFixture fixture =
 * new BotFixture();}, then {@code fixture.api()}.
 */
public final class BotFixture implements BeforeEachCallback, AfterEachCallback {
    private FakeBotApi api;
    private RunningBot bot;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        Path dataDir = Files.createTempDirectory("paperbot-test");
        api = FakeBotApi.start();
        bot = RunningBot.start(RunningBot.env(api, dataDir), Clock.systemUTC());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (bot != null) {
            bot.stop();
        }
        if (api != null) {
            api.close();
        }
    }

    public FakeBotApi api() {
        return api;
    }

    public RunningBot bot() {
        return bot;
    }
}
