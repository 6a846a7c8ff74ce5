package org.paperbot.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.paperbot.catalog.CatalogLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fake Bot API and the real bot talking to it, over a fresh data directory. As an instance field ({@code
 * @RegisterExtension final BotFixture fixture = new BotFixture();}) each test gets its own bot; as a static field,
 * the tests of the class share one. The fake API exists from construction, so {@code final FakeBotApi api =
 * fixture.api();} works as a field initializer; the bot starts before the test(s). At the end every request the
 * bot made is checked against Telegram's limits ({@link BotApiLimits}).
 */
public final class BotFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    public static final Duration WAIT = Duration.ofSeconds(10);
    static final String CATALOG = "config/papers.json";

    private final FakeBotApi api = FakeBotApi.start();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final AtomicLong users = new AtomicLong(1000);
    private Clock clock = Clock.systemUTC();
    private boolean perClass;
    private Path dataDir;
    private RunningBot bot;

    /** A setting for the bot, as an environment variable (e.g. {@code PAPERBOT_LIST_PAGE_SIZE}). */
    public BotFixture with(String variable, String value) {
        env.put(variable, value);
        return this;
    }

    public BotFixture clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        perClass = true;
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private void start() throws IOException {
        dataDir = Files.createTempDirectory("paperbot-test");
        Map<String, String> settings = RunningBot.env(api, dataDir);
        settings.putAll(env);
        bot = RunningBot.start(settings, clock);
    }

    private void stop() {
        try {
            if (bot != null) {
                bot.stop();
            }
            assertThat(BotApiLimits.checkAll(api.calls())).as("every request within Bot API limits").isEmpty();
        } finally {
            api.close();
            deleteDataDir();
        }
    }

    private void deleteDataDir() {
        if (dataDir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dataDir, e);
        }
    }

    public FakeBotApi api() {
        return api;
    }

    public RunningBot bot() {
        return bot;
    }

    /** A user id nobody has used yet (its private chat has the same id). */
    public long newUser() {
        return users.incrementAndGet();
    }

    /** A new user sends {@code text} in their private chat; returns the chat id. */
    public long say(String text) {
        long user = newUser();
        api.push(Updates.privateText(user, text));
        return user;
    }

    /** The first message the bot sent to {@code chatId}. */
    public FakeBotApi.Call replyTo(long chatId) {
        return api.await("sendMessage", c -> c.chatId() == chatId, WAIT);
    }

    /** Waits until the bot has sent {@code count} messages to {@code chatId}; returns them in the order they came. */
    public List<FakeBotApi.Call> repliesTo(long chatId, int count, Duration timeout) {
        api.await("sendMessage", c -> api.calls("sendMessage").stream().filter(r -> r.chatId() == chatId).count() >= count,
                timeout);
        return api.calls("sendMessage").stream().filter(c -> c.chatId() == chatId).toList();
    }

    /**
     * How the bot's cards of the catalog it serves (config/papers.json) begin, in catalog order: "/paper n" is
     * answered by a card starting with element n - 1.
     */
    public static List<String> cardStarts() {
        return new CatalogLoader().load(Path.of(CATALOG)).papers().stream()
                .map(p -> ("<b>" + p.title()).substring(0, 24)).toList();
    }

    /** A new user sends {@code text}; returns the bot's reply. */
    public FakeBotApi.Call ask(String text) {
        return replyTo(say(text));
    }
}
