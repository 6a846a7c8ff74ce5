package org.paperbot.bench;

import okhttp3.OkHttpClient;
import org.paperbot.config.BotToken;
import org.paperbot.daily.Broadcaster;
import org.paperbot.daily.DailyCards;
import org.paperbot.daily.DailyScheduler;
import org.paperbot.daily.RateBudget;
import org.paperbot.daily.Schedule;
import org.paperbot.outbox.ChatEvents;
import org.paperbot.outbox.Outbox;
import org.paperbot.store.BroadcastLog;
import org.paperbot.store.Database;
import org.paperbot.store.DeliverySettings;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.telegram.Sleeper;
import org.paperbot.telegram.TelegramGateway;
import org.paperbot.telegram.TelegramHttp;
import org.paperbot.testing.FakeBotApi;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The scheduler at a million subscribers ({@code -Dbench.args=scale-subscribers}): subscriptions spread over zones and
 * times as a running bot leaves them (today's card sent to whoever's time has passed), with the delivery rows the
 * history window keeps after 30 days, then the planning half of a tick when nothing is due and when 10 000 are.
 * Prints tick times, database size and heap; run it with the image's flags ({@code -Xmx256m}) to compare with the
 * targets. {@code -Dbench.subscribers} and {@code -Dbench.historyDays} change the size.
 */
final class ScaleSubscribersBenchmark {
    static final int SUBSCRIBERS = Integer.getInteger("bench.subscribers", 1_000_000);
    /** Days of delivery rows present: what {@code daily.history-days} keeps once 30 days have passed. */
    static final int HISTORY_DAYS = Math.min(30, Integer.getInteger("bench.historyDays", 2));
    static final int DUE = 10_000;
    static final List<ZoneId> ZONES = Stream.of("Europe/Moscow", "Europe/Berlin", "Europe/London", "America/New_York",
            "America/Los_Angeles", "America/Sao_Paulo", "Asia/Tokyo", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Sydney",
            "Africa/Cairo", "Asia/Yekaterinburg").map(ZoneId::of).toList();
    /** Before the 10 000 chats' 11:07 UTC: nothing is due. */
    static final Instant QUIET = Instant.parse("2026-05-10T11:05:00Z");
    /** Just after it: exactly those are due (every other chat's time is on a quarter hour). */
    static final Instant BUSY = Instant.parse("2026-05-10T11:08:00Z");
    static final int RUNS = 7;

    private ScaleSubscribersBenchmark() {
    }

    static void run(PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("paperbot-scale");
        out.printf(Locale.ROOT, "%nScale: %,d subscriptions over %d zones, %d days of delivery rows kept, max heap %d MB%n",
                SUBSCRIBERS, ZONES.size(), HISTORY_DAYS, Runtime.getRuntime().maxMemory() >> 20);
        long[] quiet;
        long[] busy;
        long heap;
        try (FakeBotApi api = FakeBotApi.start(); Database db = Database.open(dir)) {
            long t0 = System.nanoTime();
            seed(db);
            out.printf(Locale.ROOT, "seeded in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            MovableClock clock = new MovableClock(QUIET);
            DeliveryStore deliveries = new DeliveryStore(db, clock);
            DailyScheduler scheduler = scheduler(api, db, deliveries, clock);
            quiet = time(() -> scheduler.due(QUIET).size(), 0);
            clock.now = BUSY;
            busy = time(() -> scheduler.due(BUSY).size(), DUE);
            scheduler.stop(Duration.ofSeconds(1));

            System.gc();
            heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        }
        // After closing: the last checkpoint has moved the -wal into the file, as a running bot's checkpoints do.
        out.printf(Locale.ROOT, "%-34s %10s %10s %8s%n", "figure", "median", "max", "target");
        out.printf(Locale.ROOT, "%-34s %8.1f ms %8.1f ms %8s%n", "tick, nothing due", quiet[0] / 1e6, quiet[1] / 1e6,
                "50 ms");
        out.printf(Locale.ROOT, "%-34s %8.1f ms %8.1f ms %8s%n", "tick, 10 000 due (planning)", busy[0] / 1e6,
                busy[1] / 1e6, "500 ms");
        out.printf(Locale.ROOT, "%-34s %8d MB %11s %8s%n", "database size", size(dir) >> 20, "", "400 MB");
        out.printf(Locale.ROOT, "%-34s %8d MB %11s %8s%n", "heap after GC", heap >> 20, "", "");
        out.println("tick = DailyScheduler.due: the due page query (the given-up date read with it) and Schedule.next per"
                + " due row; sending is the broadcast benchmark's");
    }

    /** {@link #RUNS} plans, each checked to find {@code expected} cards: median and max nanoseconds. */
    private static long[] time(java.util.function.IntSupplier plan, int expected) {
        long[] ns = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            int found = plan.getAsInt();
            ns[i] = System.nanoTime() - start;
            if (found != expected) {
                throw new IllegalStateException("planned " + found + ", expected " + expected);
            }
        }
        Arrays.sort(ns);
        return new long[] {ns[RUNS / 2], ns[RUNS - 1]};
    }

    /**
     * Chats 1..10 000 take their card at 11:07 UTC and last got yesterday's; every other chat has a quarter-hour
     * time in one of the zones, and today's card if that time has passed by {@link #QUIET}. Their due instants
     * are what the stores would have written, by the same rule.
     */
    private static void seed(Database db) {
        Random random = new Random(7);
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO subscription (chat_id, active, send_time, zone, "
                    + "created_at, updated_at, next_due, last_sent_date) VALUES (?, 1, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement d = c.prepareStatement("INSERT INTO delivery (chat_id, local_date, paper_id, state, "
                         + "attempts, message_id, claimed_at, sent_at, updated_at) VALUES (?, ?, ?, 'sent', 1, ?, ?, ?, ?)")) {
                String created = Instant.parse("2026-04-01T00:00:00Z").toString();
                for (long chat = 1; chat <= SUBSCRIBERS; chat++) {
                    boolean due = chat <= DUE;
                    ZoneId zone = due ? ZoneOffset.UTC : ZONES.get((int) (chat % ZONES.size()));
                    LocalTime time = due ? LocalTime.of(11, 7) : LocalTime.of(6, 0).plusMinutes(15L * random.nextInt(68));
                    LocalDate local = Schedule.localDate(QUIET, zone);
                    Optional<LocalDate> sent = due || Schedule.dueAt(local, time, zone).isAfter(QUIET)
                            ? Optional.of(local.minusDays(1)) : Optional.of(local);
                    Instant next = Schedule.next(QUIET, time, zone, DeliverySettings.DEFAULTS, sent).at();
                    s.setLong(1, chat);
                    s.setString(2, time.toString());
                    s.setString(3, zone.getId());
                    s.setString(4, created);
                    s.setString(5, created);
                    s.setLong(6, next.toEpochMilli());
                    s.setString(7, sent.get().toString());
                    s.addBatch();
                    for (int day = 0; day < HISTORY_DAYS; day++) {
                        LocalDate date = sent.get().minusDays(day);
                        Instant at = Schedule.dueAt(date, time, zone);
                        d.setLong(1, chat);
                        d.setString(2, date.toString());
                        d.setString(3, "paper-" + date.getDayOfYear());
                        d.setInt(4, random.nextInt(1_000_000));
                        d.setString(5, at.toString());
                        d.setString(6, at.plusMillis(40).toString());
                        d.setString(7, at.plusMillis(40).toString());
                        d.addBatch();
                    }
                    if (chat % 10_000 == 0) {
                        s.executeBatch();
                        d.executeBatch();
                    }
                }
                s.executeBatch();
                d.executeBatch();
            }
            return null;
        });
    }

    private static DailyScheduler scheduler(FakeBotApi api, Database db, DeliveryStore deliveries, MovableClock clock) {
        OkHttpClient http = TelegramHttp.sendingClient(4);
        OkHttpTelegramClient client = new OkHttpTelegramClient(http, BotToken.parse(FakeBotApi.TOKEN, "bench").secret(),
                TelegramHttp.telegramUrl(URI.create(api.url())));
        Random random = new Random();
        TelegramGateway gateway = new TelegramGateway(client, Sleeper.REAL, random, TelegramGateway.ApiListener.NONE);
        Outbox outbox = Outbox.start(gateway, ChatEvents.NONE, () -> { }, Outbox.Options.telegram(4, 100), System::nanoTime,
                random);
        DailyCards cards = (chatId, date) -> SendMessage.builder().chatId(chatId).text("card of " + date).build();
        SubscriptionStore subscriptions = new SubscriptionStore(db, clock, LocalTime.of(9, 0), ZoneOffset.UTC);
        Broadcaster broadcaster = new Broadcaster(gateway, outbox, subscriptions, deliveries, cards,
                new RateBudget(1000, System::nanoTime), clock, Broadcaster.Options.forRate(1000), random);
        return new DailyScheduler(deliveries, new BroadcastLog(db), broadcaster, clock, Duration.ofSeconds(30), 35);
    }

    private static long size(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(files::add);
        }
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        return total;
    }

    /** The benchmark moves its clock between the two figures. */
    private static final class MovableClock extends java.time.Clock {
        volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(ZoneId zone) {
            return java.time.Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
