package org.paperbot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.config.ConfigLoader;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.RunningBot;
import org.paperbot.testing.Updates;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The operations port (/healthz, /metrics) and per-user flood control, through the running bot. */
class OperationsTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Asks /healthz until {@code until} holds (a refused connection counts as not yet). */
    static HttpResponse<String> awaitHealth(int port, Predicate<HttpResponse<String>> until) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> answer = get(port, "/healthz");
                if (until.test(answer)) {
                    return answer;
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (java.io.IOException e) {
                last = e.toString();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("/healthz never answered as expected within " + WAIT + "; last: " + last);
    }

    @Test
    void healthzAnswers503WithTheReasonWhileTelegramRefusesGetMeThen200() throws Exception {
        try (FakeBotApi api = FakeBotApi.start()) {
            api.override("getMe", call -> FakeBotApi.Answer.error(502, "Bad Gateway"));
            int port = freePort();
            Map<String, String> env = RunningBot.env(api, dataDir);
            env.put("PAPERBOT_HTTP_PORT", String.valueOf(port));
            env.put("PAPERBOT_HTTP_HOST", "127.0.0.1");
            CountDownLatch cancel = new CountDownLatch(1);
            CompletableFuture<PaperBot> starting = CompletableFuture.supplyAsync(
                    () -> PaperBot.start(ConfigLoader.load(env), ConfigLoader.token(env), Clock.systemUTC(), cancel));
            try {
                HttpResponse<String> waiting = awaitHealth(port, answer -> answer.body().contains("Bad Gateway"));
                assertThat(waiting.statusCode()).isEqualTo(503);
                assertThat(waiting.body()).isEqualTo(
                        "{\"telegram\":\"starting: waiting for Telegram (getMe): TRANSIENT 502 (Bad Gateway)\",\"status\":\"fail\"}\n");
                assertThat(starting).isNotDone();

                api.override("getMe", null);
                PaperBot bot = starting.get(30, TimeUnit.SECONDS);
                try {
                    HttpResponse<String> running = awaitHealth(port, answer -> answer.statusCode() == 200);
                    assertThat(running.body()).contains("\"polling\":true", "\"catalog\":true", "\"database\":true")
                            .doesNotContain("telegram");
                } finally {
                    bot.stop(Duration.ofSeconds(5));
                }
            } finally {
                cancel.countDown();
            }
        }
    }

    @Test
    void healthAndMetricsDescribeTheRunningBot() throws Exception {
        try (FakeBotApi api = FakeBotApi.start()) {
            Map<String, String> env = RunningBot.env(api, dataDir);
            env.put("PAPERBOT_HTTP_PORT", String.valueOf(freePort()));
            env.put("PAPERBOT_HTTP_HOST", "127.0.0.1");
            try (RunningBot bot = RunningBot.start(env, Clock.systemUTC())) {
                int port = bot.bot().httpPort();
                api.push(Updates.privateText(77, "/today"));
                api.await("sendMessage", c -> c.chatId() == 77, WAIT);

                HttpResponse<String> health = get(port, "/healthz");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"polling\":true", "\"catalog\":true", "\"database\":true", "\"status\":\"ok\"");

                System.gc(); // gauges must not depend on objects the collector may take away
                String metrics = get(port, "/metrics").body();
                assertThat(metrics).doesNotContain("NaN");
                assertThat(metrics).contains("paperbot_updates_total{type=\"command\"} 1.0",
                        "paperbot_api_calls_total{method=\"sendmessage\"}", "paperbot_update_seconds", "jvm_memory_used_bytes",
                        "paperbot_replies_total 1.0", "paperbot_broadcast_sent 0.0");
                assertThat(get(port, "/nope").statusCode()).isEqualTo(404);
            }
        }
    }

    @Test
    void floodIsAnsweredOnceThenIgnoredPerUser() throws Exception {
        try (FakeBotApi api = FakeBotApi.start()) {
            Map<String, String> env = RunningBot.env(api, dataDir);
            env.put("PAPERBOT_FLOOD_COMMANDS", "3");
            env.put("PAPERBOT_HTTP_PORT", String.valueOf(freePort()));
            env.put("PAPERBOT_HTTP_HOST", "127.0.0.1");
            try (RunningBot bot = RunningBot.start(env, Clock.systemUTC())) {
                for (int i = 0; i < 8; i++) {
                    api.push(Updates.privateText(88, "/paper " + (i % 8 + 1)));
                }
                api.push(Updates.privateText(89, "/help")); // someone else is not affected
                api.await("sendMessage", c -> c.chatId() == 89, WAIT);
                api.await("sendMessage", c -> c.chatId() == 88 && c.text().contains("Слишком много запросов"), WAIT);
                assertThat(api.calls("sendMessage").stream().filter(c -> c.chatId() == 88))
                        .extracting(c -> c.text().contains("Слишком много запросов"))
                        .containsExactly(false, false, false, true);
                // The ignored updates leave no trace in the chat, only in the metric: wait for all five.
                String expected = "paperbot_flood_rejected_total{kind=\"commands\"} 5.0";
                long deadline = System.nanoTime() + WAIT.toNanos();
                String metrics = get(bot.bot().httpPort(), "/metrics").body();
                while (!metrics.contains(expected) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                    metrics = get(bot.bot().httpPort(), "/metrics").body();
                }
                assertThat(metrics).contains(expected);
            }
        }
    }
}
