package org.paperbot.telegram;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ApiErrorTest {
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "429|Too Many Requests: retry after 5|RATE_LIMITED|true|false",
            "403|Forbidden: bot was blocked by the user|FORBIDDEN|false|true",
            "403|Forbidden: bot was kicked from the supergroup chat|FORBIDDEN|false|true",
            "403|Forbidden: user is deactivated|FORBIDDEN|false|true",
            "400|Bad Request: chat not found|CHAT_NOT_FOUND|false|true",
            "400|Bad Request: CHAT NOT FOUND|CHAT_NOT_FOUND|false|true",
            "400|Bad Request: message is not modified: specified new message content and reply markup are exactly the same|NOT_MODIFIED|false|false",
            "400|Bad Request: can't parse entities: Unsupported start tag \"script\"|BAD_REQUEST|false|false",
            "400|Bad Request: message is too long|BAD_REQUEST|false|false",
            "400||BAD_REQUEST|false|false",
            "401|Unauthorized|UNAUTHORIZED|false|false",
            "404|Not Found|UNAUTHORIZED|false|false",
            "500|Internal Server Error|TRANSIENT|true|false",
            "502|Bad Gateway|TRANSIENT|true|false",
            "503|Service Unavailable|TRANSIENT|true|false",
            "0|timeout|TRANSIENT|true|false",
            "409|Conflict: terminated by other getUpdates request|OTHER|false|false",
            "420|Flood|OTHER|false|false",
            "404|Not Found: chat not found|UNAUTHORIZED|false|false"})
    void classification(int code, String description, ApiError.Kind kind, boolean retryable, boolean chatGone) {
        ApiError e = ApiError.classify(code, description, null, null);
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.isRetryable()).isEqualTo(retryable);
        assertThat(e.isChatGone()).isEqualTo(chatGone);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.description()).isEqualTo(description == null ? "" : description);
    }

    @Test
    void retryAfterIsKept() {
        ApiError e = ApiError.classify(429, "Too Many Requests: retry after 7", 7, null);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(ApiError.classify(429, "x", null, null).retryAfter()).isEmpty();
        assertThat(ApiError.classify(429, "x", -3, null).retryAfter()).contains(Duration.ZERO);
    }

    @Test
    void migrationWinsOverTheCode() {
        ApiError e = ApiError.classify(400, "Bad Request: group chat was upgraded to a supergroup chat", null, -1001234567890L);
        assertThat(e.kind()).isEqualTo(ApiError.Kind.MIGRATED);
        assertThat(e.migrateToChatId()).contains(-1001234567890L);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.isChatGone()).isFalse();
    }

    @Test
    void rateLimitWinsOverMigration() {
        assertThat(ApiError.classify(429, "x", 1, -100L).kind()).isEqualTo(ApiError.Kind.RATE_LIMITED);
    }

    @Test
    void nullDescriptionBecomesEmpty() {
        assertThat(ApiError.classify(500, null, null, null).description()).isEmpty();
    }

    @Test
    void transientFailureHasNoCode() {
        ApiError e = ApiError.transientFailure("SocketTimeoutException: timeout");
        assertThat(e).isEqualTo(new ApiError(ApiError.Kind.TRANSIENT, 0, "SocketTimeoutException: timeout", Optional.empty(), Optional.empty()));
        assertThat(e.toString()).isEqualTo("TRANSIENT (SocketTimeoutException: timeout)");
    }

    @Test
    void toStringNamesKindCodeAndDescription() {
        assertThat(ApiError.classify(403, "Forbidden: bot was blocked by the user", null, null).toString())
                .isEqualTo("FORBIDDEN 403 (Forbidden: bot was blocked by the user)");
        assertThat(ApiError.classify(502, "", null, null).toString()).isEqualTo("TRANSIENT 502");
    }
}
