package org.paperbot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.paperbot.testing.BotFixture;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.FakeBotApi.Call;
import org.paperbot.testing.Updates;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook mode end to end: the bot registers its webhook with the fake Bot API through the real TelegramBots client,
 * and updates arrive as real HTTP POSTs to its endpoint, as Telegram sends them.
 */
class WebhookEndToEndTest {
    static final String SECRET = "webhook-secret_42";
    static final String PUBLIC_URL = "https://bot.example.org/telegram/hook";
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final BotFixture fixture = new BotFixture()
            .with("TELEGRAM_MODE", "webhook")
            .with("TELEGRAM_WEBHOOK_URL", PUBLIC_URL)
            .with("TELEGRAM_WEBHOOK_SECRET", SECRET)
            .with("PAPERBOT_WEBHOOK_PORT", "0")
            .with("PAPERBOT_HTTP_HOST", "127.0.0.1");
    static final FakeBotApi api = fixture.api();
    static final HttpClient http = HttpClient.newHttpClient();
    static final AtomicInteger updateIds = new AtomicInteger(5_000);

    private static URI endpoint(String path) {
        return URI.create("http://127.0.0.1:" + fixture.bot().bot().webhookPort() + path);
    }

    private static HttpResponse<String> post(String path, String secret, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An update as Telegram POSTs it: {@code text} from {@code user} in their private chat, with this id. */
    private static byte[] update(int updateId, long user, String text) {
        ObjectNode update = JSON.valueToTree(Updates.privateText(user, text));
        update.put("update_id", updateId);
        return update.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(long user, String text) throws IOException, InterruptedException {
        return post("/telegram/hook", SECRET, update(updateIds.incrementAndGet(), user, text));
    }

    private static List<Call> repliesTo(long chat) {
        return api.calls("sendMessage").stream().filter(c -> c.chatId() == chat).toList();
    }

    @Test
    void startupSetsTheWebhookWithUrlSecretAndTheUpdatesPollingAsksFor() {
        Call set = api.await("setWebhook", c -> true, BotFixture.WAIT);
        assertThat(set.body().path("url").asText()).isEqualTo(PUBLIC_URL);
        assertThat(set.body().path("secret_token").asText()).isEqualTo(SECRET);
        assertThat(set.body().path("max_connections").asInt()).isPositive();
        assertThat(set.body().path("drop_pending_updates").asText()).isEqualTo("false");
        assertThat(set.body().path("allowed_updates").asText())
                .contains("message", "callback_query", "inline_query", "my_chat_member");
        assertThat(api.calls("getUpdates")).as("no polling in webhook mode").isEmpty();
    }

    /** A new user's /start is acknowledged and greeted. */
    private static void startIsAnswered() throws IOException, InterruptedException {
        long user = fixture.newUser();
        assertThat(send(user, "/start").statusCode()).isEqualTo(200);
        assertThat(fixture.replyTo(user).text()).contains("PaperBot");
    }

    @Test
    void aValidUpdateIsAcknowledgedAndAnswered() throws Exception {
        startIsAnswered();
    }

    @Test
    void aWrongOrMissingSecretIsRefusedAndNothingIsHandled() throws Exception {
        long user = fixture.newUser();

        assertThat(post("/telegram/hook", "wrong-secret", update(updateIds.incrementAndGet(), user, "/start")).statusCode())
                .isEqualTo(401);
        assertThat(post("/telegram/hook", null, update(updateIds.incrementAndGet(), user, "/start")).statusCode())
                .isEqualTo(401);
        assertThat(post("/telegram/hook", SECRET.substring(1), update(updateIds.incrementAndGet(), user, "/start")).statusCode())
                .isEqualTo(401);
        // Handled in order within the chat: once /help is answered, a /start let through would have been answered too.
        assertThat(send(user, "/help").statusCode()).isEqualTo(200);
        fixture.replyTo(user);

        assertThat(repliesTo(user)).hasSize(1).allSatisfy(c -> assertThat(c.text()).doesNotContain("8 статей"));
    }

    @Test
    void aRedeliveredUpdateIsHandledOnce() throws Exception {
        long user = fixture.newUser();
        byte[] start = update(updateIds.incrementAndGet(), user, "/start");

        assertThat(post("/telegram/hook", SECRET, start).statusCode()).isEqualTo(200);
        assertThat(post("/telegram/hook", SECRET, start).statusCode()).isEqualTo(200);
        assertThat(send(user, "/help").statusCode()).isEqualTo(200);
        fixture.repliesTo(user, 2, BotFixture.WAIT);

        assertThat(repliesTo(user)).hasSize(2);
    }

    @Test
    void malformedJsonIsRefusedWith400AndTheBotGoesOn() throws Exception {
        assertThat(post("/telegram/hook", SECRET, "{\"update_id\": 1, \"message\": {".getBytes()).statusCode()).isEqualTo(400);
        assertThat(post("/telegram/hook", SECRET, "[1, 2]".getBytes()).statusCode()).isEqualTo(400);

        startIsAnswered();
    }

    @Test
    void aBodyOverOneMegabyteIsRefusedWith413() throws Exception {
        long user = fixture.newUser();
        byte[] huge = update(updateIds.incrementAndGet(), user, "x".repeat(1024 * 1024));

        assertThat(post("/telegram/hook", SECRET, huge).statusCode()).isEqualTo(413);
        assertThat(send(user, "/help").statusCode()).isEqualTo(200);
        fixture.replyTo(user);
        assertThat(repliesTo(user)).hasSize(1);
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertThat(post("/other", SECRET, update(updateIds.incrementAndGet(), 1, "/start")).statusCode()).isEqualTo(404);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(endpoint("/telegram/hook")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }
}
