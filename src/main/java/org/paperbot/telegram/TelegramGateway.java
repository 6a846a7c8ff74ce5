package org.paperbot.telegram;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiValidationException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * The one seam to the Bot API for outgoing calls: every call goes through here, is classified into an
 * {@link ApiResult}, and is retried according to a {@link RetryPolicy} (honouring 429 {@code retry_after}).
 * Nothing here throws for a Telegram or network failure.
 */
public final class TelegramGateway {
    private final TelegramClient client;
    private final Sleeper sleeper;
    private final ApiListener listener;

    /** Observes every attempt (metrics, rate adaptation); must be fast and must not throw. */
    public interface ApiListener {
        ApiListener NONE = (method, error) -> { };

        /** @param error null on success */
        void onCall(String method, ApiError error);
    }

    public TelegramGateway(TelegramClient client, Sleeper sleeper, ApiListener listener) {
        this.client = client;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    public <T extends Serializable> ApiResult<T> call(BotApiMethod<T> method, RetryPolicy policy) {
        ApiResult<T> result = null;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            result = once(method);
            if (result.isOk() || !result.error().isRetryable() || attempt == policy.maxAttempts()) {
                return result;
            }
            ApiError error = result.error();
            Duration wait = error.kind() == ApiError.Kind.RATE_LIMITED
                    ? error.retryAfter().orElse(Duration.ofSeconds(1))
                    : policy.backoff(attempt);
            if (error.kind() == ApiError.Kind.RATE_LIMITED && wait.compareTo(policy.maxRetryAfter()) > 0) {
                return result;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
        }
        return result;
    }

    public <T extends Serializable> ApiResult<T> once(BotApiMethod<T> method) {
        ApiResult<T> result = attempt(method);
        listener.onCall(method.getMethod(), result.isOk() ? null : result.error());
        return result;
    }

    private <T extends Serializable> ApiResult<T> attempt(BotApiMethod<T> method) {
        try {
            return new ApiResult.Ok<>(client.execute(method));
        } catch (TelegramApiValidationException e) {
            return rejectedBeforeSending(e);
        } catch (TelegramApiRequestException e) {
            if (e.getErrorCode() != null && e.getErrorCode() != 0) {
                Integer retryAfter = e.getParameters() == null ? null : e.getParameters().getRetryAfter();
                Long migrateTo = e.getParameters() == null ? null : e.getParameters().getMigrateToChatId();
                return new ApiResult.Failed<>(ApiError.classify(e.getErrorCode(), e.getApiResponse(), retryAfter, migrateTo));
            }
            return new ApiResult.Failed<>(ApiError.transientFailure(describe(e)));
        } catch (TelegramApiException e) {
            // TelegramBots' synchronous execute wraps the validation failure of executeAsync in a plain
            // TelegramApiException("Unable to execute …"): unwrapped here, it is a bad request, not a network failure.
            if (e.getCause() instanceof TelegramApiValidationException v) {
                return rejectedBeforeSending(v);
            }
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new ApiResult.Failed<>(ApiError.transientFailure(describe(e)));
        } catch (RuntimeException e) {
            // A serialisation or client bug must not take the caller down; report it as a failed call.
            return new ApiResult.Failed<>(new ApiError(ApiError.Kind.OTHER, 0, describe(e), Optional.empty(), Optional.empty()));
        }
    }

    private static <T extends Serializable> ApiResult<T> rejectedBeforeSending(TelegramApiValidationException e) {
        return new ApiResult.Failed<>(new ApiError(ApiError.Kind.BAD_REQUEST, 0,
                "rejected before sending: " + e.getMessage(), Optional.empty(), Optional.empty()));
    }

    /** Cause chain as "message; Cause: message", without the request URL (which holds the token). */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                sb.append(": ").append(t.getMessage());
            }
        }
        return sb.toString();
    }
}
