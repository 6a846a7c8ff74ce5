package org.paperbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.Updates;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bot as in production — the packaged jar in its own JVM with the Docker image's JVM flags, real long
 * polling, real HTTP — against the fake Bot API with a fixed per-call latency. 1 000 users each send 10 updates
 * (commands, button presses, inline queries).
 *
 * <p>Two measurements per API latency: <b>throughput</b> with the whole load queued at once (after an unmeasured
 * warm-up round, since a running bot is warm), and <b>latency</b> with the same load offered at a steady rate
 * below capacity, so that the figure is what the bot adds, not time spent queueing behind a backlog. Latency is
 * measured from getUpdates handing an update out to the update's first reply call reaching the fake API. Also:
 * time from process start to the first getUpdates, peak RSS and heap, CPU per update of the bot and of the fake;
 * and TelegramBots' default sequential consumer on the same load as the baseline. Prints figures, asserts nothing.
 */
public final class EndToEndBenchmark {
    static final Path JAR = Path.of("target", "paperbot.jar");
    static final int USERS = 1000;
    static final int PER_USER = 10;
    static final Duration BASELINE_CAP = Duration.ofSeconds(60);
    /** The JVM flags of the Dockerfile's ENTRYPOINT (the CDS archive is made the same way as there). */
    static final List<String> PRODUCTION_FLAGS = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx256m", "-Xss512k",
            "-XX:+ExitOnOutOfMemoryError");
    static final long WARM_UP_USER_BASE = 100_000;
    static final long MEASURED_USER_BASE = 500_000;

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** One measured run. */
    record Result(String mode, int latencyMs, String load, int updates, int answered, double seconds, double perSecond,
                  double p50Ms, double p99Ms, long peakRssMb, long peakHeapMb, double botCpuMs, double fakeCpuMs) {
    }

    /** An update and how its first reply is recognised. */
    record Sent(int updateId, String key) {
    }

    public static void run(PrintStream out) throws Exception {
        List<String> flags = productionFlags(out);
        out.printf("Fake Bot API alone (64 clients, card-sized sendMessage): %.0f requests/s — the harness ceiling%n",
                fakeCeiling());

        out.printf("Start to first getUpdates: %s ms with these flags, %s ms with plain `java -jar`%n",
                startupMillis(flags), startupMillis(List.of()));

        List<Result> results = new ArrayList<>();
        for (int latency : new int[] {0, 100}) {
            results.add(measure("concurrent", latency, 64, true, flags, 0, Duration.ofMinutes(5)));
            results.add(measure("concurrent", latency, 64, true, flags, latency == 0 ? 300 : 200, Duration.ofMinutes(5)));
            results.add(measure("sequential", latency, 0, true, flags, 0, BASELINE_CAP));
            results.add(measure("no inbox", latency, 64, false, flags, 0, Duration.ofMinutes(5)));
        }
        printTable(out, results);
        for (int i = 0; i < results.size(); i += 4) {
            Result c = results.get(i);
            Result s = results.get(i + 2);
            out.printf("API latency %d ms: concurrent / sequential throughput = %.0f×%s%n", c.latencyMs(),
                    c.perSecond() / Math.max(0.001, s.perSecond()),
                    s.answered() < s.updates() ? " (the sequential run was cut at " + BASELINE_CAP.toSeconds() + " s)" : "");
            printInboxCost(out, c, results.get(i + 3));
        }
        out.println("load: 'all at once' = the 10 000 updates queued together (throughput; its latency is mostly queueing);");
        out.println("'N/s' = the same updates offered at a steady N per second (latency the bot adds). CPU = per update.");
        out.println("Targets: ≥ 300/s at 100 ms, ≥ 1500/s at 0 ms, bot-added p99 ≤ 10 ms, start ≤ 1500 ms, RSS ≤ 300 MB.");
        fairness(out, flags);
    }

    /** Only what the receiving side decides ({@code -Dbench.args=receiving}): the inbox's cost at 100 ms, fairness. */
    public static void runReceiving(PrintStream out) throws Exception {
        List<String> flags = productionFlags(out);
        Result stored = measure("concurrent", 100, 64, true, flags, 0, Duration.ofMinutes(5));
        Result memory = measure("no inbox", 100, 64, false, flags, 0, Duration.ofMinutes(5));
        printTable(out, List.of(stored, memory));
        printInboxCost(out, stored, memory);
        fairness(out, flags);
    }

    /** Checks the jar is built, prints the heading and returns the Docker image's JVM flags with a fresh CDS archive. */
    static List<String> productionFlags(PrintStream out) throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " not found: build it first (mvn -B -Pbench -DskipTests verify does)");
        }
        out.println();
        out.println("== End-to-end: the jar against the fake Bot API, " + USERS + " users × " + PER_USER + " updates ==");
        Path cds = Files.createTempDirectory("paperbot-cds").resolve("paperbot.jsa");
        createCdsArchive(cds);
        List<String> flags = new ArrayList<>(PRODUCTION_FLAGS);
        flags.add("-XX:SharedArchiveFile=" + cds);
        out.println("JVM flags (as in the Docker image): " + String.join(" ", flags));
        return flags;
    }

    static void printTable(PrintStream out, List<Result> results) {
        out.printf("%-11s %6s %-12s %8s %8s %8s %10s %8s %8s %7s %7s %9s %9s%n", "consumer", "API ms", "load", "updates",
                "answered", "seconds", "updates/s", "p50 ms", "p99 ms", "RSS MB", "heap MB", "bot CPU", "fake CPU");
        for (Result r : results) {
            out.printf("%-11s %6d %-12s %8d %8d %8.1f %10.0f %8.1f %8.1f %7d %7d %7.2fms %7.2fms%n", r.mode(), r.latencyMs(),
                    r.load(), r.updates(), r.answered(), r.seconds(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.peakRssMb(),
                    r.peakHeapMb(), r.botCpuMs(), r.fakeCpuMs());
        }
    }

    /** 'no inbox' = {@code bot.inbox: false}: updates kept in memory only, the path before the durable inbox. */
    static void printInboxCost(PrintStream out, Result stored, Result memory) {
        out.printf("API latency %d ms: the inbox costs %.0f%% of throughput (%.0f/s stored vs %.0f/s in memory only)"
                        + " and %+.2f ms of bot CPU per update%n", stored.latencyMs(),
                100 * (1 - stored.perSecond() / Math.max(0.001, memory.perSecond())), stored.perSecond(),
                memory.perSecond(), stored.botCpuMs() - memory.botCpuMs());
    }

    /**
     * One group floods at 300 updates/s for 20 s while private chats send a /start every 250 ms: how long the
     * private chats wait for their reply (from getUpdates handing the update out), at 100 ms API latency.
     */
    static void fairness(PrintStream out, List<String> flags) throws Exception {
        int floodPerSecond = 300;
        Duration length = Duration.ofSeconds(20);
        long group = -1_001_234_567_890L;
        Path data = Files.createTempDirectory("paperbot-fair");
        try (FakeBotApi api = FakeBotApi.start()) {
            api.latency(Duration.ofMillis(100));
            int httpPort = freePort();
            Process bot = startBot(api, data, flags, 64, true, httpPort);
            try {
                api.await("getUpdates", c -> true, Duration.ofSeconds(30));
                // A running bot is warm: the first replies of a fresh JVM take a second, which is not what is measured.
                for (int i = 0; i < 120; i++) {
                    api.push(i % 6 == 0 ? Updates.groupText(group - i, 7, "/today") : Updates.privateText(800_000L + i, "/start"));
                }
                api.awaitCount("sendMessage", 120, Duration.ofSeconds(60));
                api.clearCalls();
                Map<Integer, Long> quiet = new HashMap<>(); // update id -> private chat
                long started = System.nanoTime();
                int sent = 0;
                while (System.nanoTime() - started < length.toNanos()) {
                    long due = started + (long) (sent * 1e9 / floodPerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    api.push(Updates.groupText(group, 7_000 + sent % 30, "/today"));
                    if (sent % (floodPerSecond / 4) == 0) {
                        long chat = 900_000L + sent;
                        quiet.put(api.push(Updates.privateText(chat, "/start")), chat);
                    }
                    sent++;
                }
                Map<Long, Long> replyAt = new HashMap<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (replyAt.size() < quiet.size() && System.nanoTime() < deadline) {
                    for (FakeBotApi.Call c : api.calls("sendMessage")) {
                        if (c.chatId() > 0) {
                            replyAt.putIfAbsent(c.chatId(), c.atNanos());
                        }
                    }
                    Thread.sleep(100);
                }
                long[] latencies = new long[quiet.size()];
                int n = 0;
                for (Map.Entry<Integer, Long> q : quiet.entrySet()) {
                    Long reply = replyAt.get(q.getValue());
                    Long handedOut = api.handedOutAt(q.getKey());
                    if (reply != null && handedOut != null) {
                        latencies[n++] = reply - handedOut;
                    }
                }
                Arrays.sort(latencies, 0, n);
                long toGroup = api.calls("sendMessage").stream().filter(c -> c.chatId() == group).count();
                Matcher dropped = Pattern.compile("paperbot_updates_dropped_total\\{reason=\"chat_backlog\",?} ([0-9.E+]+)")
                        .matcher(scrape(httpPort));
                out.printf("Fairness (100 ms API): a group flooding at %d/s for %d s (%d updates); %d of %d private /start"
                                + " answered, p50 %.0f ms, p99 %.0f ms, max %.0f ms; %d messages to the group,"
                                + " %s of its updates dropped as backlog%n", floodPerSecond, length.toSeconds(), sent, n,
                        quiet.size(), percentile(latencies, n, 0.50), percentile(latencies, n, 0.99),
                        n == 0 ? Double.NaN : latencies[n - 1] / 1e6, toGroup,
                        dropped.find() ? String.format("%.0f", Double.parseDouble(dropped.group(1))) : "none");
                out.println("Target: the private p99 ≤ 500 ms (the group's 20 messages per minute are the sender's budget).");
            } finally {
                stop(bot);
            }
        }
    }

    static String scrape(int httpPort) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The Docker build's training run: console mode, answering one command, writes the archive at exit. */
    static void createCdsArchive(Path archive) throws Exception {
        Process p = new ProcessBuilder(javaBin(), "-XX:ArchiveClassesAtExit=" + archive, "-jar", JAR.toString(), "console")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            in.write("/today\n".getBytes(StandardCharsets.UTF_8));
        }
        p.waitFor(60, TimeUnit.SECONDS);
    }

    static double fakeCeiling() throws Exception {
        try (FakeBotApi api = FakeBotApi.start()) {
            Dispatcher d = new Dispatcher();
            d.setMaxRequests(256);
            d.setMaxRequestsPerHost(256);
            OkHttpClient client = new OkHttpClient.Builder().dispatcher(d).connectionPool(new ConnectionPool(128, 5, TimeUnit.MINUTES)).build();
            String body = "{\"chat_id\":5,\"parse_mode\":\"html\",\"text\":\"" + "ж".repeat(1500) + "\"}";
            AtomicLong done = new AtomicLong();
            long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(64);
            long start = System.nanoTime();
            for (int i = 0; i < 64; i++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        Request r = new Request.Builder().url(api.url() + "/bot" + FakeBotApi.TOKEN + "/sendmessage")
                                .post(RequestBody.create(body, MediaType.get("application/json"))).build();
                        try (Response resp = client.newCall(r).execute()) {
                            resp.body().string();
                            done.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
            double rate = done.get() / ((System.nanoTime() - start) / 1e9);
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
            return rate;
        }
    }

    static String startupMillis(List<String> flags) throws Exception {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path data = Files.createTempDirectory("paperbot-start");
            try (FakeBotApi api = FakeBotApi.start()) {
                long started = System.nanoTime();
                Process bot = startBot(api, data, flags, 64, true, freePort());
                try {
                    FakeBotApi.Call first = api.await("getUpdates", c -> true, Duration.ofSeconds(30));
                    runs.add(String.valueOf((first.atNanos() - started) / 1_000_000));
                } finally {
                    stop(bot);
                }
            }
        }
        return String.join(" / ", runs);
    }

    static Process startBot(FakeBotApi api, Path data, List<String> flags, int workers, boolean inbox, int httpPort)
            throws IOException {
        return startBot(api, data, flags, workers, inbox, httpPort, Map.of());
    }

    /** @param env more environment, e.g. another catalog; it wins over the defaults here */
    static Process startBot(FakeBotApi api, Path data, List<String> flags, int workers, boolean inbox, int httpPort,
                            Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(flags);
        String extra = System.getProperty("bench.jvmArgs", "");
        if (!extra.isBlank()) {
            command.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(Map.of("TELEGRAM_BOT_TOKEN", FakeBotApi.TOKEN, "TELEGRAM_API_URL", api.url(),
                "TELEGRAM_POLL_TIMEOUT", "5", "PAPERBOT_DATA_DIR", data.toString(), "PAPERBOT_HTTP_PORT", String.valueOf(httpPort),
                "PAPERBOT_HTTP_HOST", "127.0.0.1", "PAPERBOT_UPDATE_WORKERS", String.valueOf(workers),
                "PAPERBOT_CATALOG_WATCH", "false", "PAPERBOT_INBOX", String.valueOf(inbox)));
        pb.environment().putAll(env);
        File log = data.resolve("bot.log").toFile();
        pb.redirectErrorStream(true).redirectOutput(log);
        return pb.start();
    }

    static void stop(Process bot) throws InterruptedException {
        bot.destroy();
        if (!bot.waitFor(15, TimeUnit.SECONDS)) {
            bot.destroyForcibly();
        }
    }

    /**
     * @param pacedPerSecond 0 = queue everything at once (throughput); otherwise offer updates at this steady rate
     */
    static Result measure(String mode, int latencyMs, int workers, boolean inbox, List<String> flags, int pacedPerSecond,
                          Duration cap) throws Exception {
        Path data = Files.createTempDirectory("paperbot-bench");
        try (FakeBotApi api = FakeBotApi.start()) {
            api.latency(Duration.ofMillis(latencyMs));
            int httpPort = freePort();
            Process bot = startBot(api, data, flags, workers, inbox, httpPort);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            AtomicLong peakRss = new AtomicLong();
            AtomicLong peakHeap = new AtomicLong();
            try {
                api.await("getUpdates", c -> true, Duration.ofSeconds(30));
                sampler.scheduleAtFixedRate(() -> sample(bot.pid(), httpPort, peakRss, peakHeap), 0, 100, TimeUnit.MILLISECONDS);

                // A running bot is warm: one unmeasured round first (other users), then the measured one.
                if (workers > 0) {
                    List<Sent> warmUp = pushLoad(api, WARM_UP_USER_BASE, 0);
                    awaitReplies(api, warmUp, cap);
                }
                long botCpuBefore = cpuMillis(bot.pid());
                long fakeCpuBefore = harnessCpuMillis();
                List<Sent> sent = pushLoad(api, MEASURED_USER_BASE, pacedPerSecond);
                Map<String, Long> replies = awaitReplies(api, sent, cap);

                long[] latencies = new long[sent.size()];
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
                double botCpu = (cpuMillis(bot.pid()) - botCpuBefore) / (double) Math.max(1, n);
                double fakeCpu = (harnessCpuMillis() - fakeCpuBefore) / (double) Math.max(1, n);
                sample(bot.pid(), httpPort, peakRss, peakHeap);
                return new Result(mode, latencyMs, pacedPerSecond == 0 ? "all at once" : pacedPerSecond + "/s", sent.size(), n,
                        seconds, n / Math.max(seconds, 1e-9), percentile(latencies, n, 0.50), percentile(latencies, n, 0.99),
                        peakRss.get() / 1024, peakHeap.get() / (1024 * 1024), botCpu, fakeCpu);
            } finally {
                sampler.shutdownNow();
                stop(bot);
            }
        }
    }

    static Map<String, Long> awaitReplies(FakeBotApi api, List<Sent> sent, Duration cap) throws InterruptedException {
        Map<String, Long> replies = new HashMap<>();
        ReplyIndex index = new ReplyIndex();
        long deadline = System.nanoTime() + cap.toNanos();
        do {
            index.collect(api, replies);
            if (sent.stream().allMatch(s -> replies.containsKey(s.key()))) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        index.collect(api, replies);
        return replies;
    }

    /**
     * 10 updates per user, in the order a person would send them. Paced: round by round at {@code perSecond}.
     */
    static List<Sent> pushLoad(FakeBotApi api, long userBase, int perSecond) throws InterruptedException {
        List<Sent> sent = new ArrayList<>(USERS * PER_USER);
        String[] ids = {"y01KGvd9Bw", "MrR3rMxqqv", "LXVswInHOo", "TyFrPOKYXw", "9OevMUdods", "g9diuvxN6D", "Ifz3IgsEPX", "ylhiMfpqkm"};
        String[] queries = {"трансф", "attention", "RLHF", "приватность", "GFlowNet", "предобучение", "instruction", ""};
        long started = System.nanoTime();
        for (int round = 0; round < PER_USER; round++) {
            for (int u = 1; u <= USERS; u++) {
                if (perSecond > 0) {
                    long due = started + (long) (sent.size() * 1e9 / perSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                long user = userBase + u;
                int k = (u + round) % 8;
                switch (round) {
                    case 3, 6 -> {
                        Map<String, Object> press = Updates.callback(user, 1000 + round, "c:" + ids[k]);
                        String id = (String) ((Map<?, ?>) press.get("callback_query")).get("id");
                        sent.add(new Sent(api.push(press), "cb:" + id));
                    }
                    case 4, 8 -> {
                        Map<String, Object> inline = Updates.inline(user, queries[k], "");
                        String id = (String) ((Map<?, ?>) inline.get("inline_query")).get("id");
                        sent.add(new Sent(api.push(inline), "iq:" + id));
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
                        sent.add(new Sent(api.push(Updates.privateText(user, text)), "msg:" + user + ":" + round));
                    }
                }
            }
        }
        return sent;
    }

    /** Reads the fake's call log incrementally and maps each first reply to its update's key. */
    static final class ReplyIndex {
        private int seen;
        private final Map<Long, Integer> messagesPerChat = new HashMap<>();

        void collect(FakeBotApi api, Map<String, Long> replies) {
            List<FakeBotApi.Call> calls = api.calls();
            for (int i = seen; i < calls.size(); i++) {
                FakeBotApi.Call c = calls.get(i);
                JsonNode b = c.body();
                switch (c.method()) {
                    case "sendMessage" -> {
                        int nth = messagesPerChat.merge(c.chatId(), 1, Integer::sum);
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
            seen = calls.size();
        }

        /** The rounds that are chat messages, in order: the n-th sendMessage in a chat answers this round. */
        private static int messageRound(int nth) {
            int[] rounds = {0, 1, 2, 5, 7, 9};
            return nth >= 1 && nth <= rounds.length ? rounds[nth - 1] : -1;
        }
    }

    static double percentile(long[] sorted, int n, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)] / 1e6;
    }

    private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} ([0-9.E+]+)");

    /** The heap in use of the bot listening on {@code httpPort}, all pools summed, from its /metrics. */
    static long heapUsedBytes(int httpPort) throws IOException, InterruptedException {
        Matcher m = HEAP.matcher(scrape(httpPort));
        double heap = 0;
        while (m.find()) {
            heap += Double.parseDouble(m.group(1));
        }
        return (long) heap;
    }

    static void sample(long pid, int httpPort, AtomicLong peakRssKb, AtomicLong peakHeapBytes) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:") || line.startsWith("VmRSS:")) {
                    peakRssKb.accumulateAndGet(Long.parseLong(line.replaceAll("\\D", "")), Math::max);
                }
            }
            peakHeapBytes.accumulateAndGet(heapUsedBytes(httpPort), Math::max);
        } catch (IOException | RuntimeException e) {
            // the process may be starting or gone; the next sample will do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU time (user + system) of a process, from /proc (clock ticks of 10 ms). */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU time of this JVM: the fake Bot API and the benchmark's bookkeeping. */
    static long harnessCpuMillis() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1_000_000 : 0;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
