package org.paperbot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.store.Database;
import org.paperbot.store.PostgresDatabase;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.testing.Eventually;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.FakeBotApi.Call;
import org.paperbot.testing.PostgresServer;
import org.paperbot.testing.RoundRobinProxy;
import org.paperbot.testing.RunningBot;
import org.paperbot.testing.Updates;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several identical replicas in webhook mode behind a load balancer stand-in ({@link RoundRobinProxy}), sharing one
 * real PostgreSQL server ({@link PostgresServer}), against one fake Bot API: each update is answered once and each
 * chat in order whichever replica received it; one replica broadcasts, and when it dies mid-broadcast another one
 * finishes the run.
 */
class ReplicasEndToEndTest {
    static final String SECRET = "replica-secret_7";
    static final String PATH = "/telegram/hook";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    FakeBotApi api;
    String databaseUrl;
    final List<RunningBot> replicas = new ArrayList<>();
    RoundRobinProxy proxy;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        api = FakeBotApi.start();
        databaseUrl = PostgresServer.shared().createDatabase();
    }

    @AfterEach
    void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
        for (RunningBot replica : replicas) {
            replica.stop(); // a killed one ignores it
        }
        api.close();
    }

    private Map<String, String> env(int replica) {
        PostgresServer server = PostgresServer.shared();
        Map<String, String> env = new HashMap<>(RunningBot.env(api, dir.resolve("replica-" + replica)));
        env.put("TELEGRAM_MODE", "webhook");
        env.put("TELEGRAM_WEBHOOK_URL", "https://bot.example.org" + PATH);
        env.put("TELEGRAM_WEBHOOK_SECRET", SECRET);
        env.put("PAPERBOT_WEBHOOK_PORT", "0");
        env.put("PAPERBOT_HTTP_HOST", "127.0.0.1");
        env.put("PAPERBOT_FLOOD_COMMANDS", "0");
        env.put("PAPERBOT_DATABASE_URL", databaseUrl);
        env.put("PAPERBOT_DATABASE_USER", server.user());
        env.put("PAPERBOT_DATABASE_PASSWORD", server.password());
        return env;
    }

    private RunningBot start(Map<String, String> env, Clock clock) {
        RunningBot bot = RunningBot.start(env, clock);
        replicas.add(bot);
        return bot;
    }

    private void startBalancer() throws Exception {
        List<IntSupplier> ports = new ArrayList<>();
        for (RunningBot replica : replicas) {
            ports.add(() -> replica.bot().webhookPort());
        }
        proxy = RoundRobinProxy.start(ports);
    }

    private int post(URI to, String secret, int updateId, long user, String text) throws Exception {
        ObjectNode update = JSON.valueToTree(Updates.privateText(user, text));
        update.put("update_id", updateId);
        HttpRequest.Builder request = HttpRequest.newBuilder(to)
                .POST(HttpRequest.BodyPublishers.ofString(update.toString(), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Who finished how many updates, from the inbox's claims. */
    private Map<String, Integer> handledBy() {
        PostgresServer server = PostgresServer.shared();
        try (Database db = PostgresDatabase.open(databaseUrl, server.user(), server.password(), 2)) {
            return db.transaction(c -> {
                Map<String, Integer> out = new HashMap<>();
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT claimed_by, COUNT(*) FROM inbox WHERE state = 'handled' GROUP BY claimed_by");
                     ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getInt(2));
                    }
                }
                return out;
            });
        }
    }

    @Test
    void twoThousandUpdatesFromTwoHundredChatsAreAnsweredOnceAndInOrderAcrossThreeReplicas() throws Exception {
        for (int i = 0; i < 3; i++) {
            start(env(i), Clock.systemUTC());
        }
        startBalancer();
        int chats = 200;
        int rounds = 10;
        long firstUser = 7_000_000L;
        // Round by round, as Telegram delivers a chat's updates one after another; the chats of a round at once.
        for (int round = 0; round < rounds; round++) {
            List<CompletableFuture<Integer>> posts = new ArrayList<>();
            for (int chat = 0; chat < chats; chat++) {
                int updateId = 100_000 + round * chats + chat;
                long user = firstUser + chat;
                String text = "zqx" + chat + "r" + round;
                posts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return post(proxy.uri(PATH), SECRET, updateId, user, text);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (CompletableFuture<Integer> post : posts) {
                assertThat(post.get()).as("acknowledged once stored").isEqualTo(200);
            }
        }

        Eventually.until("2 000 answers", WAIT, () -> api.count("sendMessage") >= chats * rounds);
        Thread.sleep(500); // anything sent twice would arrive about now
        Map<Long, List<String>> byChat = api.calls("sendMessage").stream()
                .collect(Collectors.groupingBy(Call::chatId, Collectors.mapping(Call::text, Collectors.toList())));
        assertThat(byChat).hasSize(chats);
        for (int chat = 0; chat < chats; chat++) {
            List<String> answers = byChat.get(firstUser + chat);
            assertThat(answers).as("chat %d: one answer per update", chat).hasSize(rounds);
            for (int round = 0; round < rounds; round++) {
                assertThat(answers.get(round)).as("chat %d, answer %d in order", chat, round).contains("zqx" + chat + "r" + round);
            }
        }
        for (int i = 0; i < 3; i++) {
            assertThat(proxy.forwardedTo(i)).as("the balancer used replica %d", i).isGreaterThan(600);
        }
        Map<String, Integer> handled = handledBy();
        assertThat(handled).as("every replica handled updates, %s", handled).hasSize(3);
        assertThat(handled.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(chats * rounds);
    }

    @Test
    void aWrongSecretIsRefusedByEveryReplicaAndNothingIsHandled() throws Exception {
        for (int i = 0; i < 3; i++) {
            start(env(i), Clock.systemUTC());
        }
        startBalancer();
        long user = 7_500_000L;
        for (int i = 0; i < 3; i++) {
            assertThat(post(proxy.uri(PATH), "wrong-secret", 200_000 + i, user, "/start")).isEqualTo(401);
        }
        assertThat(post(proxy.uri(PATH), null, 200_010, user, "/start")).isEqualTo(401);
        assertThat(post(proxy.uri(PATH), SECRET, 200_011, user, "/help")).isEqualTo(200);
        Eventually.until("the /help answer", WAIT, () -> api.calls("sendMessage").stream().anyMatch(c -> c.chatId() == user));
        Thread.sleep(300);
        assertThat(api.calls("sendMessage").stream().filter(c -> c.chatId() == user)).as("only /help").hasSize(1);
        assertThat(handledBy().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    }

    @Test
    void whenTheBroadcastingReplicaDiesAnotherFinishesTheRunSendingNothingTwiceBeyondTheSendsInFlight() throws Exception {
        int subscribers = 300;
        long firstChat = 8_000_000L;
        Instant noonMoscow = Instant.parse("2026-05-10T09:00:00Z");
        PostgresServer server = PostgresServer.shared();
        try (Database db = PostgresDatabase.open(databaseUrl, server.user(), server.password(), 2)) {
            SubscriptionStore subscriptions = new SubscriptionStore(db, Clock.fixed(noonMoscow.minusSeconds(7200), ZoneOffset.UTC),
                    LocalTime.of(9, 0), ZoneId.of("Europe/Moscow"));
            for (long chat = firstChat; chat < firstChat + subscribers; chat++) {
                subscriptions.subscribe(chat, Optional.of(LocalTime.of(9, 0)));
            }
        }
        int rate = 40;
        int senders = org.paperbot.daily.Broadcaster.Options.forRate(rate).senders();
        api.latency(Duration.ofMillis(20));
        Clock clock = Clock.fixed(noonMoscow, ZoneOffset.UTC);
        for (int i = 0; i < 2; i++) {
            Map<String, String> env = env(i);
            env.put("PAPERBOT_DAILY_TICK", "1");
            env.put("PAPERBOT_DAILY_RATE", String.valueOf(rate));
            start(env, clock);
        }

        Eventually.until("a third of the cards sent", WAIT, () -> cardsSent(firstChat, subscribers).size() >= subscribers / 3);
        List<RunningBot> broadcasting = replicas.stream().filter(r -> r.bot().scheduler().isBroadcasting()).toList();
        assertThat(broadcasting).as("exactly one replica broadcasts").hasSize(1);
        RunningBot leader = broadcasting.get(0);
        RunningBot other = replicas.get(replicas.get(0) == leader ? 1 : 0);
        leader.kill();
        int sentByTheDead = cardsSent(firstChat, subscribers).size();
        assertThat(sentByTheDead).as("killed mid-run").isLessThan(subscribers);

        Eventually.until("every subscriber's card", WAIT,
                () -> cardsSent(firstChat, subscribers).stream().distinct().count() == subscribers);
        Eventually.until("the run recorded", WAIT, () -> other.bot().scheduler().lastReport().isPresent());
        List<Long> sent = cardsSent(firstChat, subscribers);
        long twice = sent.size() - sent.stream().distinct().count();
        assertThat(twice).as("sent twice: only what was in flight when the broadcaster died (%d senders)", senders)
                .isLessThanOrEqualTo(senders);
        assertThat(other.bot().scheduler().lastReport().orElseThrow().sent()).as("the other replica finished the run")
                .isGreaterThan(0);
    }

    /** The chats of the broadcast that got a card, one entry per card sent. */
    private List<Long> cardsSent(long firstChat, int subscribers) {
        return api.calls("sendMessage").stream().map(Call::chatId)
                .filter(chat -> chat >= firstChat && chat < firstChat + subscribers).toList();
    }

    @Test
    void aReloadAskedOfOneReplicaReloadsTheOthers() throws Exception {
        Path catalog = dir.resolve("papers.json");
        Files.copy(Path.of("config", "papers.json"), catalog); // the catalog the bots of these tests serve
        long admin = 7_700_000L;
        for (int i = 0; i < 2; i++) {
            Map<String, String> env = env(i);
            env.put("PAPERBOT_CATALOG", catalog.toString());
            env.put("PAPERBOT_CATALOG_WATCH", "false"); // only the signal can tell the second replica
            env.put("PAPERBOT_ADMIN_IDS", String.valueOf(admin));
            start(env, Clock.systemUTC());
        }
        URI first = URI.create("http://127.0.0.1:" + replicas.get(0).bot().webhookPort() + PATH);
        URI second = URI.create("http://127.0.0.1:" + replicas.get(1).bot().webhookPort() + PATH);
        long reader = 7_700_001L;
        java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger(400_000);
        assertThat(post(second, SECRET, ids.incrementAndGet(), reader, "DreamLLM")).isEqualTo(200);
        Eventually.until("the second replica finds DreamLLM", WAIT, () -> lastAnswerTo(reader).map(t -> t.contains("DreamLLM")
                && !t.contains("ничего не нашлось")).orElse(false));

        // The paper leaves the catalog; the admin's /reload reaches the first replica only.
        com.fasterxml.jackson.databind.node.ObjectNode root = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(catalog.toFile());
        com.fasterxml.jackson.databind.node.ArrayNode papers = (com.fasterxml.jackson.databind.node.ArrayNode) root.get("papers");
        papers.remove(0);
        JSON.writerWithDefaultPrettyPrinter().writeValue(catalog.toFile(), root);
        assertThat(post(first, SECRET, ids.incrementAndGet(), admin, "/reload")).isEqualTo(200);
        Eventually.until("the reload answered", WAIT, () -> lastAnswerTo(admin).map(t -> t.contains("7")).orElse(false));

        Eventually.until("the second replica reloaded too", WAIT, () -> {
            try {
                post(second, SECRET, ids.incrementAndGet(), reader, "DreamLLM");
                Thread.sleep(300);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return lastAnswerTo(reader).map(t -> t.contains("ничего не нашлось")).orElse(false);
        });
    }

    private Optional<String> lastAnswerTo(long chat) {
        List<Call> calls = api.calls("sendMessage").stream().filter(c -> c.chatId() == chat).toList();
        return calls.isEmpty() ? Optional.empty() : Optional.of(calls.get(calls.size() - 1).text());
    }
}
