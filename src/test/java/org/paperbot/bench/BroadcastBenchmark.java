package org.paperbot.bench;

import okhttp3.OkHttpClient;
import org.paperbot.bot.Replies;
import org.paperbot.bot.DailyScreens;
import org.paperbot.bot.Screens;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.config.BotToken;
import org.paperbot.daily.BroadcastReport;
import org.paperbot.daily.Broadcaster;
import org.paperbot.daily.DailyCards;
import org.paperbot.daily.DailyScheduler;
import org.paperbot.daily.RateBudget;
import org.paperbot.outbox.ChatEvents;
import org.paperbot.outbox.Outbox;
import org.paperbot.render.Texts;
import org.paperbot.store.BroadcastLog;
import org.paperbot.store.Database;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.telegram.Sleeper;
import org.paperbot.telegram.TelegramGateway;
import org.paperbot.telegram.TelegramHttp;
import org.paperbot.testing.FakeBotApi;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Daily broadcast against a fake Bot API that enforces a global rate limit the way Telegram does: a token
 * bucket of {@code limit} messages per second (burst: a tenth of a second's worth), answering 429 with
 * {@code retry_after} when it is empty. The real sending path runs: Broadcaster, RateBudget, the outbox's
 * per-chat turns, SQLite claims
 * in a data directory, OkHttp through TelegramBots, JSON over loopback, real cards from the catalog.
 *
 * <pre>mvn -B -Pbench -DskipTests verify -Dbench.args=broadcast</pre>
 */
public final class BroadcastBenchmark {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    /** 12:00 in Moscow: every 09:00 subscriber is due. */
    static final Instant NOON = Instant.parse("2026-05-10T09:00:00Z");
    /** Added to every Bot API answer, like a server a few thousand kilometres away. */
    static final Duration LATENCY = Duration.ofMillis(Long.getLong("bench.latencyMs", 20));

    private BroadcastBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** The fake's limiter: GCRA token bucket; rejects (and counts) what goes over. */
    static final class TelegramLimit {
        private final long interval;
        private final long tolerance;
        private long tat = System.nanoTime();
        private long rejected;
        private long admitted;

        TelegramLimit(double perSecond) {
            this.interval = Math.round(1e9 / perSecond);
            long burst = Math.max(2, Math.round(perSecond / 10));
            this.tolerance = (burst - 1) * interval;
        }

        /** 0 when allowed, else whole seconds to wait (at least 1, as Telegram says). */
        synchronized int admit() {
            long now = System.nanoTime();
            if (now < tat - tolerance) {
                rejected++;
                if (Boolean.getBoolean("bench.trace")) {
                    System.out.println("429 after " + admitted + " admitted");
                }
                return (int) Math.max(1, (long) Math.ceil((tat - tolerance - now) / 1e9));
            }
            tat = Math.max(tat, now) + interval;
            admitted++;
            return 0;
        }

        synchronized long rejected() {
            return rejected;
        }
    }

    record Result(String name, int subscribers, int limit, int configuredRate, BroadcastReport report, long rejected,
                  double steadyRate) {
    }

    public static void run(PrintStream out) throws Exception {
        out.println("Daily broadcast benchmark: fake Bot API on loopback with a token-bucket limit, "
                + LATENCY.toMillis() + " ms answer latency");
        out.printf(Locale.ROOT, "%-34s %11s %7s %9s %8s %6s %9s %10s%n", "scenario", "subscribers", "limit",
                "achieved", "ratio", "429s", "time, s", "steady/s");
        String only = System.getProperty("bench.only", "");
        List<Result> results = new java.util.ArrayList<>();
        // Unmeasured: lets the JIT compile the sending path (JSON, HTTP, SQLite) so the figures show steady state.
        scenario("warm-up", 3_000, 1000, 1000);
        if (only.isEmpty() || only.equals("1000")) {
            results.add(scenario("paid broadcasts, 1000/s", 10_000, 1000, 1000));
        }
        if (only.isEmpty() || only.equals("30")) {
            results.add(scenario("free limit, 30/s (sample)", 600, 30, 30));
            results.add(scenario("free limit, default rate 25/s", 600, 30, 25));
        }
        for (Result r : results) {
            BroadcastReport rep = r.report();
            out.printf(Locale.ROOT, "%-34s %11d %7d %9.1f %8.3f %6d %9.2f %10.1f%n", r.name(), r.subscribers(), r.limit(),
                    rep.achievedRate(), rep.achievedRate() / r.limit(), r.rejected(), rep.duration().toMillis() / 1000.0,
                    r.steadyRate());
            if (rep.sent() != r.subscribers()) {
                out.println("  !! sent " + rep.sent() + " of " + r.subscribers());
            }
        }
        out.println("achieved = cards delivered / broadcast time; ratio = achieved / limit; 429s = answers over the limit;"
                + " steady/s = rate between the 10th and the 10th-from-last delivery at the server");
    }

    static Result scenario(String name, int subscribers, int limit, int configuredRate) throws Exception {
        Path dir = Files.createTempDirectory("paperbot-bench");
        TelegramLimit telegram = new TelegramLimit(limit);
        try (FakeBotApi api = FakeBotApi.start(); Database db = Database.open(dir)) {
            api.latency(LATENCY);
            api.override("sendMessage", call -> {
                int wait = telegram.admit();
                return wait == 0 ? null : FakeBotApi.Answer.tooManyRequests(wait);
            });
            Clock clock = Clock.fixed(NOON, ZoneOffset.UTC);
            subscribe(db, subscribers);

            BroadcastReport report = broadcastOnce(api.url(), db, clock, configuredRate);
            List<Long> delivered = api.calls("sendMessage").stream().map(FakeBotApi.Call::atNanos).toList();
            return new Result(name, subscribers, limit, configuredRate, report, telegram.rejected(), steady(delivered, telegram));
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * The bot's sending side as {@code Wiring} builds it (real cards from the shipped catalog, the outbox's per-chat
     * turns, a budget of {@code rate} per second, SQLite claims) against the Bot API at {@code apiUrl}: one run of
     * what is due, then stopped.
     */
    static BroadcastReport broadcastOnce(String apiUrl, Database db, Clock clock, int rate) throws Exception {
        Catalog catalog = new CatalogLoader().load(Path.of("config/papers.json"));
        Texts texts = Texts.russian();
        DailyScreens daily = Screens.of(texts, "paperbot_test_bot", org.paperbot.testing.Dailies.inMemory(), 8,
                RandomGenerator.getDefault()).daily();
        DailyCards cards = (chatId, date) -> Replies.send(chatId, daily.ofDate(catalog, date));
        OkHttpClient http = TelegramHttp.sendingClient(128);
        OkHttpTelegramClient client = new OkHttpTelegramClient(http, BotToken.parse(FakeBotApi.TOKEN, "bench").secret(),
                TelegramHttp.telegramUrl(URI.create(apiUrl)));
        Random random = new Random();
        TelegramGateway gateway = new TelegramGateway(client, Sleeper.REAL, random, TelegramGateway.ApiListener.NONE);
        Outbox outbox = Outbox.start(gateway, ChatEvents.NONE, () -> { }, Outbox.Options.telegram(64, 1000), System::nanoTime, random);
        SubscriptionStore subscriptions = new SubscriptionStore(db, clock, LocalTime.of(9, 0), MOSCOW);
        DeliveryStore deliveries = new DeliveryStore(db, clock);
        Broadcaster broadcaster = new Broadcaster(gateway, outbox, subscriptions, deliveries, cards,
                new RateBudget(rate, System::nanoTime), clock, Broadcaster.Options.forRate(rate), random);
        DailyScheduler scheduler = new DailyScheduler(deliveries, new BroadcastLog(db), broadcaster, clock,
                Duration.ofSeconds(30), 3);

        BroadcastReport report = scheduler.runDue();

        scheduler.stop(Duration.ofSeconds(3));
        outbox.stop(Duration.ofSeconds(1));
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        return report;
    }

    /** Server-side rate between the 10th and the 10th-from-last request (start-up and tail excluded). */
    private static double steady(List<Long> arrivals, TelegramLimit telegram) {
        if (arrivals.size() < 40) {
            return 0;
        }
        List<Long> sorted = arrivals.stream().sorted().toList();
        long from = sorted.get(10);
        long to = sorted.get(sorted.size() - 11);
        return (sorted.size() - 21) / ((to - from) / 1e9);
    }

    static void subscribe(Database db, int n) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO subscription (chat_id, active, send_time, zone, "
                    + "created_at, updated_at, next_due) VALUES (?, 1, '09:00', 'Europe/Moscow', ?, ?, 0)")) {
                for (long chat = 1; chat <= n; chat++) {
                    p.setLong(1, 100_000 + chat);
                    p.setString(2, NOON.toString());
                    p.setString(3, NOON.toString());
                    p.addBatch();
                }
                return p.executeBatch().length;
            }
        });
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
