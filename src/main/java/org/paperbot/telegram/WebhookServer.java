package org.paperbot.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.paperbot.concurrent.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Webhook mode: Telegram POSTs each update to the path of the public URL given to setWebhook. A request is
 * answered 200 only once its update is stored in the inbox, so Telegram delivers again whatever was not stored
 * (500 when the store fails); a redelivered update is recognised by its update_id there and handled once.
 * Wrong or missing secret → 401 and nothing handled; a body over {@link #MAX_BODY_BYTES} → 413; not JSON → 400.
 *
 * <p>Served by the JDK's own HTTP server, like the health port: TelegramBots' webhook module is not used here (it
 * brings its own web server as a new dependency to keep up to date), and an endpoint that stores one small JSON body
 * per request needs nothing the JDK server lacks. TLS is the reverse proxy's, in front of the public URL.
 */
public final class WebhookServer implements UpdateSource {
    private static final Logger log = LoggerFactory.getLogger(WebhookServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    /** Updates are a few KB; Telegram's largest (long messages with entities) stay far below this. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Telegram's default for setWebhook: parallel connections it opens to the bot; each gets a thread here. */
    static final int MAX_CONNECTIONS = 40;
    /**
     * Finished updates this far below the newest stored one are pruned from the inbox: a webhook has no offset that
     * Telegram acknowledges, and a redelivery (its 200 lost on the way) comes soon, so the last ones are kept.
     */
    static final long KEPT_FOR_REDELIVERY = 10_000;

    private final String host;
    private final int port;
    private final URI publicUrl;
    private final String secret;
    private final byte[] secretDigest;
    private final UpdateSink sink;
    private final TelegramGateway gateway;
    private final String path;
    private final Object pruning = new Object();
    private volatile HttpServer server;
    private ExecutorService threads;

    /** @param publicUrl given to setWebhook; its path is the path served on {@code host:port} */
    public WebhookServer(String host, int port, URI publicUrl, String secret, UpdateSink sink, TelegramGateway gateway) {
        this.host = host;
        this.port = port;
        this.publicUrl = publicUrl;
        this.secret = secret;
        this.secretDigest = digest(secret);
        this.sink = sink;
        this.gateway = gateway;
        this.path = publicUrl.getRawPath() == null || publicUrl.getRawPath().isEmpty() ? "/" : publicUrl.getRawPath();
    }

    /**
     * Takes up what the last run left unfinished, opens the port, then tells Telegram where to deliver (the port is
     * open first, so the first POST finds it).
     */
    @Override
    public void start() throws InterruptedException {
        sink.resume();
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), MAX_CONNECTIONS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the webhook port " + host + ":" + port
                    + " (PAPERBOT_WEBHOOK_PORT): " + e.getMessage(), e);
        }
        threads = Executors.newFixedThreadPool(MAX_CONNECTIONS, DaemonThreads.named("webhook"));
        http.setExecutor(threads);
        http.createContext("/", this::handle);
        http.start();
        server = http;
        ApiResult<Boolean> set = gateway.setWebhook(SetWebhook.builder()
                .url(publicUrl.toString())
                .secretToken(secret)
                .maxConnections(MAX_CONNECTIONS)
                .allowedUpdates(LongPollingRunner.ALLOWED_UPDATES)
                .dropPendingUpdates(false)
                .build());
        if (!set.isOk()) {
            close();
            throw new IllegalStateException("setWebhook for " + publicUrl + " failed: " + set.error()
                    + " (check TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET)");
        }
        log.info("Webhook: Telegram delivers to {}, served on {}:{}{}", publicUrl, host, port(), path);
    }

    /** The port bound (useful when configured as 0, any free port), or -1 before start. */
    public int port() {
        HttpServer http = server;
        return http == null ? -1 : http.getAddress().getPort();
    }

    @Override
    public String problem() {
        return server == null ? "the webhook endpoint is not running" : null;
    }

    /**
     * Stops taking updates and lets those running finish. The webhook stays set at Telegram, which keeps what
     * arrives meanwhile and delivers it to the next start (or to another replica).
     */
    @Override
    public void stop(Duration grace) throws InterruptedException {
        sink.stopAccepting();
        close();
        UpdateSource.finish(sink, grace);
    }

    @Override
    public void abort() {
        close();
    }

    private void close() {
        HttpServer http = server;
        server = null;
        if (http != null) {
            http.stop(0);
        }
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getRawPath().equals(path)) {
                respond(exchange, 404, "not found");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                respond(exchange, 405, "only POST");
                return;
            }
            String given = exchange.getRequestHeaders().getFirst(SECRET_HEADER);
            // Digests of equal length, compared in constant time: neither the secret's bytes nor its length leak.
            if (given == null || !MessageDigest.isEqual(secretDigest, digest(given))) {
                respond(exchange, 401, "wrong or missing " + SECRET_HEADER);
                return;
            }
            byte[] body = readAtMost(exchange.getRequestBody(), MAX_BODY_BYTES);
            if (body == null) {
                respond(exchange, 413, "body over " + MAX_BODY_BYTES + " bytes");
                return;
            }
            Update update;
            try {
                update = TolerantGetUpdates.read(JSON.readTree(body));
            } catch (JsonProcessingException e) {
                respond(exchange, 400, "not JSON: " + e.getOriginalMessage());
                return;
            }
            if (update == null) {
                respond(exchange, 400, "not an update (no update_id)");
                return;
            }
            try {
                sink.receive(update);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(exchange, 503, "stopping");
                return;
            } catch (RuntimeException e) {
                // Not stored: refused, so that Telegram delivers it again.
                log.error("Could not store update {} ({}); Telegram will deliver it again", update.getUpdateId(), e.getMessage());
                respond(exchange, 500, "not stored");
                return;
            }
            respond(exchange, 200, "");
            synchronized (pruning) {
                sink.confirmed(Math.max(1, sink.nextOffset() - KEPT_FOR_REDELIVERY));
            }
        }
    }

    /** The body, or null if it is longer than {@code limit}. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
