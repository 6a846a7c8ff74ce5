package org.paperbot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A Bot API server on 127.0.0.1 speaking Telegram's JSON wire format, for end-to-end tests and benchmarks:
 * the real TelegramBots client and long-polling loop talk to it over HTTP.
 *
 * <p>It queues updates for {@code getUpdates} with Telegram's offset semantics (an offset confirms every
 * update below it; unconfirmed ones are delivered again), records every call, answers sends with plausible
 * {@code Message} objects, and lets a test replace the answer to any method ({@link #override}) to inject
 * faults: HTTP errors, 429 with retry_after, malformed JSON, stalls, dropped connections. It can also enforce
 * Telegram's per-chat sending limits ({@link #enforce}), answering 429 like Telegram does.
 */
public final class FakeBotApi implements AutoCloseable {
    public static final String TOKEN = "123456789:AAFakeTokenForTests-abcdefghijklmnopqr";
    public static final String BOT_USERNAME = "paperbot_test_bot";
    public static final long BOT_ID = 123456789L;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Telegram treats method names case-insensitively (TelegramBots sends "sendmessage"); tests use these names. */
    private static final Map<String, String> CANONICAL = canonical("getMe", "getUpdates", "sendMessage",
            "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery", "answerInlineQuery", "setMyCommands", "deleteWebhook",
            "setWebhook", "getChatMember", "deleteMessage");

    private static Map<String, String> canonical(String... names) {
        Map<String, String> map = new java.util.HashMap<>();
        for (String n : names) {
            map.put(n.toLowerCase(java.util.Locale.ROOT), n);
        }
        return Map.copyOf(map);
    }

    /** One request the bot made. */
    public record Call(String method, JsonNode body, long atNanos) {
        public String text() {
            return body.path("text").asText(null);
        }

        public long chatId() {
            return body.path("chat_id").asLong();
        }
    }

    /** A canned answer: HTTP status and raw body, plus an optional delay; {@link #DROP} closes the connection. */
    public record Answer(int status, String body, Duration delay) {
        public static final Answer DROP = new Answer(-1, "", Duration.ZERO);

        public static Answer ok(Object result) {
            return json(200, Map.of("ok", true, "result", result));
        }

        public static Answer error(int code, String description) {
            return json(code, Map.of("ok", false, "error_code", code, "description", description));
        }

        public static Answer tooManyRequests(int retryAfterSeconds) {
            return json(429, Map.of("ok", false, "error_code", 429,
                    "description", "Too Many Requests: retry after " + retryAfterSeconds,
                    "parameters", Map.of("retry_after", retryAfterSeconds)));
        }

        public static Answer migrated(long newChatId) {
            return json(400, Map.of("ok", false, "error_code", 400,
                    "description", "Bad Request: group chat was upgraded to a supergroup chat",
                    "parameters", Map.of("migrate_to_chat_id", newChatId)));
        }

        public static Answer raw(int status, String body) {
            return new Answer(status, body, Duration.ZERO);
        }

        public Answer after(Duration delay) {
            return new Answer(status, body, delay);
        }

        private static Answer json(int status, Object body) {
            try {
                return new Answer(status, JSON.writeValueAsString(body), Duration.ZERO);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Decides the answer to a call; return null to let the fake answer normally. */
    @FunctionalInterface
    public interface Override {
        Answer answer(Call call);
    }

    private final HttpServer server;
    // Long polls hold a thread each, so the pool must be generous; a fixed pool avoids thread churn under load.
    private final ExecutorService threads = Executors.newFixedThreadPool(256, r -> {
        Thread t = new Thread(r, "fake-bot-api");
        t.setDaemon(true);
        return t;
    });
    private final List<JsonNode> queue = new ArrayList<>(); // guarded by this
    private final AtomicInteger nextUpdateId = new AtomicInteger(1);
    private final AtomicInteger nextMessageId = new AtomicInteger(1000);
    private final AtomicLong confirmedOffset = new AtomicLong(0);
    private final List<Call> calls = new ArrayList<>(); // guarded by itself
    private final Map<String, AtomicInteger> callCounts = new ConcurrentHashMap<>();
    private final Map<String, Override> overrides = new ConcurrentHashMap<>();
    private final Map<String, String> memberStatus = new ConcurrentHashMap<>();
    private final Map<Integer, Long> handedOut = new ConcurrentHashMap<>();
    private volatile Duration latency = Duration.ZERO;
    private volatile FakeRateLimits limits;
    private volatile int maxPollSeconds = 2;

    private FakeBotApi(HttpServer server) {
        this.server = server;
    }

    public static FakeBotApi start() {
        // Without TCP_NODELAY, small keep-alive responses can wait for delayed ACKs (tens of milliseconds).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            FakeBotApi api = new FakeBotApi(server);
            server.createContext("/", api::handle);
            server.setExecutor(api.threads);
            server.start();
            return api;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start fake Bot API", e);
        }
    }

    /** Base URL for TELEGRAM_API_URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Delay added to every method except getUpdates (simulates a distant Bot API). */
    public void latency(Duration latency) {
        this.latency = latency;
    }

    /** Upper bound for a long poll, so tests never wait for the bot's full poll timeout. */
    public void maxPollSeconds(int seconds) {
        this.maxPollSeconds = seconds;
    }

    /** Replace the answer to {@code method} (e.g. "sendMessage", "getUpdates"); null removes it. */
    public void override(String method, Override override) {
        if (override == null) {
            overrides.remove(method);
        } else {
            overrides.put(method, override);
        }
    }

    /**
     * Answers sendMessage and editMessageText over {@code limits} with 429 (before any override); null stops
     * enforcing. The limits record every refusal.
     */
    public void enforce(FakeRateLimits limits) {
        this.limits = limits;
    }

    /** getChatMember answers this status ("creator", "administrator", "member", …) for the pair. */
    public void memberStatus(long chatId, long userId, String status) {
        memberStatus.put(chatId + ":" + userId, status);
    }

    // ---- updates ----

    /** Queues an update (its update_id is assigned here) and returns the id. */
    public int push(Map<String, Object> updateWithoutId) {
        ObjectNode update = JSON.valueToTree(updateWithoutId);
        int id = nextUpdateId.getAndIncrement();
        update.put("update_id", id);
        synchronized (this) {
            queue.add(update);
            notifyAll();
        }
        return id;
    }

    /** The offset the bot last confirmed: every update below it is acknowledged. */
    public long confirmedOffset() {
        return confirmedOffset.get();
    }

    public synchronized int unconfirmed() {
        return queue.size();
    }

    // ---- recorded calls ----

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<Call> calls(String method) {
        return calls().stream().filter(c -> c.method().equals(method)).toList();
    }

    /** How many calls of {@code method} arrived so far (cheap; for waiting on large volumes). */
    public int count(String method) {
        AtomicInteger n = callCounts.get(method);
        return n == null ? 0 : n.get();
    }

    public void clearCalls() {
        synchronized (calls) {
            calls.clear();
            callCounts.clear();
        }
    }

    private void record(Call call) {
        synchronized (calls) {
            calls.add(call);
            callCounts.computeIfAbsent(call.method(), m -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** Waits until a call of {@code method} matching {@code match} arrives. */
    public Call await(String method, Predicate<Call> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Call> snapshot = calls();
            for (int i = 0; i < snapshot.size(); i++) {
                Call c = snapshot.get(i);
                if (c.method().equals(method) && match.test(c)) {
                    return c;
                }
            }
            // Matchers may depend on later calls (e.g. "the n-th reply"), so re-check everything next round.
            sleepBriefly();
        }
        throw new AssertionError("no " + method + " call matching within " + timeout + "; calls: " + summary());
    }

    /** Waits until at least {@code count} calls of {@code method} arrived, and returns them. */
    public List<Call> awaitCount(String method, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (count(method) >= count) {
                return calls(method);
            }
            sleepBriefly();
        }
        throw new AssertionError("expected " + count + " " + method + " calls within " + timeout + ", got "
                + calls(method).size() + "; calls: " + summary());
    }

    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (Call c : calls()) {
            if (!c.method().equals("getUpdates")) {
                sb.append(c.method()).append(' ');
            }
        }
        return sb.toString();
    }

    @java.lang.Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String prefix = "/bot" + TOKEN + "/";
            if (!path.startsWith(prefix)) {
                write(exchange, Answer.error(401, "Unauthorized"));
                return;
            }
            String raw = path.substring(prefix.length());
            String method = CANONICAL.getOrDefault(raw.toLowerCase(java.util.Locale.ROOT), raw);
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readAllBytes();
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                body = bytes.length == 0 ? JSON.createObjectNode()
                        : type != null && type.startsWith("multipart/form-data") ? form(type, bytes) : JSON.readTree(bytes);
            }
            Call call = new Call(method, body, System.nanoTime());
            record(call);
            FakeRateLimits enforced = limits;
            Integer retryAfter = enforced != null && body.hasNonNull("chat_id")
                    && (method.equals("sendMessage") || method.equals("editMessageText"))
                    ? enforced.admit(body.path("chat_id").asLong()) : null;
            Override override = overrides.get(method);
            Answer answer = retryAfter != null ? Answer.tooManyRequests(retryAfter)
                    : override == null ? null : override.answer(call);
            if (answer == null) {
                if (!method.equals("getUpdates") && !latency.isZero()) {
                    Thread.sleep(latency.toMillis());
                }
                answer = answerNormally(method, body);
            }
            if (!answer.delay().isZero()) {
                Thread.sleep(answer.delay().toMillis());
            }
            if (answer.status() == -1) {
                return; // close without a response: the client sees a dropped connection
            }
            write(exchange, answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A multipart form's text fields as an object (TelegramBots sends setWebhook so, as it may carry a certificate);
     * each field's value is its text as sent, e.g. allowed_updates as a JSON array in a string.
     */
    private static ObjectNode form(String contentType, byte[] bytes) {
        String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + "boundary=".length()).replace("\"", "");
        ObjectNode fields = JSON.createObjectNode();
        for (String part : new String(bytes, StandardCharsets.UTF_8).split(java.util.regex.Pattern.quote(boundary))) {
            int split = part.indexOf("\r\n\r\n");
            java.util.regex.Matcher name = java.util.regex.Pattern.compile("name=\"([^\"]+)\"").matcher(part);
            if (split >= 0 && name.find() && name.start() < split) {
                String value = part.substring(split + 4);
                fields.put(name.group(1), value.endsWith("\r\n") ? value.substring(0, value.length() - 2) : value);
            }
        }
        return fields;
    }

    private static void write(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Answer answerNormally(String method, JsonNode body) throws InterruptedException {
        return switch (method) {
            case "getMe" -> Answer.ok(Map.of("id", BOT_ID, "is_bot", true, "first_name", "PaperBot",
                    "username", BOT_USERNAME, "can_join_groups", true, "supports_inline_queries", true));
            case "getUpdates" -> Answer.ok(poll(body));
            case "sendMessage" -> Answer.ok(message(body, nextMessageId.getAndIncrement()));
            case "editMessageText" -> body.hasNonNull("inline_message_id")
                    ? Answer.ok(true) : Answer.ok(message(body, body.path("message_id").asInt()));
            case "editMessageReplyMarkup" -> body.hasNonNull("inline_message_id")
                    ? Answer.ok(true) : Answer.ok(message(body, body.path("message_id").asInt()));
            case "getChatMember" -> Answer.ok(Map.of(
                    "status", memberStatus.getOrDefault(body.path("chat_id").asText() + ":" + body.path("user_id").asText(), "member"),
                    "user", Map.of("id", body.path("user_id").asLong(), "is_bot", false, "first_name", "User")));
            case "deleteWebhook", "setWebhook", "setMyCommands", "answerCallbackQuery", "answerInlineQuery", "deleteMessage" -> Answer.ok(true);
            default -> Answer.error(404, "Not Found: method not found");
        };
    }

    private List<JsonNode> poll(JsonNode body) throws InterruptedException {
        long offset = body.path("offset").asLong(0);
        int limit = Math.max(1, Math.min(100, body.path("limit").asInt(100)));
        int timeout = Math.max(0, Math.min(maxPollSeconds, body.path("timeout").asInt(0)));
        long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
        synchronized (this) {
            if (offset > 0) {
                queue.removeIf(u -> u.path("update_id").asLong() < offset);
                confirmedOffset.accumulateAndGet(offset, Math::max);
            }
            while (queue.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return List.of();
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            List<JsonNode> batch = List.copyOf(queue.subList(0, Math.min(limit, queue.size())));
            long now = System.nanoTime();
            for (JsonNode u : batch) {
                handedOut.putIfAbsent(u.path("update_id").asInt(), now);
            }
            return batch;
        }
    }

    /** How many distinct updates getUpdates has handed out so far. */
    public int handedOutCount() {
        return handedOut.size();
    }

    /** When getUpdates first handed the update out (System.nanoTime), or null if not yet. */
    public Long handedOutAt(int updateId) {
        return handedOut.get(updateId);
    }

    private static Map<String, Object> message(JsonNode request, int messageId) {
        long chatId = request.path("chat_id").asLong();
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("message_id", messageId);
        m.put("date", System.currentTimeMillis() / 1000);
        m.put("chat", Map.of("id", chatId, "type", chatId > 0 ? "private" : "supergroup"));
        m.put("from", Map.of("id", BOT_ID, "is_bot", true, "first_name", "PaperBot", "username", BOT_USERNAME));
        m.put("text", Objects.requireNonNullElse(request.path("text").asText(null), ""));
        return m;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting");
        }
    }
}
