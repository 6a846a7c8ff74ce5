package org.paperbot.bench;

import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.FakeRateLimits;
import org.paperbot.testing.Updates;

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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fairness: the packaged jar (production JVM flags) against the fake Bot API enforcing Telegram's per-chat limits
 * with real 429s. One group floods the bot at 300 updates/s (many members, so the per-user flood guard lets
 * them through) while quiet private chats send a command every 200 ms between them (each chat every few
 * seconds, within its own limit). Prints the quiet chats' reply latency (from getUpdates handing the update out
 * to the reply reaching the API), the group's messages per minute, 429s, what the router's per-group flood guard
 * ignored, and what the outbox merged or dropped.
 * Targets, printed and not asserted: quiet p99 ≤ 500 ms, the group ≤ 20 messages in any minute, zero 429s.
 *
 * <pre>mvn -B -Pbench -DskipTests verify -Dbench.args=fairness</pre>
 */
public final class FairnessBenchmark {
    static final int FLOOD_PER_SECOND = 300;
    static final Duration FLOOD = Duration.ofSeconds(Long.getLong("bench.fairnessSeconds", 75));
    static final Duration QUIET_EVERY = Duration.ofMillis(200);
    static final int QUIET_CHATS = 20;
    static final int MEMBERS = 2_000;
    static final int LATENCY_MS = 100;
    static final long GROUP = -100_300;
    static final String[] FLOOD_COMMANDS = {"/today", "/paper 1", "/paper 2", "/paper 3", "/paper 4", "/paper 5", "/paper 6",
            "/paper 7", "/paper 8", "/random", "/help", "/about", "/topics", "/list"};
    static final String[] QUIET_COMMANDS = {"/paper 1", "/about", "/paper 2", "/help", "/paper 3", "/topics", "/paper 4", "/list"};

    private FairnessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** A quiet chat's command: which chat, its update, and the how-many-th in that chat it was. */
    record Asked(long chat, int updateId, int nth) {
    }

    public static void run(PrintStream out) throws Exception {
        if (!Files.isRegularFile(EndToEndBenchmark.JAR)) {
            throw new IllegalStateException(EndToEndBenchmark.JAR + " not found: build it first (mvn -B -Pbench -DskipTests verify does)");
        }
        out.println();
        out.printf("== Fairness: one group floods at %d updates/s for %d s; quiet private chats send a command every %d ms"
                        + " (%d chats in turn); API latency %d ms; Telegram's per-chat limits enforced with 429s ==%n",
                FLOOD_PER_SECOND, FLOOD.toSeconds(), QUIET_EVERY.toMillis(), QUIET_CHATS, LATENCY_MS);
        Path data = Files.createTempDirectory("paperbot-fairness");
        try (FakeBotApi api = FakeBotApi.start()) {
            api.latency(Duration.ofMillis(LATENCY_MS));
            FakeRateLimits telegram = FakeRateLimits.telegram(System::nanoTime);
            api.enforce(telegram);
            int httpPort = EndToEndBenchmark.freePort();
            Process bot = EndToEndBenchmark.startBot(api, data, EndToEndBenchmark.PRODUCTION_FLAGS, 64, true, httpPort);
            try {
                api.await("getUpdates", c -> true, Duration.ofSeconds(60));
                List<Asked> asked = new ArrayList<>();
                int flooded = offerLoad(api, asked);
                Thread.sleep(3_000); // the last quiet replies
                report(out, api, telegram, asked, flooded, httpPort);
            } finally {
                EndToEndBenchmark.stop(bot);
            }
        }
    }

    /** Offers the flood and the quiet commands at their paces; returns how many group updates were offered. */
    private static int offerLoad(FakeBotApi api, List<Asked> asked) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + FLOOD.toNanos();
        long floodInterval = 1_000_000_000L / FLOOD_PER_SECOND;
        long nextQuiet = start;
        int flooded = 0;
        int quiet = 0;
        Map<Long, Integer> perChat = new HashMap<>();
        while (true) {
            long nextFlood = start + flooded * floodInterval;
            if (nextFlood >= end && nextQuiet >= end) {
                return flooded;
            }
            long due = Math.min(nextFlood, nextQuiet);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (nextQuiet <= nextFlood) {
                long chat = 700_000 + quiet % QUIET_CHATS;
                int nth = perChat.merge(chat, 1, Integer::sum);
                String command = QUIET_COMMANDS[(nth - 1) % QUIET_COMMANDS.length];
                asked.add(new Asked(chat, api.push(Updates.privateText(chat, command)), nth));
                quiet++;
                nextQuiet = start + quiet * QUIET_EVERY.toNanos();
            } else {
                long member = 1_000_000 + flooded % MEMBERS;
                api.push(Updates.groupText(GROUP, member, FLOOD_COMMANDS[flooded % FLOOD_COMMANDS.length]));
                flooded++;
            }
        }
    }

    private static void report(PrintStream out, FakeBotApi api, FakeRateLimits telegram, List<Asked> asked, int flooded,
                               int httpPort) throws Exception {
        Map<Long, List<FakeBotApi.Call>> replies = new HashMap<>();
        for (FakeBotApi.Call c : api.calls("sendMessage")) {
            replies.computeIfAbsent(c.chatId(), k -> new ArrayList<>()).add(c);
        }
        long[] latencies = new long[asked.size()];
        int n = 0;
        for (Asked a : asked) {
            // Quiet chats are far within their limits: no 429, nothing merged, so the n-th reply answers the n-th command.
            List<FakeBotApi.Call> toChat = replies.getOrDefault(a.chat(), List.of());
            Long out0 = api.handedOutAt(a.updateId());
            if (toChat.size() >= a.nth() && out0 != null) {
                latencies[n++] = toChat.get(a.nth() - 1).atNanos() - out0;
            }
        }
        Arrays.sort(latencies, 0, n);
        List<FakeBotApi.Call> toGroup = replies.getOrDefault(GROUP, List.of());
        long refusedGroup = telegram.refusals().stream().filter(r -> r.chatId() == GROUP).count();
        out.printf(Locale.ROOT, "quiet chats: %d commands, %d answered, reply latency p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                        + " (target p99 ≤ 500 ms)%n", asked.size(), n, EndToEndBenchmark.percentile(latencies, n, 0.50),
                EndToEndBenchmark.percentile(latencies, n, 0.99), n == 0 ? Double.NaN : latencies[n - 1] / 1e6);
        double minutes = toGroup.size() < 2 ? 0 : (toGroup.get(toGroup.size() - 1).atNanos() - toGroup.get(0).atNanos()) / 60e9;
        out.printf(Locale.ROOT, "flooding group: %d updates offered, %d messages received (%.1f per minute from the first"
                        + " to the last), most in any minute %d (target ≤ 20)%n", flooded, toGroup.size(),
                minutes == 0 ? Double.NaN : toGroup.size() / minutes, telegram.mostWithin(GROUP, Duration.ofMinutes(1)));
        out.printf(Locale.ROOT, "429s: %d to the group, %d in all, %d of them ignoring a retry_after (target 0)%n",
                refusedGroup, telegram.refusals().size(), telegram.ignoredRetryAfters());
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        out.printf(Locale.ROOT, "%s updates handled; the router's flood guard ignored %s of the group's; the outbox merged"
                        + " %s replies into identical ones and dropped %s as oldest waiting%n", sum(metrics, "paperbot_updates_total"),
                value(metrics, "paperbot_flood_rejected_total\\{kind=\"group\"}"), value(metrics, "paperbot_outbox_coalesced_total"),
                value(metrics, "paperbot_outbox_dropped_total"));
    }

    private static String value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.E+]+)$").matcher(metrics);
        return m.find() ? String.format(Locale.ROOT, "%.0f", Double.parseDouble(m.group(1))) : "?";
    }

    private static String sum(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*} ([0-9.E+]+)$").matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return String.format(Locale.ROOT, "%.0f", total);
    }
}
