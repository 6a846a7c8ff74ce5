package org.paperbot;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.config.ConfigLoader;
import org.paperbot.testing.BotApiLimits;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.HostileUpdates;
import org.paperbot.testing.LogCapture;
import org.paperbot.telegram.TolerantGetUpdates;
import org.paperbot.testing.RunningBot;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand seeded hostile updates through the real router: no handler may fail, and every reply must be
 * within Telegram's limits (valid HTML, ≤ 4096 characters, callback data ≤ 64 bytes, inline answers ≤ 50).
 * A smaller batch goes the whole way over HTTP through the fake Bot API.
 */
class HostileInputTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    /** Failed handlers and searches that failed inside (answered "nothing found") are both logged at ERROR. */
    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @Test
    void tenThousandHostileUpdatesThroughTheRouter() throws Exception {
        var config = ConfigLoader.load(Map.of("PAPERBOT_CATALOG", "config/papers.json",
                "PAPERBOT_DATA_DIR", dataDir.toString(), "PAPERBOT_ADMIN_IDS", "1,2,3"));
        // Offline wiring has no flood control, which would silence most of the batch.
        Wiring.Offline offline = Wiring.offline(config, new CatalogLoader().load(config.catalogPath()),
                Clock.fixed(Instant.parse("2026-11-27T20:59:59Z"), ZoneOffset.UTC), FakeBotApi.BOT_USERNAME);
        HostileUpdates generator = new HostileUpdates(20261127L);
        List<String> problems = new ArrayList<>();
        int replies = 0;
        int answered = 0;
        for (int i = 0; i < 10_000; i++) {
            Map<String, Object> raw = generator.next();
            raw = new java.util.HashMap<>(raw);
            raw.put("update_id", i + 1);
            // Read like the polling loop does: an update the library cannot map arrives empty and is ignored.
            Update update = TolerantGetUpdates.read(JSON.valueToTree(raw));
            List<BotApiMethod<?>> out = offline.handlers().router().route(update);
            if (!out.isEmpty()) {
                answered++;
            }
            for (BotApiMethod<?> method : out) {
                replies++;
                FakeBotApi.Call call = new FakeBotApi.Call(method.getMethod(), JSON.valueToTree(method), 0);
                for (String p : BotApiLimits.check(canonical(call))) {
                    problems.add("update " + JSON.writeValueAsString(raw) + " → " + p);
                }
            }
            if (update.getCallbackQuery() != null) {
                assertThat(out).as("every button press is answered").anyMatch(m -> m.getMethod().equalsIgnoreCase("answerCallbackQuery"));
            }
        }
        offline.close();
        assertThat(problems).as("replies within Bot API limits").isEmpty();
        assertThat(logs.errors()).as("no handler or search failed").isEmpty();
        assertThat(logs.messages()).as("unreadable updates were noticed, not fatal")
                .anyMatch(m -> m.contains("could not be read and is skipped"));
        assertThat(answered).as("most odd input still gets a sensible reply").isGreaterThan(4000);
        assertThat(replies).isGreaterThan(answered);
    }

    @Test
    void hostileUpdatesOverTheWire() {
        try (FakeBotApi api = FakeBotApi.start()) {
            try (RunningBot bot = RunningBot.start(RunningBot.env(api, dataDir), Clock.systemUTC())) {
                HostileUpdates generator = new HostileUpdates(7L);
                for (Map<String, Object> update : generator.generate(1000)) {
                    api.push(update);
                }
                api.push(org.paperbot.testing.Updates.privateText(424242, "/help")); // a sentinel after the flood
                api.await("sendMessage", c -> c.chatId() == 424242, Duration.ofSeconds(60));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (api.unconfirmed() > 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(api.calls().stream().map(FakeBotApi.Call::method).distinct()).contains("sendMessage", "answerCallbackQuery");
            }
            assertThat(BotApiLimits.checkAll(api.calls())).isEmpty();
            assertThat(logs.errors()).as("no handler or search failed").isEmpty();
            assertThat(api.confirmedOffset()).as("all 1001 updates handled and confirmed").isEqualTo(1002);
        }
    }

    /** Method names as the wire uses them (TelegramBots lowercases some). */
    private static FakeBotApi.Call canonical(FakeBotApi.Call call) {
        String m = switch (call.method().toLowerCase()) {
            case "sendmessage" -> "sendMessage";
            case "editmessagetext" -> "editMessageText";
            case "answercallbackquery" -> "answerCallbackQuery";
            case "answerinlinequery" -> "answerInlineQuery";
            default -> call.method();
        };
        return new FakeBotApi.Call(m, call.body(), 0);
    }
}
