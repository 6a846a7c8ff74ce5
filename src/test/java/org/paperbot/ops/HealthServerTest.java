package org.paperbot.ops;

import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /healthz over HTTP, and the container's probe against it. */
class HealthServerTest {
    private static final Metrics METRICS = new Metrics();
    private static final HealthCheck HEALTHY = () -> null;

    private static HealthServer serve(Map<String, HealthCheck> checks) throws Exception {
        return HealthServer.start("127.0.0.1", 0, checks, METRICS);
    }

    private static HttpResponse<String> healthz(HealthServer server) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyCheckPassingAnswers200WithEachCheckTrue() throws Exception {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("polling", HEALTHY);
        checks.put("database", HEALTHY);
        try (HealthServer server = serve(checks)) {
            HttpResponse<String> answer = healthz(server);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{\"polling\":true,\"database\":true,\"status\":\"ok\"}\n");
        }
    }

    @Test
    void failingChecksAnswer503WithTheirReasonsAndThePassingOnesStillListed() throws Exception {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("catalog", HEALTHY);
        checks.put("database", () -> "disk \"full\": 0 bytes left");
        checks.put("polling", () -> {
            throw new IllegalStateException("boom");
        });
        try (HealthServer server = serve(checks)) {
            HttpResponse<String> answer = healthz(server);
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(answer.body()).isEqualTo("{\"catalog\":true,\"database\":\"disk \\\"full\\\": 0 bytes left\","
                    + "\"polling\":\"check failed: java.lang.IllegalStateException: boom\",\"status\":\"fail\"}\n");
        }
    }

    @Test
    void aReasonQuotingTheTokenIsScrubbed() throws Exception {
        String token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq";
        try (HealthServer server = serve(Map.of("telegram", () -> "GET /bot" + token + "/getMe failed"))) {
            assertThat(healthz(server).body()).doesNotContain(token).contains("/bot<token>/getMe failed");
        }
    }

    @Test
    void replacedChecksAnswerFromThenOn() throws Exception {
        try (HealthServer server = serve(Map.of("telegram", () -> "starting: waiting for Telegram (getMe)"))) {
            HttpResponse<String> starting = healthz(server);
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.body()).contains("\"telegram\":\"starting: waiting for Telegram (getMe)\"");

            server.replaceChecks(Map.of("polling", HEALTHY));
            HttpResponse<String> running = healthz(server);
            assertThat(running.statusCode()).isEqualTo(200);
            assertThat(running.body()).isEqualTo("{\"polling\":true,\"status\":\"ok\"}\n");
        }
    }

    @Test
    void probeExitsZeroOnlyWhenHealthzAnswers200() throws Exception {
        try (HealthServer healthy = serve(Map.of("polling", HEALTHY));
             HealthServer failing = serve(Map.of("polling", () -> "telegram unreachable"))) {
            assertThat(HealthProbe.probe(Map.of("PAPERBOT_HTTP_PORT", String.valueOf(healthy.port())))).isZero();
            assertThat(HealthProbe.probe(Map.of("PAPERBOT_HTTP_HOST", "0.0.0.0",
                    "PAPERBOT_HTTP_PORT", String.valueOf(healthy.port())))).isZero();
            assertThat(HealthProbe.probe(Map.of("PAPERBOT_HTTP_HOST", "127.0.0.1",
                    "PAPERBOT_HTTP_PORT", String.valueOf(failing.port())))).isEqualTo(1);
        }
    }

    @Test
    void probeExitsOneWhenNothingListensOrThePortIsNonsense() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(HealthProbe.probe(Map.of("PAPERBOT_HTTP_PORT", String.valueOf(closed)))).isEqualTo(1);
        assertThat(HealthProbe.probe(Map.of("PAPERBOT_HTTP_PORT", "not-a-port"))).isEqualTo(1);
    }
}
