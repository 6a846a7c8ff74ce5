package org.paperbot.bench;

import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.Updates;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar with a 100 000-paper catalog under the Docker image's JVM flags ({@code -Xmx256m}), seen from
 * outside as an operator sees it: time from process start to the first {@code getUpdates} with a new catalog (the
 * load: parse, store, index) and with an unchanged one (a restart), three {@code /reload}s in a row of an edited
 * file, heap after a full GC and RSS before and after each reload, and whether anything ran out of memory. Prints,
 * asserts nothing. {@code -Dbench.papers} changes the size.
 */
final class ScaleCatalogBenchmark {
    static final int PAPERS = Integer.getInteger("bench.papers", 100_000);
    static final long ADMIN = 4_242;
    static final Duration RELOAD_CAP = Duration.ofMinutes(5);

    private ScaleCatalogBenchmark() {
    }

    /** What one process start showed. */
    record Start(long toFirstPollMs, long heapMb, long rssMb) {
    }

    /** What one reload showed. */
    record Reload(long replyMs, String reply, long heapMb, long rssMb) {
    }

    static void run(PrintStream out) throws Exception {
        out.println();
        out.println("== Scale: " + PAPERS + " papers, the jar with " + String.join(" ", EndToEndBenchmark.PRODUCTION_FLAGS)
                + " ==");
        Path dir = Files.createTempDirectory("paperbot-scale");
        Path catalog = dir.resolve("papers.json");
        long t = System.nanoTime();
        SyntheticCatalog.writeJson(catalog, PAPERS, 42, 0);
        out.printf("catalog file: %d MB, written in %.1f s%n", Files.size(catalog) >> 20, (System.nanoTime() - t) / 1e9);
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        List<String> logs = new ArrayList<>();

        Start first;
        List<Reload> reloads = new ArrayList<>();
        try (FakeBotApi api = FakeBotApi.start()) {
            int port = EndToEndBenchmark.freePort();
            Path log = dir.resolve("bot-1.log");
            logs.add(log.toString());
            Process bot = start(api, data, catalog, port);
            try {
                first = awaitStart(api, bot, port);
                for (int edition = 1; edition <= 3 && bot.isAlive(); edition++) {
                    SyntheticCatalog.writeJson(catalog, PAPERS, 42, edition);
                    reloads.add(reload(api, bot, port));
                }
            } finally {
                EndToEndBenchmark.stop(bot);
                keepLog(data, log);
            }
        }
        List<Start> restarts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (FakeBotApi api = FakeBotApi.start()) {
                int port = EndToEndBenchmark.freePort();
                Path log = dir.resolve("bot-restart-" + i + ".log");
                logs.add(log.toString());
                Process bot = start(api, data, catalog, port);
                try {
                    restarts.add(awaitStart(api, bot, port));
                } finally {
                    EndToEndBenchmark.stop(bot);
                    keepLog(data, log);
                }
            }
        }

        out.printf("load (new catalog, start to first getUpdates): %s%n", first.toFirstPollMs() < 0 ? "never" : first.toFirstPollMs() + " ms");
        out.printf("after load: heap after GC %d MB, RSS %d MB%n", first.heapMb(), first.rssMb());
        out.println("| reload | reply after | heap after GC | RSS |");
        out.println("|---|---|---|---|");
        for (int i = 0; i < reloads.size(); i++) {
            Reload r = reloads.get(i);
            out.printf("| %d | %s | %d MB | %d MB |%n", i + 1, r.replyMs() < 0 ? "no reply" : r.replyMs() + " ms", r.heapMb(), r.rssMb());
        }
        reloads.forEach(r -> out.println("  reply: " + r.reply().replace('\n', ' ')));
        out.printf("start-up with the unchanged catalog (start to first getUpdates): %s%n",
                String.join(" / ", restarts.stream().map(s -> s.toFirstPollMs() + " ms").toList()));
        long ooms = 0;
        for (String log : logs) {
            ooms += Files.readAllLines(Path.of(log)).stream().filter(l -> l.contains("OutOfMemoryError")).count();
        }
        out.printf("OutOfMemoryError lines in the bot's logs: %d (logs in %s)%n", ooms, dir);
        ImageJvm.run(ScaleCatalogProbe.class, out, "bench.catalogFile=" + catalog);
        out.println("Targets: search p99 ≤ 2 ms; card p99 not cached ≤ 5 ms; no OOM on load or 3 reloads; heap after GC ≤ 150 MB; RSS after a reload ≤ 400 MB and within"
                + " 10 % of before; load ≤ 15 s; start-up unchanged ≤ 3 s.");
    }

    private static Process start(FakeBotApi api, Path data, Path catalog, int port) throws IOException {
        Process bot = EndToEndBenchmark.startBot(api, data, EndToEndBenchmark.PRODUCTION_FLAGS, 64, true, port,
                Map.of("PAPERBOT_CATALOG", catalog.toString(), "PAPERBOT_ADMIN_IDS", String.valueOf(ADMIN)));
        return bot;
    }

    /** Every start writes the data directory's bot.log afresh; the runs share that directory, so each log is kept. */
    private static void keepLog(Path data, Path log) throws IOException {
        Path written = data.resolve("bot.log");
        if (Files.exists(written)) {
            Files.copy(written, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Start awaitStart(FakeBotApi api, Process bot, int port) throws Exception {
        long started = bot.info().startInstant().map(i -> i.toEpochMilli()).orElse(System.currentTimeMillis());
        long startedNanos = System.nanoTime() - (System.currentTimeMillis() - started) * 1_000_000;
        FakeBotApi.Call poll;
        try {
            poll = api.await("getUpdates", c -> true, Duration.ofMinutes(3));
        } catch (AssertionError | RuntimeException e) {
            return new Start(-1, -1, rssMb(bot.pid()));
        }
        return new Start((poll.atNanos() - startedNanos) / 1_000_000, heapAfterGcMb(bot.pid(), port), rssMb(bot.pid()));
    }

    private static Reload reload(FakeBotApi api, Process bot, int port) throws Exception {
        long sent = System.nanoTime();
        api.push(Updates.privateText(ADMIN, "/reload"));
        FakeBotApi.Call reply;
        try {
            reply = api.await("sendMessage", c -> c.chatId() == ADMIN && c.atNanos() > sent, RELOAD_CAP);
        } catch (AssertionError | RuntimeException e) {
            return new Reload(-1, "(none: " + e.getMessage() + ")", -1, rssMb(bot.pid()));
        }
        long ms = (reply.atNanos() - sent) / 1_000_000;
        // The old snapshot is released once requests on it are done: give that a moment before measuring.
        TimeUnit.SECONDS.sleep(5);
        return new Reload(ms, reply.text(), heapAfterGcMb(bot.pid(), port), rssMb(bot.pid()));
    }

    /** Asks the bot's JVM for a full GC (jcmd), then reads the heap in use from its /metrics. */
    static long heapAfterGcMb(long pid, int port) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (Files.isExecutable(jcmd)) {
            Process gc = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            gc.waitFor(60, TimeUnit.SECONDS);
        }
        return EndToEndBenchmark.heapUsedBytes(port) >> 20;
    }

    static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return -1;
    }
}
