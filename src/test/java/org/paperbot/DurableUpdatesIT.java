package org.paperbot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.catalog.Paper;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.Updates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar killed and stopped in the worst moments, against a fake Bot API: no update is lost, a duplicate
 * reply happens only for a reply in flight at the kill, and SIGTERM ends the process within 10 s even when the Bot
 * API never answers.
 */
class DurableUpdatesIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final List<String> EVERY_METHOD = List.of("getMe", "getUpdates", "sendMessage", "editMessageText",
            "answerCallbackQuery", "answerInlineQuery", "setMyCommands", "deleteWebhook", "getChatMember", "deleteMessage");
    /** Accepts the request and never answers (until the fake is closed). */
    static final FakeBotApi.Override STALL = c -> FakeBotApi.Answer.ok(true).after(Duration.ofMinutes(10));

    @TempDir
    Path tmp;

    private Process start(FakeBotApi api, String logName) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-jar", JarProcessIT.JAR.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("TELEGRAM_") || k.startsWith("PAPERBOT_"));
        pb.environment().putAll(Map.of("TELEGRAM_BOT_TOKEN", FakeBotApi.TOKEN, "TELEGRAM_API_URL", api.url(),
                "TELEGRAM_POLL_TIMEOUT", "30", "PAPERBOT_DATA_DIR", tmp.resolve("data").toString(),
                "PAPERBOT_CATALOG_WATCH", "false"));
        return pb.redirectErrorStream(true).redirectOutput(tmp.resolve(logName).toFile()).start();
    }

    private String log(String name) throws Exception {
        return Files.readString(tmp.resolve(name));
    }

    private static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Stops with SIGTERM and checks the one timed contract the issue names: exit code 0 within 10 s. */
    private static void sigtermExitsWithinTenSeconds(Process p) throws InterruptedException {
        p.destroy();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s").isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void killNineMidQueueThenRestartAnswersEveryCommandRepeatingOnlyRepliesInFlight() throws Exception {
        int users = 40;
        int perUser = 5;
        List<Paper> papers = new CatalogLoader().load(Path.of("config/papers.json")).papers();
        Map<String, Integer> paperByReply = new HashMap<>();
        for (int n = 1; n <= perUser; n++) {
            paperByReply.put(("<b>" + papers.get(n - 1).title()).substring(0, 24), n);
        }
        assertThat(paperByReply).as("the replies tell the papers apart").hasSize(perUser);

        try (FakeBotApi api = FakeBotApi.start()) {
            api.latency(Duration.ofMillis(200)); // each reply is held: many are queued, some in flight, at the kill
            int last = 0;
            for (int n = 1; n <= perUser; n++) {
                for (int u = 1; u <= users; u++) {
                    last = api.push(Updates.privateText(70_000 + u, "/paper " + n));
                }
            }
            Process first = start(api, "first.log");
            api.awaitCount("sendMessage", 50, WAIT);
            int lastId = last;
            awaitUntil("all " + lastId + " updates confirmed to Telegram", () -> api.confirmedOffset() > lastId);
            first.destroyForcibly(); // SIGKILL: nothing is finished, nothing more is written
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int beforeKill = api.count("sendMessage");
            assertThat(beforeKill).as("the kill came mid-queue").isLessThan(users * perUser);

            api.latency(Duration.ZERO);
            Process second = start(api, "second.log");
            Map<String, Integer> answers = new HashMap<>();
            awaitUntil("every command answered", () -> {
                answers.clear();
                for (FakeBotApi.Call c : api.calls("sendMessage")) {
                    Integer n = paperByReply.get(c.text().substring(0, Math.min(24, c.text().length())));
                    if (n != null) {
                        answers.merge(c.chatId() + "/" + n, 1, Integer::sum);
                    }
                }
                return answers.size() == users * perUser;
            });
            sigtermExitsWithinTenSeconds(second);

            assertThat(api.calls("sendMessage")).as("nothing but answers to the commands")
                    .hasSize(answers.values().stream().mapToInt(Integer::intValue).sum());
            int duplicates = answers.values().stream().mapToInt(count -> count - 1).sum();
            System.out.printf("kill -9 after %d of %d replies: every command answered, %d answered twice%n",
                    beforeKill, users * perUser, duplicates);
            // Only a reply in flight at the kill can be repeated: at most one per chat (chats are served in order)
            // and at most one per update worker.
            assertThat(duplicates).as("duplicates within the bound").isLessThanOrEqualTo(users);
            assertThat(answers.values()).allMatch(count -> count <= 2);
            assertThat(log("second.log")).contains("Resuming").doesNotContain("ERROR");
        }
    }

    @Test
    void sigtermWhileTheBotApiStallsEveryCallExitsWithinTenSecondsAndLosesNothing() throws Exception {
        try (FakeBotApi api = FakeBotApi.start()) {
            api.override("sendMessage", STALL);
            Process first = start(api, "first.log");
            api.await("getUpdates", c -> true, WAIT);
            int id = api.push(Updates.privateText(42, "/paper 2"));
            api.await("sendMessage", c -> c.chatId() == 42, WAIT); // the reply hangs
            awaitUntil("the update is stored and confirmed", () -> api.confirmedOffset() > id);
            EVERY_METHOD.forEach(m -> api.override(m, STALL)); // the long poll open now hangs too, and all that follow

            sigtermExitsWithinTenSeconds(first);
            assertThat(log("first.log")).contains("Stopped", "given up").doesNotContain("exiting without finishing");

            // The update whose reply never got through is answered by the next start.
            EVERY_METHOD.forEach(m -> api.override(m, null));
            api.clearCalls();
            Process second = start(api, "second.log");
            api.await("sendMessage", c -> c.chatId() == 42, WAIT);
            sigtermExitsWithinTenSeconds(second);
        }
    }

    @Test
    void sigtermWhileGetMeIsUnansweredAtStartExitsWithinTenSeconds() throws Exception {
        try (FakeBotApi api = FakeBotApi.start()) {
            EVERY_METHOD.forEach(m -> api.override(m, STALL));
            Process p = start(api, "bot.log");
            api.await("getMe", c -> true, WAIT);
            sigtermExitsWithinTenSeconds(p);
            assertThat(log("bot.log")).doesNotContain("exiting without finishing");
        }
    }
}
