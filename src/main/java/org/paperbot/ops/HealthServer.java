package org.paperbot.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.paperbot.concurrent.DaemonThreads;
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
import java.util.function.BooleanSupplier;

/**
 * The optional operations port: {@code /healthz} (200 when every check passes, 503 otherwise, with a JSON
 * body naming each check) and {@code /metrics} (Prometheus text). Off unless a port is configured.
 */
public final class HealthServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthServer.class);

    private final HttpServer server;
    private final ExecutorService threads;

    private HealthServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** @param checks name → "is it fine now?"; evaluated on every /healthz request */
    public static HealthServer start(String host, int port, Map<String, BooleanSupplier> checks, Metrics metrics) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService threads = Executors.newFixedThreadPool(2, DaemonThreads.named("http-ops"));
        server.setExecutor(threads);
        Map<String, BooleanSupplier> ordered = new LinkedHashMap<>(checks);
        server.createContext("/healthz", exchange -> health(exchange, ordered));
        server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8", "not found\n"));
        server.start();
        log.info("Health and metrics on http://{}:{}/healthz and /metrics", host, server.getAddress().getPort());
        return new HealthServer(server, threads);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange exchange, Map<String, BooleanSupplier> checks) throws IOException {
        StringBuilder json = new StringBuilder("{");
        boolean allOk = true;
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            boolean ok;
            try {
                ok = check.getValue().getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            allOk &= ok;
            json.append('"').append(check.getKey()).append("\":").append(ok).append(',');
        }
        json.append("\"status\":\"").append(allOk ? "ok" : "fail").append("\"}\n");
        respond(exchange, allOk ? 200 : 503, "application/json", json.toString());
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
