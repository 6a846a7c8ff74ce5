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
import java.util.Random;
import java.util.stream.Stream;

/**
 * The scheduler at a million subscribers ({@code -Dbench.args=scale-subscribers}, or as part of {@code scale}), in a
 * JVM with the image's flags ({@link ImageJvm}): subscriptions spread over zones and times, then 30 days of daily
 * deliveries written with the store's own statements in set form (every chat's claim inserted, then marked sent with
 * a message id, then its subscription moved to the next day: what {@link DeliveryStore#claim} and {@link
 * DeliveryStore#markSent} write, a day at a time, since a transaction per send would take hours here; every chat gets
 * one row a day whatever the order, so the pages fill alike) and pruned each day by {@link
 * DeliveryStore#pruneBefore} with the default window, as the scheduler's daily prune does; then the planning half of
 * a tick when nothing is due and when 10 000 are. Prints tick times, database size and heap after GC.
 * {@code -Dbench.subscribers}, {@code -Dbench.days} and {@code -Dbench.historyDays} change the size.
 */
public final class ScaleSubscribersBenchmark {
    static final int SUBSCRIBERS = Integer.getInteger("bench.subscribers", 1_000_000);
    /** Days of deliveries simulated before the measured one. */
    static final int DAYS = Integer.getInteger("bench.days", 30);
    /** {@code daily.history-days}: its default unless asked otherwise. */
    static final int HISTORY_DAYS = Integer.getInteger("bench.historyDays", 3);
    static final int DUE = 10_000;
    static final int CHATS_PER_TRANSACTION = 50_000;
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

    /** Runs in a child JVM with the image's flags unless this one has them. */
    public static void run(PrintStream out) throws Exception {
        if (ImageJvm.isCurrent()) {
            measure(out);
        } else {
            ImageJvm.run(ScaleSubscribersBenchmark.class, out);
        }
    }

    public static void main(String[] args) throws Exception {
        org.paperbot.logging.Logging.configure(false, "WARN");
        measure(System.out);
    }

    static void measure(PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("paperbot-scale");
        out.printf(Locale.ROOT, "%nScale: %,d subscriptions over %d zones, %d days of deliveries, daily.history-days %d; "
                        + "JVM %s, max heap %d MB%n", SUBSCRIBERS, ZONES.size(), DAYS, HISTORY_DAYS,
                String.join(" ", ImageJvm.FLAGS), Runtime.getRuntime().maxMemory() >> 20);
        long[] quiet;
        long[] busy;
        long heap;
        int kept;
        try (FakeBotApi api = FakeBotApi.start(); Database db = Database.open(dir)) {
            MovableClock clock = new MovableClock(QUIET);
            DeliveryStore deliveries = new DeliveryStore(db, clock);
            long t0 = System.nanoTime();
            Chats chats = Chats.spread();
            subscribe(db, chats);
            double subscribed = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            LocalDate today = LocalDate.ofInstant(QUIET, ZoneOffset.UTC);
            long pruning = 0;
            for (LocalDate day = today.minusDays(DAYS); day.isBefore(today); day = day.plusDays(1)) {
                // The first tick of the UTC day prunes; then every chat gets the day's card.
                long p0 = System.nanoTime();
                deliveries.pruneBefore(day.minusDays(HISTORY_DAYS));
                pruning += System.nanoTime() - p0;
                deliverToEveryone(db, day);
            }
            long p0 = System.nanoTime();
            deliveries.pruneBefore(today.minusDays(HISTORY_DAYS));
            pruning += System.nanoTime() - p0;
            // Today up to QUIET: whoever's time has passed got today's card.
            deliver(db, chats, today, QUIET);
            out.printf(Locale.ROOT, "subscribed in %.1f s, %d days delivered and pruned in %.1f s (pruning %.1f s)%n",
                    subscribed, DAYS, (System.nanoTime() - t1) / 1e9, pruning / 1e9);
            kept = db.transaction(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM delivery")) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            });
            chats = null;

            DailyScheduler scheduler = scheduler(api, db, deliveries, clock);
            quiet = time(() -> scheduler.due(QUIET).size(), 0);
            clock.now = BUSY;
            busy = time(() -> scheduler.due(BUSY).size(), DUE);
            scheduler.stop(Duration.ofSeconds(1));

            heap = ImageJvm.heapAfterGc();
        }
        // After closing: the last checkpoint has moved the -wal into the file, as a running bot's checkpoints do.
        out.printf(Locale.ROOT, "%-34s %10s %10s %8s%n", "figure", "median", "max", "target");
        out.printf(Locale.ROOT, "%-34s %8.1f ms %8.1f ms %8s%n", "tick, nothing due", quiet[0] / 1e6, quiet[1] / 1e6,
                "50 ms");
        out.printf(Locale.ROOT, "%-34s %8.1f ms %8.1f ms %8s%n", "tick, 10 000 due (planning)", busy[0] / 1e6,
                busy[1] / 1e6, "500 ms");
        out.printf(Locale.ROOT, "%-34s %8d MB %11s %8s%n", "database size", size(dir) >> 20, "", "400 MB");
        out.printf(Locale.ROOT, "%-34s %8d MB %11s %8s%n", "heap after GC", heap >> 20, "", "");
        out.printf(Locale.ROOT, "delivery rows kept: %,d; tick = DailyScheduler.due: the due page query (the given-up date"
                + " read with it) and Schedule.next per due row; sending is the broadcast benchmark's%n", kept);
        deleteQuietly(dir);
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
     * Who subscribed where: chats 1..10 000 take their card at 11:07 UTC; every other chat has a quarter-hour time in
     * one of the zones.
     */
    private record Chats(byte[] zone, byte[] slot) {
        static final ZoneId DUE_ZONE = ZoneOffset.UTC;
        static final LocalTime DUE_TIME = LocalTime.of(11, 7);

        static Chats spread() {
            Random random = new Random(7);
            byte[] zone = new byte[SUBSCRIBERS + 1];
            byte[] slot = new byte[SUBSCRIBERS + 1];
            for (int chat = 1; chat <= SUBSCRIBERS; chat++) {
                zone[chat] = (byte) (chat % ZONES.size());
                slot[chat] = (byte) random.nextInt(68);
            }
            return new Chats(zone, slot);
        }

        ZoneId zone(int chat) {
            return chat <= DUE ? DUE_ZONE : ZONES.get(zone[chat]);
        }

        LocalTime time(int chat) {
            return chat <= DUE ? DUE_TIME : LocalTime.of(6, 0).plusMinutes(15L * slot[chat]);
        }
    }

    /** The subscriptions as {@code /subscribe} writes them: due at their time on the first simulated day. */
    private static void subscribe(Database db, Chats chats) {
        LocalDate first = LocalDate.ofInstant(QUIET, ZoneOffset.UTC).minusDays(DAYS);
        String created = first.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        for (int from = 1; from <= SUBSCRIBERS; from += 10_000) {
            int start = from;
            db.transaction(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO subscription (chat_id, active, send_time, zone, "
                        + "created_at, updated_at, next_due) VALUES (?, 1, ?, ?, ?, ?, ?)")) {
                    for (int chat = start; chat < start + 10_000 && chat <= SUBSCRIBERS; chat++) {
                        s.setLong(1, chat);
                        s.setString(2, chats.time(chat).toString());
                        s.setString(3, chats.zone(chat).getId());
                        s.setString(4, created);
                        s.setString(5, created);
                        s.setLong(6, Schedule.dueAt(first, chats.time(chat), chats.zone(chat)).toEpochMilli());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                return null;
            });
        }
    }

    /** The cards of local date {@code day} to every chat, as the store's statements write them. */
    private static void deliverToEveryone(Database db, LocalDate day) {
        long at = day.atTime(12, 0).toEpochSecond(ZoneOffset.UTC);
        db.transaction(c -> {
            try (PreparedStatement claim = c.prepareStatement("INSERT INTO delivery (chat_id, local_day, state, attempts, "
                    + "changed_at) SELECT chat_id, ?, 0, 1, ? FROM subscription WHERE active = 1 "
                    + "ON CONFLICT (chat_id, local_day) DO UPDATE SET state = 0, attempts = delivery.attempts + 1, "
                    + "changed_at = excluded.changed_at");
                 PreparedStatement sent = c.prepareStatement("UPDATE delivery SET state = 1, "
                         + "message_id = 1 + ABS(RANDOM() % 100000), last_error = NULL, changed_at = ? WHERE local_day = ?");
                 PreparedStatement due = c.prepareStatement("UPDATE subscription SET last_sent_date = ?, "
                         + "next_due = next_due + 86400000 WHERE active = 1")) {
                claim.setLong(1, day.toEpochDay());
                claim.setLong(2, at);
                claim.executeUpdate();
                sent.setLong(1, at + 1);
                sent.setLong(2, day.toEpochDay());
                sent.executeUpdate();
                due.setString(1, day.toString());
                due.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Today's cards due by {@code until}, one statement per chat, with the statements of {@link
     * DeliveryStore#claim} and {@link DeliveryStore#markSent} (the send's next due instant is tomorrow's time, what
     * {@code DueTimes} computes for a chat with default settings).
     */
    private static void deliver(Database db, Chats chats, LocalDate day, Instant until) {
        Random random = new Random(day.toEpochDay());
        for (int i = 1; i <= SUBSCRIBERS; i += CHATS_PER_TRANSACTION) {
            int from = i;
            int to = Math.min(SUBSCRIBERS + 1, from + CHATS_PER_TRANSACTION);
            db.transaction(c -> {
                try (PreparedStatement claim = c.prepareStatement("INSERT INTO delivery (chat_id, local_day, state, "
                        + "attempts, changed_at) VALUES (?, ?, 0, 1, ?) ON CONFLICT (chat_id, local_day) DO UPDATE SET "
                        + "state = 0, attempts = delivery.attempts + 1, changed_at = excluded.changed_at");
                     PreparedStatement sent = c.prepareStatement("UPDATE delivery SET state = 1, message_id = ?, "
                             + "last_error = NULL, changed_at = ? WHERE chat_id = ? AND local_day = ?");
                     PreparedStatement due = c.prepareStatement("UPDATE subscription SET last_sent_date = ?, next_due = ? "
                             + "WHERE chat_id = ?");
                     PreparedStatement waiting = c.prepareStatement("UPDATE subscription SET next_due = ? WHERE chat_id = ?")) {
                    for (int chat = from; chat < to; chat++) {
                        Instant at = Schedule.dueAt(day, chats.time(chat), chats.zone(chat));
                        if (at.isAfter(until)) {
                            // Not yet: due at today's time (what the day before's send computed, by the zone's rules).
                            waiting.setLong(1, at.toEpochMilli());
                            waiting.setLong(2, chat);
                            waiting.addBatch();
                            continue;
                        }
                        claim.setLong(1, chat);
                        claim.setLong(2, day.toEpochDay());
                        claim.setLong(3, at.getEpochSecond());
                        claim.addBatch();
                        sent.setInt(1, 1 + random.nextInt(100_000));
                        sent.setLong(2, at.getEpochSecond() + 1);
                        sent.setLong(3, chat);
                        sent.setLong(4, day.toEpochDay());
                        sent.addBatch();
                        due.setString(1, day.toString());
                        due.setLong(2, Schedule.dueAt(day.plusDays(1), chats.time(chat), chats.zone(chat)).toEpochMilli());
                        due.setLong(3, chat);
                        due.addBatch();
                    }
                    claim.executeBatch();
                    sent.executeBatch();
                    due.executeBatch();
                    waiting.executeBatch();
                }
                return null;
            });
        }
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
        return new DailyScheduler(deliveries, new BroadcastLog(db), broadcaster, clock, Duration.ofSeconds(30), HISTORY_DAYS);
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

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
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
