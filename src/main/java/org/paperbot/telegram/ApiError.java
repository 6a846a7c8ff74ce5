package org.paperbot.telegram;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A failed Bot API call, classified by what the caller should do about it.
 *
 * @param code        HTTP-like error code from Telegram (0 when the call never got an answer)
 * @param description Telegram's description, or the local failure (never contains the token)
 */
public record ApiError(Kind kind, int code, String description, Optional<Duration> retryAfter,
                       Optional<Long> migrateToChatId) {

    public enum Kind {
        /** 429: wait {@code retryAfter}, then try again. */
        RATE_LIMITED,
        /** 403: the user blocked the bot, the bot was kicked, or the user is deactivated. */
        FORBIDDEN,
        /** 400 "chat not found". */
        CHAT_NOT_FOUND,
        /** 400 with migrate_to_chat_id: the group became a supergroup. */
        MIGRATED,
        /** 400 "message is not modified": an edit that changes nothing; harmless. */
        NOT_MODIFIED,
        /** Any other 400: our request is wrong (too long, bad HTML, …). Retrying will not help. */
        BAD_REQUEST,
        /** 401 / 404 on the bot URL: the token is wrong or revoked. */
        UNAUTHORIZED,
        /** 5xx, timeouts, refused connections, unreadable answers: worth retrying later. */
        TRANSIENT,
        /** Any other client error. */
        OTHER
    }

    public boolean isRetryable() {
        return kind == Kind.RATE_LIMITED || kind == Kind.TRANSIENT;
    }

    /** Chat-level failures that mean "stop sending to this chat". */
    public boolean isChatGone() {
        return kind == Kind.FORBIDDEN || kind == Kind.CHAT_NOT_FOUND;
    }

    static ApiError classify(int code, String description, Integer retryAfterSeconds, Long migrateTo) {
        String d = description == null ? "" : description;
        String lower = d.toLowerCase(Locale.ROOT);
        Optional<Duration> retry = Optional.ofNullable(retryAfterSeconds).map(s -> Duration.ofSeconds(Math.max(0, s)));
        Optional<Long> migrate = Optional.ofNullable(migrateTo);
        Kind kind;
        if (code == 429) {
            kind = Kind.RATE_LIMITED;
        } else if (migrate.isPresent()) {
            kind = Kind.MIGRATED;
        } else if (code == 403) {
            kind = Kind.FORBIDDEN;
        } else if (code == 400 && lower.contains("chat not found")) {
            kind = Kind.CHAT_NOT_FOUND;
        } else if (code == 400 && lower.contains("message is not modified")) {
            kind = Kind.NOT_MODIFIED;
        } else if (code == 400) {
            kind = Kind.BAD_REQUEST;
        } else if (code == 401 || code == 404) {
            kind = Kind.UNAUTHORIZED;
        } else if (code >= 500 || code == 0) {
            kind = Kind.TRANSIENT;
        } else {
            kind = Kind.OTHER;
        }
        return new ApiError(kind, code, d, retry, migrate);
    }

    static ApiError transientFailure(String what) {
        return new ApiError(Kind.TRANSIENT, 0, what, Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return kind + (code == 0 ? "" : " " + code) + (description.isEmpty() ? "" : " (" + description + ")");
    }
}
