package org.paperbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.PostgresServer;
import org.paperbot.testing.RoundRobinProxy;
import org.paperbot.testing.Updates;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Webhook mode on PostgreSQL with 1, 2 and 3 replicas ({@code -Dbench.args=replicas}): each replica is the packaged
 * jar in a JVM of its own with the Docker image's flags (as {@link EndToEndBenchmark} runs it), behind a
 * {@link RoundRobinProxy}, against one {@link FakeBotApi} with a fixed sendMessage latency, sharing one PostgreSQL
 * server ({@link PostgresServer#shared()}) with a fresh database per replica count.
 *
 * <p>The load is Telegram's webhook delivery: {@code bench.posters} (40, Telegram's default {@code max_connections})
 * concurrent POSTs carrying {@code bench.updates} (6 000) updates from private chats, a chat's next update only after
 * its previous one was answered 200. Each text is a search that finds nothing, so each update gets exactly one reply
 * quoting it. Two loads per replica count ({@code bench.chats}, "300+3000"): 300 chats × 20 updates, where the
 * outbox's per-chat pacing (1 message/s after a burst of 3) bounds the answers, and 3 000 chats × 2 updates, where it
 * does not. An unmeasured warm-up ({@code bench.warmup}, 600 updates from other chats) comes first, since a running
 * replica is warm.
 *
 * <p>Figures: updates acknowledged per second (POST 200s over the window from the first POST to the last 200),
 * updates answered per second (sendMessage calls at the fake, from the first POST to the last answer), p50/p99 from
 * POST to the answer reaching the fake, each replica's CPU (from /proc) over the window, per update it handled (its
 * claims in the inbox) and summed over replicas, PostgreSQL's CPU (the postmaster and its backends, from /proc), and
 * the harness JVM's (fake API, balancer, posters). Missing and duplicate answers are counted, not asserted.
 * {@code bench.apiMs} sets the fake's latency (10), {@code bench.replicas} the counts run ("1+2+3"), e.g.
 * {@code -Dbench.args="replicas replicas=3 chats=3000 updates=3000"}.
 */
final class ReplicasBenchmark {
    static final int UPDATES = Integer.getInteger("bench.updates", 6_000);
    /** One measured load per chat count: 300 chats × 20 updates meet the per-chat pacing, 3 000 × 2 do not. */
    static final String CHATS = System.getProperty("bench.chats", "300+3000");
    static final int POSTERS = Integer.getInteger("bench.posters", 40);
    static final int WARM_UP = Integer.getInteger("bench.warmup", 600);
    static final int API_MS = Integer.getInteger("bench.apiMs", 10);
    static final String COUNTS = System.getProperty("bench.replicas", "1+2+3");
    /** Waiting for the answers of one phase at most this long; what is missing then is reported. */
    static final Duration CAP = Duration.ofSeconds(Integer.getInteger("bench.capSeconds", 90));
    static final Duration READY = Duration.ofSeconds(90);

    static final String SECRET = "bench-replica-secret_1";
    static final String PATH = "/telegram/hook";
    static final long WARM_UP_USER_BASE = 6_100_000L;
    static final long MEASURED_USER_BASE = 6_500_000L;
    /** The measured loads' update ids start at multiples of this; warm-up ids are below. */
    static final int ID_BLOCK = 1_000_000;
    static final Pattern QUOTED = Pattern.compile("zqx(\\d+)r(\\d+)");
    static final ObjectMapper JSON = new ObjectMapper();

    /** Every replica process started and not yet stopped, for the shutdown hook. */
    private static final List<Process> LIVE = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "replicas-bench-kill"));
    }

    private ReplicasBenchmark() {
    }

    /** One replica process. */
    record Replica(int index, Process process, Path data, int httpPort, int webhookPort) {
    }

    /** One replica's share of the window. */
    record Share(int forwarded, int handled, double cpuSeconds) {
        double cpuMsPerUpdate() {
            return handled == 0 ? Double.NaN : cpuSeconds * 1000 / handled;
        }
    }

    /** One measured run. */
    record Result(int replicas, int chats, int updates, int acked, int answered, int missing, int duplicates, int refused,
                  double ackSeconds, double answerSeconds, double ackP50, double ackP99, double p50, double p99,
                  List<Share> shares, double pgCpuSeconds, long pgTransactions, long pgRows, double harnessCpuSeconds,
                  String loadStart, String loadEnd) {
        double botCpuSeconds() {
            return shares.stream().mapToDouble(Share::cpuSeconds).sum();
        }
    }

    /** What the posters did in one phase: when each update was first POSTed and when its 200 came, by index. */
    record Posted(long[] postAt, long[] ackAt, int refused) {
    }

    static void run(PrintStream out) throws Exception {
        if (!Files.isRegularFile(EndToEndBenchmark.JAR)) {
            throw new IllegalStateException(EndToEndBenchmark.JAR + " not found: build it first (mvn -B -Pbench -DskipTests verify does)");
        }
        int[] chatCounts = numbers(CHATS);
        String chats = Arrays.stream(chatCounts).mapToObj(String::valueOf).collect(Collectors.joining(" or "));
        out.println();
        out.printf("== Replicas: webhook mode on PostgreSQL, %d updates from %s chats, %d concurrent POSTs through a"
                + " round-robin balancer, sendMessage latency %d ms ==%n", UPDATES, chats, POSTERS, API_MS);
        String loadStart = loadAverage();
        PostgresServer server = PostgresServer.shared();
        Path cds = Files.createTempDirectory("paperbot-cds").resolve("paperbot.jsa");
        EndToEndBenchmark.createCdsArchive(cds);
        List<String> flags = new ArrayList<>(EndToEndBenchmark.PRODUCTION_FLAGS);
        flags.add("-XX:SharedArchiveFile=" + cds);
        out.println("Each replica: java " + String.join(" ", flags) + " -jar " + EndToEndBenchmark.JAR
                + "; PostgreSQL " + server.version() + " (fsync off); warm-up " + WARM_UP + " updates per replica count");

        List<Result> results = new ArrayList<>();
        try {
            for (int n : numbers(COUNTS)) {
                try {
                    results.addAll(measure(out, server, flags, n, chatCounts));
                } catch (Exception e) {
                    out.println(n + " replica(s): failed: " + e);
                }
            }
        } finally {
            deleteTree(cds.getParent());
        }
        out.println();
        printTable(out, results);
        out.println("Load average (1, 5, 15 min) at start " + loadStart + ", at end " + loadAverage()
                + "; the machine is shared with other work.");
        out.println("acked/s = POST 200s per second, first POST to last 200; answered/s = sendMessage calls at the fake per"
                + " second, first POST to last answer;");
        out.println("p50/p99 = POST sent to its answer reaching the fake; bot CPU = all replicas' user+system time over the"
                + " window (/proc), ms/upd = per update answered,");
        out.println("each = per replica, its CPU / the updates it handled (inbox claims); PG = the PostgreSQL server's"
                + " processes, tx/upd = its transactions per update,");
        out.println("rows/upd = rows it read per update (tup_returned + tup_fetched); harness = this JVM: fake Bot API,"
                + " balancer, " + POSTERS + " posters.");
        out.printf("Note: this machine has %d cores, shared by the replicas, PostgreSQL and the harness: more replicas"
                + " cannot add CPU here,%n  so CPU-bound throughput cannot scale with them; the figures show what coordinating"
                + " through PostgreSQL costs, not what separate hosts would give.%n",
                Runtime.getRuntime().availableProcessors());
        out.println("Note: latency is mostly waiting in the inbox: POSTs are acknowledged once stored, faster than answers"
                + " go out, so a backlog builds; and the replica that stores an");
        out.println("  update is not the one that handles it: whichever replica's claim loop asks first takes up to 16 (SharedDispatcher.CLAIM_BATCH) of"
                + " the oldest claimable updates, so handled shares can be uneven");
        out.println("  and a replica handling few shows a high CPU per update (it still receives and stores its third of"
                + " the POSTs).");
        out.println("Note: each replica's outbox paces a private chat to 1 message/s after a burst of 3, and a chat's next"
                + " update is claimed only once its reply is out:");
        out.println("  with 20 updates per chat the chats' pacing bounds answered/s (about one answer per chat per second"
                + " per replica that handles the chat); with 2 per chat it does not.");
    }

    static void printTable(PrintStream out, List<Result> results) {
        out.printf("%-8s %5s %7s %8s %7s %3s %7s %7s %10s %6s %6s %7s %6s %-17s %6s %6s %6s %8s %7s %7s%n", "replicas",
                "chats", "updates", "answered", "missing", "dup", "seconds", "acked/s", "answered/s", "p50 ms", "p99 ms",
                "bot CPU", "ms/upd", "each ms/upd", "PG CPU", "ms/upd", "tx/upd", "rows/upd", "harness", "loadavg");
        for (Result r : results) {
            String each = r.shares().stream().map(s -> String.format("%.2f", s.cpuMsPerUpdate()))
                    .collect(Collectors.joining("/"));
            out.printf("%-8d %5d %7d %8d %7d %3d %7.1f %7.0f %10.0f %6.0f %6.0f %6.1fs %6.2f %-17s %5.1fs %6.2f %6.1f %8.0f"
                            + " %6.1fs %7s%n",
                    r.replicas(), r.chats(), r.updates(), r.answered(), r.missing(), r.duplicates(), r.answerSeconds(),
                    r.acked() / Math.max(1e-9, r.ackSeconds()), r.answered() / Math.max(1e-9, r.answerSeconds()), r.p50(),
                    r.p99(), r.botCpuSeconds(), r.botCpuSeconds() * 1000 / Math.max(1, r.answered()), each,
                    r.pgCpuSeconds(), r.pgCpuSeconds() * 1000 / Math.max(1, r.answered()),
                    r.pgTransactions() / (double) Math.max(1, r.answered()), r.pgRows() / (double) Math.max(1, r.answered()),
                    r.harnessCpuSeconds(), r.loadEnd().split(" ")[0]);
        }
    }

    static void printDetail(PrintStream out, Result r) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < r.shares().size(); i++) {
            Share s = r.shares().get(i);
            sb.append(String.format("%n    replica %d: forwarded %d, handled %d, CPU %.1f s, %.2f ms/update", i + 1,
                    s.forwarded(), s.handled(), s.cpuSeconds(), s.cpuMsPerUpdate()));
        }
        out.printf("%d replica(s), %d chats: %d acked in %.1f s (POST→200 p50 %.0f ms, p99 %.0f ms, %d refused and re-posted),"
                        + " %d answered in %.1f s, %d missing, %d duplicate; load %s → %s%s%n", r.replicas(), r.chats(),
                r.acked(), r.ackSeconds(), r.ackP50(), r.ackP99(), r.refused(), r.answered(), r.answerSeconds(), r.missing(),
                r.duplicates(), r.loadStart(), r.loadEnd(), sb);
    }

    /** Starts {@code n} replicas on a fresh database, warms them up, then runs each measured load on them. */
    static List<Result> measure(PrintStream out, PostgresServer server, List<String> flags, int n, int[] chatCounts)
            throws Exception {
        String database = server.createDatabase();
        List<Replica> replicas = new ArrayList<>();
        boolean ok = false;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try (FakeBotApi api = FakeBotApi.start()) {
            api.latency(Duration.ofMillis(API_MS));
            RoundRobinProxy proxy = null;
            try {
                for (int i = 0; i < n; i++) {
                    replicas.add(start(api, server, database, flags, i));
                }
                awaitReady(api, replicas, http);
                List<IntSupplier> ports = new ArrayList<>();
                for (Replica r : replicas) {
                    int port = r.webhookPort();
                    ports.add(() -> port);
                }
                proxy = RoundRobinProxy.start(ports);

                // Warm-up: other chats, unmeasured.
                int warmChats = Math.min(300, Math.max(1, WARM_UP));
                int warmRounds = Math.max(1, WARM_UP / warmChats);
                post(http, proxy.uri(PATH), WARM_UP_USER_BASE, warmChats, warmRounds, 1);
                awaitAnswers(api, warmChats * warmRounds);
                Thread.sleep(500);

                List<Result> results = new ArrayList<>();
                for (int j = 0; j < chatCounts.length; j++) {
                    Result r = measureLoad(server, database, api, http, proxy, replicas, chatCounts[j], (j + 1) * ID_BLOCK,
                            MEASURED_USER_BASE + (j + 1) * 100_000L);
                    printDetail(out, r);
                    results.add(r);
                }
                ok = true;
                return results;
            } finally {
                if (proxy != null) {
                    proxy.close();
                }
                stopAll(replicas);
                if (ok) { // a failed run keeps the replicas' bot.log
                    for (Replica r : replicas) {
                        deleteTree(r.data());
                    }
                }
            }
        } finally {
            server.dropDatabase(database);
        }
    }

    /**
     * One measured load: {@link #UPDATES} updates from {@code chats} chats (update ids from {@code firstId}, users from
     * {@code userBase}) on replicas already running and warm.
     */
    static Result measureLoad(PostgresServer server, String database, FakeBotApi api, HttpClient http,
                              RoundRobinProxy proxy, List<Replica> replicas, int chats, int firstId, long userBase)
            throws Exception {
        int n = replicas.size();
        api.clearCalls();
        int[] forwardedBefore = new int[n];
        for (int i = 0; i < n; i++) {
            forwardedBefore[i] = proxy.forwardedTo(i);
        }
        int rounds = Math.max(1, UPDATES / chats);
        int total = rounds * chats;
        String loadStart = loadAverage();
        long[] statsBefore = databaseStats(server, database);
        long[] cpuBefore = replicas.stream().mapToLong(r -> EndToEndBenchmark.cpuMillis(r.process().pid())).toArray();
        long pgBefore = postgresCpuMillis(server.port());
        long harnessBefore = EndToEndBenchmark.harnessCpuMillis();
        Posted posted = post(http, proxy.uri(PATH), userBase, chats, rounds, firstId);
        awaitAnswers(api, total);
        long[] cpuAfter = replicas.stream().mapToLong(r -> EndToEndBenchmark.cpuMillis(r.process().pid())).toArray();
        long pgAfter = postgresCpuMillis(server.port());
        long harnessAfter = EndToEndBenchmark.harnessCpuMillis();
        String loadEnd = loadAverage();
        Thread.sleep(1000); // anything sent twice would arrive about now; PostgreSQL's statistics catch up meanwhile
        long[] statsAfter = databaseStats(server, database);

        // Answers: the first one quoting each update, and how many more.
        long[] answerAt = new long[total];
        int[] answers = new int[total];
        for (FakeBotApi.Call c : api.calls("sendMessage")) {
            Matcher m = QUOTED.matcher(c.text() == null ? "" : c.text());
            if (!m.find()) {
                continue;
            }
            int chat = Integer.parseInt(m.group(1));
            int round = Integer.parseInt(m.group(2));
            if (chat >= chats || round >= rounds || c.chatId() != userBase + chat) {
                continue;
            }
            int k = round * chats + chat;
            if (answers[k]++ == 0) {
                answerAt[k] = c.atNanos();
            }
        }
        long firstPost = Arrays.stream(posted.postAt()).filter(t -> t > 0).min().orElse(0);
        long lastAck = Arrays.stream(posted.ackAt()).max().orElse(firstPost);
        long lastAnswer = firstPost;
        long[] latencies = new long[total];
        long[] ackLatencies = new long[total];
        int answered = 0;
        int acked = 0;
        int duplicates = 0;
        for (int k = 0; k < total; k++) {
            if (posted.ackAt()[k] > 0) {
                ackLatencies[acked++] = posted.ackAt()[k] - posted.postAt()[k];
            }
            if (answers[k] > 0) {
                latencies[answered++] = answerAt[k] - posted.postAt()[k];
                lastAnswer = Math.max(lastAnswer, answerAt[k]);
                duplicates += answers[k] - 1;
            }
        }
        Arrays.sort(latencies, 0, answered);
        Arrays.sort(ackLatencies, 0, acked);

        Map<Long, Integer> handled = handledByPid(server, database, firstId, firstId + total);
        List<Share> shares = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shares.add(new Share(proxy.forwardedTo(i) - forwardedBefore[i],
                    handled.getOrDefault(replicas.get(i).process().pid(), 0), (cpuAfter[i] - cpuBefore[i]) / 1000.0));
        }
        return new Result(n, chats, total, acked, answered, total - answered, duplicates, posted.refused(),
                (lastAck - firstPost) / 1e9, (lastAnswer - firstPost) / 1e9,
                EndToEndBenchmark.percentile(ackLatencies, acked, 0.50), EndToEndBenchmark.percentile(ackLatencies, acked, 0.99),
                EndToEndBenchmark.percentile(latencies, answered, 0.50), EndToEndBenchmark.percentile(latencies, answered, 0.99),
                shares, (pgAfter - pgBefore) / 1000.0, statsAfter[0] - statsBefore[0], statsAfter[1] - statsBefore[1],
                (harnessAfter - harnessBefore) / 1000.0, loadStart, loadEnd);
    }

    /**
     * {transactions committed and rolled back, rows read (tup_returned + tup_fetched)} in {@code database} so far, as
     * PostgreSQL's statistics have them (they lag by up to half a second).
     */
    static long[] databaseStats(PostgresServer server, String database) {
        try (Connection c = DriverManager.getConnection(database, server.user(), server.password());
             PreparedStatement p = c.prepareStatement("SELECT xact_commit + xact_rollback, tup_returned + tup_fetched"
                     + " FROM pg_stat_database WHERE datname = current_database()");
             ResultSet rs = p.executeQuery()) {
            return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[2];
        } catch (SQLException e) {
            return new long[2];
        }
    }

    static Replica start(FakeBotApi api, PostgresServer server, String database, List<String> flags, int index)
            throws IOException {
        Path data = Files.createTempDirectory("paperbot-replica-" + index + "-");
        int httpPort = EndToEndBenchmark.freePort();
        int webhookPort = EndToEndBenchmark.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("TELEGRAM_MODE", "webhook");
        env.put("TELEGRAM_WEBHOOK_URL", "https://bot.example.org" + PATH);
        env.put("TELEGRAM_WEBHOOK_SECRET", SECRET);
        env.put("PAPERBOT_WEBHOOK_PORT", String.valueOf(webhookPort));
        env.put("PAPERBOT_FLOOD_COMMANDS", "0");
        env.put("PAPERBOT_DATABASE_URL", database);
        env.put("PAPERBOT_DATABASE_USER", server.user());
        env.put("PAPERBOT_DATABASE_PASSWORD", server.password());
        Process p = EndToEndBenchmark.startBot(api, data, flags, 64, true, httpPort, env);
        LIVE.add(p);
        return new Replica(index, p, data, httpPort, webhookPort);
    }

    /** Every replica has told the fake its webhook and answers 200 on /healthz. */
    static void awaitReady(FakeBotApi api, List<Replica> replicas, HttpClient http) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        boolean[] healthy = new boolean[replicas.size()];
        while (true) {
            boolean all = api.count("setWebhook") >= replicas.size();
            for (Replica r : replicas) {
                if (!r.process().isAlive()) {
                    throw new IllegalStateException("replica " + (r.index() + 1) + " exited with " + r.process().exitValue()
                            + "; its log ends:\n" + tail(r.data().resolve("bot.log")));
                }
                if (!healthy[r.index()]) {
                    try {
                        URI health = URI.create("http://127.0.0.1:" + r.httpPort() + "/healthz");
                        healthy[r.index()] = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException e) {
                        // not listening yet
                    }
                }
                all &= healthy[r.index()];
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replicas not ready within " + READY.toSeconds() + " s: setWebhook "
                        + api.count("setWebhook") + " of " + replicas.size() + ", healthy " + Arrays.toString(healthy));
            }
            Thread.sleep(100);
        }
    }

    /**
     * POSTs {@code rounds} updates from each of {@code chats} chats with {@link #POSTERS} concurrent requests, a chat's
     * next only after its previous one was answered 200 (anything else is POSTed again, as Telegram would). Update
     * {@code k = round * chats + chat} has id {@code firstId + k} and text {@code zqx<chat>r<round>}.
     */
    static Posted post(HttpClient http, URI hook, long userBase, int chats, int rounds, int firstId)
            throws Exception {
        int total = chats * rounds;
        long[] postAt = new long[total];
        AtomicLongArray ackAt = new AtomicLongArray(total);
        int[] nextRound = new int[chats];
        ConcurrentLinkedQueue<Integer> ready = new ConcurrentLinkedQueue<>();
        for (int c = 0; c < chats; c++) {
            ready.add(c);
        }
        AtomicInteger left = new AtomicInteger(total);
        AtomicInteger refused = new AtomicInteger();
        long deadline = System.nanoTime() + CAP.toNanos();
        ExecutorService posters = Executors.newFixedThreadPool(POSTERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < POSTERS; t++) {
                running.add(posters.submit(() -> {
                    while (left.get() > 0 && System.nanoTime() < deadline) {
                        Integer chat = ready.poll();
                        if (chat == null) {
                            Thread.sleep(1); // every chat's update is on the wire; one comes back soon
                            continue;
                        }
                        int round = nextRound[chat]; // a chat is held by one poster at a time
                        int k = round * chats + chat;
                        long user = userBase + chat;
                        ObjectNode update = JSON.valueToTree(Updates.privateText(user, "zqx" + chat + "r" + round));
                        update.put("update_id", firstId + k);
                        HttpRequest request = HttpRequest.newBuilder(hook).timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(update.toString(), StandardCharsets.UTF_8))
                                .header("Content-Type", "application/json")
                                .header("X-Telegram-Bot-Api-Secret-Token", SECRET).build();
                        int status;
                        long sentAt = System.nanoTime();
                        if (postAt[k] == 0) {
                            postAt[k] = sentAt;
                        }
                        try {
                            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (IOException e) {
                            status = -1;
                        }
                        if (status == 200) {
                            ackAt.set(k, System.nanoTime());
                            left.decrementAndGet();
                            if (round + 1 < rounds) {
                                nextRound[chat] = round + 1;
                                ready.add(chat);
                            }
                        } else {
                            refused.incrementAndGet();
                            Thread.sleep(50);
                            ready.add(chat); // the same update again
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            posters.shutdownNow();
        }
        long[] acks = new long[total];
        for (int k = 0; k < total; k++) {
            acks[k] = ackAt.get(k);
        }
        return new Posted(postAt, acks, refused.get());
    }

    /** Waits until {@code count} sendMessage calls reached the fake, or {@link #CAP}. */
    static void awaitAnswers(FakeBotApi api, int count) throws InterruptedException {
        long deadline = System.nanoTime() + CAP.toNanos();
        while (api.count("sendMessage") < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Updates with ids in [fromId, toId) handled, by the pid in the claimant's name (ReplicaId: host-pid-nonce). */
    static Map<Long, Integer> handledByPid(PostgresServer server, String database, int fromId, int toId)
            throws SQLException {
        Map<Long, Integer> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(database, server.user(), server.password());
             PreparedStatement p = c.prepareStatement("SELECT claimed_by, COUNT(*) FROM inbox WHERE state = 'handled'"
                     + " AND update_id >= ? AND update_id < ? GROUP BY claimed_by")) {
            p.setLong(1, fromId);
            p.setLong(2, toId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String[] parts = String.valueOf(rs.getString(1)).split("-");
                    long pid = parts.length >= 3 ? Long.parseLong(parts[parts.length - 2]) : -1;
                    out.merge(pid, rs.getInt(2), Integer::sum);
                }
            }
        }
        return out;
    }

    /**
     * CPU of the PostgreSQL server listening on {@code port}: the postmaster with the backends it reaped, and its live
     * children (backends, checkpointer, WAL writer…), in ms.
     */
    static long postgresCpuMillis(int port) {
        long postmaster = postmasterPid(port);
        if (postmaster < 0) {
            return 0;
        }
        long[] self = procTimes(postmaster);
        long total = self[0] + self[1];
        for (ProcessHandle child : ProcessHandle.of(postmaster).map(h -> h.descendants().toList()).orElse(List.of())) {
            total += procTimes(child.pid())[0];
        }
        return total;
    }

    /** The pid of the {@code postgres} process started with {@code -p port}, or -1. */
    static long postmasterPid(int port) {
        return ProcessHandle.allProcesses().filter(h -> {
            try {
                String[] argv = Files.readString(Path.of("/proc", String.valueOf(h.pid()), "cmdline")).split("\0");
                if (argv.length == 0 || !argv[0].endsWith("/postgres")) {
                    return false;
                }
                for (int i = 0; i + 1 < argv.length; i++) {
                    if (argv[i].equals("-p") && argv[i + 1].equals(String.valueOf(port))) {
                        return true;
                    }
                }
                return false;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }).mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    /** {utime + stime, cutime + cstime} of a process in ms (clock ticks of 10 ms), zeros if gone. */
    static long[] procTimes(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {(Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10,
                    (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    static void stopAll(List<Replica> replicas) throws InterruptedException {
        for (Replica r : replicas) {
            r.process().destroy();
        }
        for (Replica r : replicas) {
            if (!r.process().waitFor(15, TimeUnit.SECONDS)) {
                r.process().destroyForcibly();
                r.process().waitFor(5, TimeUnit.SECONDS);
            }
            LIVE.remove(r.process());
        }
    }

    /** "1+2+3", "1/2/3" or "1,2,3" (BenchmarkSuite splits {@code bench.args} at commas: use + or / there). */
    static int[] numbers(String list) {
        return Arrays.stream(list.trim().split("[^0-9]+")).filter(w -> !w.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // a temporary directory; the system's clean-up will do
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.subList(Math.max(0, lines.size() - 30), lines.size()).stream().collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
