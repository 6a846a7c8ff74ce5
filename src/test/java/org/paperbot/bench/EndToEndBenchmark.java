package org.paperbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.Updates;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bot as in production — the packaged jar in its own JVM, real long polling, real HTTP — against the fake
 * Bot API with a fixed per-call latency. 1 000 users each send 10 updates (commands, button presses, inline
 * queries). Prints throughput, update→reply latency (from getUpdates handing the update out to the first reply
 * call arriving), start-up time to the first getUpdates, peak RSS and heap; then the same load with
 * TelegramBots' default sequential consumer as the baseline. Prints figures, asserts nothing.
 */
public final class EndToEndBenchmark {
    static final Path JAR = Path.of("target", "paperbot.jar");
    static final int USERS = 1000;
    static final int PER_USER = 10;
    static final Duration BASELINE_CAP = Duration.ofSeconds(60);

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** One measured run. */
    record Result(String mode, int latencyMs, int updates, int answered, double seconds, double perSecond,
                  double p50Ms, double p99Ms, double startupMs, long peakRssMb, long peakHeapMb) {
    }

    /** An update and how its first reply is recognised. */
    record Sent(int updateId, String kind, String key) {
    }

    public static void run(PrintStream out) throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " not found: build it first (mvn -B -Pbench -DskipTests verify does)");
        }
        out.println();
        out.println("== End-to-end: the jar against the fake Bot API, " + USERS + " users × " + PER_USER + " updates ==");
        List<Result> results = new ArrayList<>();
        for (int latency : new int[] {0, 100}) {
            Result concurrent = measure("concurrent", latency, 64, Duration.ofMinutes(5));
            Result sequential = measure("sequential", latency, 0, BASELINE_CAP);
            results.add(concurrent);
            results.add(sequential);
        }
        out.printf("%-11s %7s %8s %8s %9s %10s %9s %9s %10s %9s %9s%n", "consumer", "API ms", "updates", "answered",
                "seconds", "updates/s", "p50 ms", "p99 ms", "start ms", "RSS MB", "heap MB");
        for (Result r : results) {
            out.printf("%-11s %7d %8d %8d %9.1f %10.0f %9.1f %9.1f %10.0f %9d %9d%n", r.mode(), r.latencyMs(), r.updates(),
                    r.answered(), r.seconds(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.startupMs(), r.peakRssMb(), r.peakHeapMb());
        }
        for (int i = 0; i < results.size(); i += 2) {
            Result c = results.get(i);
            Result s = results.get(i + 1);
            out.printf("API latency %d ms: concurrent / sequential throughput = %.1f×%s%n", c.latencyMs(),
                    c.perSecond() / Math.max(0.001, s.perSecond()),
                    s.answered() < s.updates() ? " (sequential run capped at " + BASELINE_CAP.toSeconds() + " s)" : "");
        }
        out.println("Latency = from getUpdates handing an update out to its first reply call reaching the fake API;");
        out.println("it is what the bot adds on top of the API latency. Targets: ≥ 300/s at 100 ms, ≥ 1500/s at 0 ms,");
        out.println("p99 ≤ 10 ms, start ≤ 1500 ms, RSS ≤ 300 MB.");
    }

    static Result measure(String mode, int latencyMs, int workers, Duration cap) throws Exception {
        Path data = Files.createTempDirectory("paperbot-bench");
        try (FakeBotApi api = FakeBotApi.start()) {
            api.latency(Duration.ofMillis(latencyMs));
            int httpPort = freePort();
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(javaBin, "-jar", JAR.toString());
            pb.environment().putAll(Map.of("TELEGRAM_BOT_TOKEN", FakeBotApi.TOKEN, "TELEGRAM_API_URL", api.url(),
                    "TELEGRAM_POLL_TIMEOUT", "5", "PAPERBOT_DATA_DIR", data.toString(), "PAPERBOT_HTTP_PORT", String.valueOf(httpPort),
                    "PAPERBOT_HTTP_HOST", "127.0.0.1", "PAPERBOT_UPDATE_WORKERS", String.valueOf(workers),
                    "PAPERBOT_CATALOG_WATCH", "false"));
            File log = data.resolve("bot.log").toFile();
            pb.redirectErrorStream(true).redirectOutput(log);
            long started = System.nanoTime();
            Process bot = pb.start();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            AtomicLong peakRss = new AtomicLong();
            AtomicLong peakHeap = new AtomicLong();
            try {
                FakeBotApi.Call firstPoll = api.await("getUpdates", c -> true, Duration.ofSeconds(30));
                double startupMs = (firstPoll.atNanos() - started) / 1e6;
                sampler.scheduleAtFixedRate(() -> sample(bot.pid(), httpPort, peakRss, peakHeap), 0, 100, TimeUnit.MILLISECONDS);

                List<Sent> sent = pushLoad(api);
                long deadline = System.nanoTime() + cap.toNanos();
                Map<String, Long> replies = new HashMap<>();
                int answered = 0;
                while (System.nanoTime() < deadline) {
                    answered = collectReplies(api, replies, sent);
                    if (answered == sent.size()) {
                        break;
                    }
                    Thread.sleep(50);
                }
                answered = collectReplies(api, replies, sent);
                long[] latencies = new long[answered];
                long firstOut = Long.MAX_VALUE;
                long lastReply = 0;
                int n = 0;
                for (Sent s : sent) {
                    Long reply = replies.get(s.key());
                    Long out = api.handedOutAt(s.updateId());
                    if (reply == null || out == null) {
                        continue;
                    }
                    latencies[n++] = reply - out;
                    firstOut = Math.min(firstOut, out);
                    lastReply = Math.max(lastReply, reply);
                }
                Arrays.sort(latencies, 0, n);
                double seconds = n == 0 ? 0 : (lastReply - firstOut) / 1e9;
                sample(bot.pid(), httpPort, peakRss, peakHeap);
                return new Result(mode, latencyMs, sent.size(), n, seconds, n / Math.max(seconds, 1e-9),
                        percentile(latencies, n, 0.50), percentile(latencies, n, 0.99), startupMs,
                        peakRss.get() / 1024, peakHeap.get() / (1024 * 1024));
            } finally {
                sampler.shutdownNow();
                bot.destroy();
                if (!bot.waitFor(15, TimeUnit.SECONDS)) {
                    bot.destroyForcibly();
                }
            }
        }
    }

    /** 10 updates per user, in the order a person would send them. */
    static List<Sent> pushLoad(FakeBotApi api) {
        List<Sent> sent = new ArrayList<>(USERS * PER_USER);
        String[] ids = {"y01KGvd9Bw", "MrR3rMxqqv", "LXVswInHOo", "TyFrPOKYXw", "9OevMUdods", "g9diuvxN6D", "Ifz3IgsEPX", "ylhiMfpqkm"};
        String[] queries = {"трансф", "attention", "RLHF", "приватность", "GFlowNet", "предобучение", "instruction", ""};
        for (int round = 0; round < PER_USER; round++) {
            for (int u = 1; u <= USERS; u++) {
                long user = 500_000 + u;
                int k = (u + round) % 8;
                switch (round) {
                    case 3, 6 -> {
                        Map<String, Object> press = Updates.callback(user, 1000 + round, "c:" + ids[k]);
                        String id = (String) ((Map<?, ?>) press.get("callback_query")).get("id");
                        sent.add(new Sent(api.push(press), "callback", "cb:" + id));
                    }
                    case 4, 8 -> {
                        Map<String, Object> inline = Updates.inline(user, queries[k], "");
                        String id = (String) ((Map<?, ?>) inline.get("inline_query")).get("id");
                        sent.add(new Sent(api.push(inline), "inline", "iq:" + id));
                    }
                    default -> {
                        String text = switch (round) {
                            case 0 -> "/start";
                            case 1 -> "/today";
                            case 2 -> "/paper " + (k + 1);
                            case 5 -> "/list";
                            case 7 -> "/random";
                            default -> "/topics";
                        };
                        int id = api.push(Updates.privateText(user, text));
                        sent.add(new Sent(id, "message", "msg:" + user + ":" + round));
                    }
                }
            }
        }
        return sent;
    }

    /** Maps each first reply to its update's key; returns how many updates have one. */
    static int collectReplies(FakeBotApi api, Map<String, Long> replies, List<Sent> sent) {
        Map<Long, Integer> messagesSeen = new HashMap<>();
        Map<String, Integer> roundOfMessage = new HashMap<>();
        for (FakeBotApi.Call c : api.calls()) {
            JsonNode b = c.body();
            switch (c.method()) {
                case "sendMessage" -> {
                    int nth = messagesSeen.merge(c.chatId(), 1, Integer::sum);
                    int round = messageRound(nth);
                    if (round >= 0) {
                        replies.putIfAbsent("msg:" + c.chatId() + ":" + round, c.atNanos());
                    }
                }
                case "answerCallbackQuery" -> replies.putIfAbsent("cb:" + b.path("callback_query_id").asText(), c.atNanos());
                case "answerInlineQuery" -> replies.putIfAbsent("iq:" + b.path("inline_query_id").asText(), c.atNanos());
                default -> { }
            }
        }
        roundOfMessage.clear();
        int answered = 0;
        for (Sent s : sent) {
            if (replies.containsKey(s.key())) {
                answered++;
            }
        }
        return answered;
    }

    /** The rounds that are chat messages, in order: the n-th sendMessage in a chat answers this round. */
    private static int messageRound(int nth) {
        int[] rounds = {0, 1, 2, 5, 7, 9};
        return nth >= 1 && nth <= rounds.length ? rounds[nth - 1] : -1;
    }

    static double percentile(long[] sorted, int n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)] / 1e6;
    }

    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} ([0-9.E+]+)");

    static void sample(long pid, int httpPort, AtomicLong peakRssKb, AtomicLong peakHeapBytes) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:") || line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    peakRssKb.accumulateAndGet(kb, Math::max);
                }
            }
            String metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = HEAP.matcher(metrics);
            double heap = 0;
            while (m.find()) {
                heap += Double.parseDouble(m.group(1));
            }
            peakHeapBytes.accumulateAndGet((long) heap, Math::max);
        } catch (IOException | RuntimeException e) {
            // the process may be starting or gone; the next sample will do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
