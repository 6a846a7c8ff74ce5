package org.paperbot.bench;

import org.paperbot.daily.BroadcastReport;
import org.paperbot.store.Database;
import org.paperbot.testing.FakeBotApi;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;

/**
 * A broadcast of 100 000 subscribers due in the same minute at {@code daily.rate-per-second: 1000}
 * ({@code -Dbench.args=scale-broadcast}, or as part of {@code scale}). The fake Bot API runs here and enforces
 * Telegram's global limit ({@link BroadcastBenchmark.TelegramLimit}, 1000/s, 429 with {@code retry_after} over it);
 * the bot's side, the real sending path of {@link BroadcastBenchmark}, runs in a child JVM with the image's flags, so
 * its heap is the bot's alone. Prints achieved rate / limit, the 429s and the bot's heap after the run (measured
 * once the run has ended and its senders are gone: what a broadcast leaves behind).
 * {@code -Dbench.broadcast} changes the number of subscribers.
 */
public final class ScaleBroadcastBenchmark {
    static final int SUBSCRIBERS = Integer.getInteger("bench.broadcast", 100_000);
    static final int LIMIT = 1000;

    private ScaleBroadcastBenchmark() {
    }

    public static void run(PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "%nBroadcast at scale: %,d subscribers due at once, daily.rate-per-second %d, fake Bot API"
                + " limit %d/s, %d ms answer latency; the bot in a JVM with %s%n", SUBSCRIBERS, LIMIT, LIMIT,
                BroadcastBenchmark.LATENCY.toMillis(), String.join(" ", ImageJvm.FLAGS));
        BroadcastBenchmark.TelegramLimit telegram = new BroadcastBenchmark.TelegramLimit(LIMIT);
        long[] arrivals = new long[SUBSCRIBERS * 2];
        int[] count = new int[1];
        try (FakeBotApi api = FakeBotApi.start()) {
            api.latency(BroadcastBenchmark.LATENCY);
            api.override("sendMessage", call -> {
                int wait = telegram.admit();
                if (wait == 0) {
                    synchronized (arrivals) {
                        if (count[0] < arrivals.length) {
                            arrivals[count[0]++] = System.nanoTime();
                        }
                    }
                }
                return wait == 0 ? null : FakeBotApi.Answer.tooManyRequests(wait);
            });
            // The fake keeps every call's body; 100 000 cards' worth is dropped as it goes.
            Thread clearing = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    api.clearCalls();
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-clear-calls");
            clearing.setDaemon(true);
            clearing.start();
            if (ImageJvm.isCurrent()) {
                bot(api.url(), out);
            } else {
                ImageJvm.run(ScaleBroadcastBenchmark.class, out, "bench.api=" + api.url());
            }
            clearing.interrupt();
        }
        long[] sorted;
        synchronized (arrivals) {
            sorted = Arrays.copyOf(arrivals, count[0]);
        }
        Arrays.sort(sorted);
        double steady = sorted.length < 40 ? 0
                : (sorted.length - 21) / ((sorted[sorted.length - 11] - sorted[10]) / 1e9);
        out.printf(Locale.ROOT, "at the fake: %,d cards admitted, %d × 429, steady %.1f/s (%.3f of the limit; target ≥ 0.9,"
                + " 0 × 429)%n", sorted.length, telegram.rejected(), steady, steady / LIMIT);
    }

    /** The bot's side, in the child JVM. */
    public static void main(String[] args) throws Exception {
        org.paperbot.logging.Logging.configure(false, "WARN");
        bot(System.getProperty("bench.api"), System.out);
    }

    private static void bot(String apiUrl, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("paperbot-scale-broadcast");
        try (Database db = Database.open(dir)) {
            Clock clock = Clock.fixed(BroadcastBenchmark.NOON, ZoneOffset.UTC);
            BroadcastBenchmark.subscribe(db, SUBSCRIBERS);
            BroadcastReport report = BroadcastBenchmark.broadcastOnce(apiUrl, db, clock, LIMIT);
            long heap = ImageJvm.heapAfterGc();
            out.printf(Locale.ROOT, "the bot: %,d planned, %,d sent, %,d failed, %d × 429 seen, %.1f s, achieved %.1f/s "
                            + "(%.3f of the limit), heap after GC %d MB%n", report.planned(), report.sent(), report.failed(),
                    report.rateLimited(), report.duration().toMillis() / 1000.0, report.achievedRate(),
                    report.achievedRate() / LIMIT, heap >> 20);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
