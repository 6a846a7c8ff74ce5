package org.paperbot.curate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The curator's HTTP calls (arXiv, OpenReview, a chat-completions server): every failure becomes one
 * {@link CurateException} naming the service, the address and what to do. Header values (tokens) never appear in
 * messages.
 */
public final class Http {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client;

    public Http(HttpClient client) {
        this.client = client;
    }

    public static Http standard() {
        return new Http(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    public byte[] get(String service, URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        headers.forEach(request::header);
        return send(service, uri, request.build());
    }

    public byte[] postJson(String service, URI uri, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(service, uri, request.build());
    }

    private byte[] send(String service, URI uri, HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CurateException(service + ": cannot reach " + uri.getScheme() + "://" + uri.getAuthority() + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CurateException(service + ": interrupted");
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response.body();
        }
        String where = service + ": HTTP " + status + " from " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
        if (status == 429) {
            throw new CurateException(where + ": too many requests; wait a few minutes and run the command again");
        }
        if (status >= 500) {
            throw new CurateException(where + ": the server failed; try again later");
        }
        if (status == 401 || status == 403) {
            throw new CurateException(where + ": not allowed (check the token)");
        }
        throw new CurateException(where);
    }
}
