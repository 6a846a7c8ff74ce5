package org.paperbot.telegram;

import org.paperbot.testing.TestDatabases;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.store.Database;
import org.paperbot.store.InboxStore;
import org.paperbot.testing.FakeBotApi;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhook endpoint over a real inbox (SQLite in a temporary directory) and the real client for setWebhook. */
class WebhookServerTest {
    static final String SECRET = "s3cret";
    static final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    FakeBotApi api;
    Database db;
    InboxStore inbox;
    final Queue<Integer> handled = new ConcurrentLinkedQueue<>();
    UpdateDispatcher dispatcher;
    WebhookServer server;

    @BeforeEach
    void start() {
        api = FakeBotApi.start();
        db = TestDatabases.open(dir);
        inbox = new InboxStore(db, Clock.systemUTC());
        // Handling never completes: what was acknowledged stays unfinished in the inbox, where the test looks.
        dispatcher = new UpdateDispatcher(inbox, u -> {
            handled.add(u.getUpdateId());
            return new CompletableFuture<Void>();
        }, new UpdateDispatcher.Limits(2, 50, 50), () -> { });
        server = webhook();
    }

    private WebhookServer webhook() {
        OkHttpTelegramClient client = new OkHttpTelegramClient(new OkHttpClient(), FakeBotApi.TOKEN,
                TelegramHttp.telegramUrl(URI.create(api.url())));
        TelegramGateway gateway = new TelegramGateway(client, d -> { }, RandomGenerator.of("L64X128MixRandom"),
                TelegramGateway.ApiListener.NONE);
        return new WebhookServer("127.0.0.1", 0, URI.create("https://bot.example.org/hook"), SECRET, dispatcher, gateway);
    }

    @AfterEach
    void stop() {
        server.abort();
        dispatcher.shutdownNow();
        db.close();
        api.close();
    }

    private int post(int updateId) throws Exception {
        String body = "{\"update_id\":" + updateId + ",\"message\":{\"message_id\":1,\"date\":1,"
                + "\"chat\":{\"id\":7,\"type\":\"private\"},\"from\":{\"id\":7,\"is_bot\":false,\"first_name\":\"A\"},\"text\":\"/start\"}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hook"))
                .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void anAcknowledgedUpdateIsAlreadyInTheInbox() throws Exception {
        server.start();

        assertThat(post(41)).isEqualTo(200);

        assertThat(inbox.claimUnfinished()).extracting(UpdateInbox.Entry::updateId).containsExactly(41L);
    }

    @Test
    void anUpdateThatCannotBeStoredIsRefusedWith500AndNotHandled() throws Exception {
        server.start();
        db.close(); // every write now fails, as on a broken disk

        assertThat(post(42)).isEqualTo(500);

        assertThat(handled).isEmpty();
    }

    @Test
    void aRefusedSetWebhookStopsTheStartNamingTheSettings() {
        api.override("setWebhook", call -> FakeBotApi.Answer.error(400, "Bad Request: bad webhook: HTTPS url must be provided"));

        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setWebhook").hasMessageContaining("TELEGRAM_WEBHOOK_URL");
        assertThat(server.problem()).isNotNull();
    }

    @Test
    void stoppingLeavesWhatIsStoredForTheNextStart() throws Exception {
        server.start();
        assertThat(post(43)).isEqualTo(200);

        server.stop(Duration.ZERO);

        assertThat(server.problem()).isNotNull();
        assertThat(inbox.claimUnfinished()).extracting(UpdateInbox.Entry::updateId).containsExactly(43L);
    }
}
