package org.paperbot.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.paperbot.concurrent.DaemonThreads;
import org.paperbot.logging.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The optional operations port: {@code /healthz} (200 when every check passes, 503 otherwise; the JSON body has
 * {@code true} for each passing check and the reason for each failing one) and {@code /metrics} (Prometheus text).
 * Off unless a port is configured. It is opened before the bot reaches Telegram, so that a container's health
 * probe gets a 503 with the reason during start-up or a Telegram outage rather than a refused connection; the
 * checks are replaced once the bot runs.
 */
public final class HealthServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private volatile Map<String, HealthCheck> checks;

    private HealthServer(HttpServer server, ExecutorService threads, Map<String, HealthCheck> checks) {
        this.server = server;
        this.threads = threads;
        this.checks = checks;
    }

    /** @param checks name → check, in the order the body lists them */
    public static HealthServer start(String host, int port, Map<String, HealthCheck> checks, Metrics metrics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService threads = Executors.newFixedThreadPool(2, DaemonThreads.named("http-ops"));
        server.setExecutor(threads);
        HealthServer health = new HealthServer(server, threads, new LinkedHashMap<>(checks));
        server.createContext("/healthz", health::health);
        server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8", "not found\n"));
        server.start();
        log.info("Health and metrics on http://{}:{}/healthz and /metrics", host, server.getAddress().getPort());
        return health;
    }

    /** From now on {@code /healthz} answers with these checks (e.g. the running bot's instead of "starting"). */
    public void replaceChecks(Map<String, HealthCheck> checks) {
        this.checks = new LinkedHashMap<>(checks);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void health(HttpExchange exchange) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean allOk = true;
        for (Map.Entry<String, HealthCheck> check : checks.entrySet()) {
            String problem;
            try {
                problem = check.getValue().problem();
            } catch (RuntimeException e) {
                problem = "check failed: " + e;
            }
            allOk &= problem == null;
            // The port is unauthenticated: reasons quote errors, so they are scrubbed like log lines.
            body.put(check.getKey(), problem == null ? Boolean.TRUE : Redactor.shapesOnly().redact(problem));
        }
        body.put("status", allOk ? "ok" : "fail");
        respond(exchange, allOk ? 200 : 503, "application/json", json(body) + "\n");
    }

    private static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings and booleans always serialise", e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
