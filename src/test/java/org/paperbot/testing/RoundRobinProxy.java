package org.paperbot.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntSupplier;

/**
 * A load balancer stand-in on 127.0.0.1: each POST goes to the next replica in turn, with its path, body and
 * {@code X-Telegram-Bot-Api-Secret-Token}, and the replica's answer goes back as it is. A replica that does not answer
 * (killed) gets a 502 back to the sender, as nginx would give: Telegram then delivers the update again.
 */
public final class RoundRobinProxy implements AutoCloseable {
    private static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<IntSupplier> backends;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicIntegerArray forwarded;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RoundRobinProxy(HttpServer server, ExecutorService threads, List<IntSupplier> backends) {
        this.server = server;
        this.threads = threads;
        this.backends = backends;
        this.forwarded = new AtomicIntegerArray(backends.size());
    }

    /** @param backendPorts each replica's webhook port, asked at each request (a replica may be restarted) */
    public static RoundRobinProxy start(List<IntSupplier> backendPorts) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        // More than Telegram's max_connections (40): the balancer must not be what holds POSTs back.
        ExecutorService threads = Executors.newFixedThreadPool(64);
        RoundRobinProxy proxy = new RoundRobinProxy(server, threads, List.copyOf(backendPorts));
        server.setExecutor(threads);
        server.createContext("/", proxy::forward);
        server.start();
        return proxy;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** POSTs forwarded to replica {@code i} so far. */
    public int forwardedTo(int i) {
        return forwarded.get(i);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int i = Math.floorMod(next.getAndIncrement(), backends.size());
            forwarded.incrementAndGet(i);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + backends.get(i).getAsInt() + exchange.getRequestURI().getRawPath()))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Content-Type", "application/json");
            String secret = exchange.getRequestHeaders().getFirst(SECRET_HEADER);
            if (secret != null) {
                request.header(SECRET_HEADER, secret);
            }
            int status;
            byte[] answer;
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                status = response.statusCode();
                answer = response.body();
            } catch (IOException e) {
                status = 502;
                answer = ("replica " + i + " did not answer: " + e.getMessage()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 503;
                answer = new byte[0];
            }
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
