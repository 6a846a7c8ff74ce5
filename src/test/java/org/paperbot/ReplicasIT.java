package org.paperbot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.store.Database;
import org.paperbot.store.PostgresDatabase;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.FakeBotApi.Call;
import org.paperbot.testing.PostgresServer;
import org.paperbot.testing.RoundRobinProxy;
import org.paperbot.testing.Updates;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas of the packaged jar, each its own process, in webhook mode on one real PostgreSQL: the one
 * broadcasting is killed with SIGKILL mid-run; PostgreSQL ends its session, the other replica's next tick takes the
 * broadcast over and finishes it, and updates POSTed meanwhile through the balancer are all answered once (a POST
 * the dead replica cannot take is refused by the balancer, and sent again, as Telegram does).
 */
class ReplicasIT {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String SECRET = "replicas-it_secret";
    static final String PATH = "/telegram/hook";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern PLANNED = Pattern.compile("(?m)^paperbot_broadcast_planned\\S* ([0-9.]+)$");

    @TempDir
    Path tmp;
    final HttpClient http = HttpClient.newHttpClient();

    record Replica(Process process, int webhookPort, int httpPort, String log) {
    }

    private Replica start(FakeBotApi api, String databaseUrl, int n, int rate) throws Exception {
        PostgresServer server = PostgresServer.shared();
        int webhookPort = OperationsTest.freePort();
        int httpPort = OperationsTest.freePort();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-jar", JarProcessIT.JAR.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("TELEGRAM_") || k.startsWith("PAPERBOT_"));
        Map<String, String> env = new HashMap<>();
        env.put("TELEGRAM_BOT_TOKEN", FakeBotApi.TOKEN);
        env.put("TELEGRAM_API_URL", api.url());
        env.put("TELEGRAM_MODE", "webhook");
        env.put("TELEGRAM_WEBHOOK_URL", "https://bot.example.org" + PATH);
        env.put("TELEGRAM_WEBHOOK_SECRET", SECRET);
        env.put("PAPERBOT_WEBHOOK_PORT", String.valueOf(webhookPort));
        env.put("PAPERBOT_HTTP_PORT", String.valueOf(httpPort));
        env.put("PAPERBOT_HTTP_HOST", "127.0.0.1");
        env.put("PAPERBOT_DATA_DIR", tmp.resolve("data-" + n).toString());
        env.put("PAPERBOT_CATALOG_WATCH", "false");
        env.put("PAPERBOT_FLOOD_COMMANDS", "0");
        env.put("PAPERBOT_DAILY_TICK", "1");
        env.put("PAPERBOT_DAILY_RATE", String.valueOf(rate));
        env.put("PAPERBOT_DATABASE_URL", databaseUrl);
        env.put("PAPERBOT_DATABASE_USER", server.user());
        env.put("PAPERBOT_DATABASE_PASSWORD", server.password());
        pb.environment().putAll(env);
        String log = "replica-" + n + ".log";
        Process p = pb.redirectErrorStream(true).redirectOutput(tmp.resolve(log).toFile()).start();
        return new Replica(p, webhookPort, httpPort, log);
    }

    private String get(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** Cards this replica's current broadcast has planned (its /metrics). */
    private double planned(Replica r) {
        Matcher m = PLANNED.matcher(get(r.httpPort(), "/metrics"));
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private int post(URI to, int updateId, long user, String text) throws Exception {
        ObjectNode update = JSON.valueToTree(Updates.privateText(user, text));
        update.put("update_id", updateId);
        return http.send(HttpRequest.newBuilder(to)
                .POST(HttpRequest.BodyPublishers.ofString(update.toString(), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .header("X-Telegram-Bot-Api-Secret-Token", SECRET).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void killNineOfTheBroadcastingReplicaLetsTheOtherFinishTheRunAndAnswerEveryUpdate() throws Exception {
        int subscribers = 300;
        long firstChat = 9_000_000L;
        int rate = 40;
        int senders = org.paperbot.daily.Broadcaster.Options.forRate(rate).senders();
        PostgresServer server = PostgresServer.shared();
        String databaseUrl = server.createDatabase();
        try (Database db = PostgresDatabase.open(databaseUrl, server.user(), server.password(), 2)) {
            // Due since midnight UTC: whatever the time of day, today's card is due now.
            SubscriptionStore subscriptions = new SubscriptionStore(db, Clock.systemUTC(), LocalTime.MIDNIGHT, ZoneOffset.UTC);
            for (long chat = firstChat; chat < firstChat + subscribers; chat++) {
                subscriptions.subscribe(chat, Optional.of(LocalTime.MIDNIGHT));
            }
        }
        List<Replica> replicas = new ArrayList<>();
        try (FakeBotApi api = FakeBotApi.start()) {
            api.latency(Duration.ofMillis(20));
            for (int n = 0; n < 2; n++) {
                replicas.add(start(api, databaseUrl, n, rate));
            }
            awaitUntil("a third of the cards", () -> cards(api, firstChat, subscribers).size() >= subscribers / 3);
            List<Replica> broadcasting = replicas.stream().filter(r -> planned(r) > 0).toList();
            assertThat(broadcasting).as("one replica broadcasts").hasSize(1);
            Replica dead = broadcasting.get(0);
            Replica alive = replicas.get(replicas.get(0) == dead ? 1 : 0);

            dead.process().destroyForcibly(); // SIGKILL: nothing is finished, the connections just end
            assertThat(dead.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            int sentBefore = cards(api, firstChat, subscribers).size();
            assertThat(sentBefore).as("killed mid-run").isLessThan(subscribers);

            // Updates keep coming through the balancer while the other replica finishes the broadcast.
            List<IntSupplier> ports = List.of(dead::webhookPort, alive::webhookPort);
            try (RoundRobinProxy proxy = RoundRobinProxy.start(ports)) {
                long firstUser = 9_500_000L;
                for (int i = 0; i < 20; i++) {
                    int status;
                    int tries = 0;
                    do { // Telegram sends again what was not acknowledged
                        status = post(proxy.uri(PATH), 300_000 + i, firstUser + i, "zqx" + i);
                        tries++;
                    } while (status != 200 && tries < 10);
                    assertThat(status).as("update %d acknowledged", i).isEqualTo(200);
                }
                awaitUntil("every subscriber's card", () -> cards(api, firstChat, subscribers).stream().distinct().count() == subscribers);
                awaitUntil("20 answers", () -> answersTo(api, firstUser, 20).size() >= 20);
                Thread.sleep(500);
                assertThat(answersTo(api, firstUser, 20)).as("each update answered once").hasSize(20).doesNotHaveDuplicates();
            }
            List<Long> sent = cards(api, firstChat, subscribers);
            long twice = sent.size() - sent.stream().distinct().count();
            System.out.printf("ReplicasIT: %d cards before the kill, %d in all, %d sent twice (bound %d)%n", sentBefore,
                    sent.size(), twice, senders);
            assertThat(twice).as("cards sent twice: only those in flight at the kill (%d senders)", senders)
                    .isLessThanOrEqualTo(senders);
            assertThat(Files.readString(tmp.resolve(alive.log()))).contains("Broadcast (SCHEDULED) done");
        } finally {
            for (Replica r : replicas) {
                r.process().destroy();
                if (!r.process().waitFor(15, TimeUnit.SECONDS)) {
                    r.process().destroyForcibly();
                }
            }
        }
    }

    private static List<Long> cards(FakeBotApi api, long firstChat, int subscribers) {
        return api.calls("sendMessage").stream().map(Call::chatId)
                .filter(chat -> chat >= firstChat && chat < firstChat + subscribers).toList();
    }

    private static List<Long> answersTo(FakeBotApi api, long firstUser, int users) {
        return api.calls("sendMessage").stream().map(Call::chatId)
                .filter(chat -> chat >= firstUser && chat < firstUser + users).toList();
    }
}
