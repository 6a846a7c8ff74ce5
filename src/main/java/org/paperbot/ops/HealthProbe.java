package org.paperbot.ops;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The container's HEALTHCHECK: {@code java -cp paperbot.jar org.paperbot.ops.HealthProbe} asks the running bot's
 * {@code /healthz} and exits 0 on 200, 1 otherwise, printing the answer (Docker keeps it in the health log).
 * The JRE image has no curl, and the JVM is the one tool it is sure to have. Only JDK classes are used, so the
 * probe loads nothing of the bot and stays cheap.
 */
public final class HealthProbe {
    static final int TIMEOUT_MS = 3_000;

    private HealthProbe() {
    }

    public static void main(String[] args) {
        System.exit(probe(System.getenv()));
    }

    /** Reads the address the bot was given ({@code PAPERBOT_HTTP_HOST}, {@code PAPERBOT_HTTP_PORT}). */
    static int probe(Map<String, String> env) {
        String port = env.getOrDefault("PAPERBOT_HTTP_PORT", "8080").strip();
        String host = env.getOrDefault("PAPERBOT_HTTP_HOST", "").strip();
        // A bot listening on every address is asked on loopback, so the probe never leaves the container.
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        String url = "http://" + host + ":" + port + "/healthz";
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MS);
            connection.setReadTimeout(TIMEOUT_MS);
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                String text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8).strip();
                System.out.println(status + " " + text);
            }
            return status == 200 ? 0 : 1;
        } catch (IOException | IllegalArgumentException e) {
            System.out.println(url + ": " + e);
            return 1;
        }
    }
}
