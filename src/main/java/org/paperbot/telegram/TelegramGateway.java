package org.paperbot.telegram;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiValidationException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.random.RandomGenerator;

/**
 * The one seam to the Bot API for outgoing calls: every call goes through here and is classified into an
 * {@link ApiResult}. {@link #call} retries according to a {@link RetryPolicy} on the calling thread (honouring
 * 429 {@code retry_after}); {@link #once} and {@link #onceAsync} make a single attempt. Nothing here throws
 * for a Telegram or network failure.
 */
public final class TelegramGateway {
    private final TelegramClient client;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final ApiListener listener;

    /** Observes every attempt (metrics, rate adaptation); must be fast and must not throw. */
    public interface ApiListener {
        ApiListener NONE = (method, error) -> { };

        /** @param error null on success */
        void onCall(String method, ApiError error);
    }

    /** @param random spreads retry backoffs (see {@link RetryPolicy#JITTER}) */
    public TelegramGateway(TelegramClient client, Sleeper sleeper, RandomGenerator random, ApiListener listener) {
        this.client = client;
        this.sleeper = sleeper;
        this.random = random;
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
                    : policy.backoff(attempt, random);
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
        return once(method.getMethod(), () -> client.execute(method));
    }

    /** One attempt; setWebhook is apart because TelegramBots sends it as a form (it may carry a certificate). */
    public ApiResult<Boolean> setWebhook(SetWebhook method) {
        return once(method.getMethod(), () -> client.execute(method));
    }

    private interface Execution<T> {
        T run() throws TelegramApiException;
    }

    private <T extends Serializable> ApiResult<T> once(String name, Execution<T> execution) {
        ApiResult<T> result;
        try {
            result = new ApiResult.Ok<>(execution.run());
        } catch (TelegramApiException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            result = failed(e);
        }
        listener.onCall(name, result.isOk() ? null : result.error());
        return result;
    }

    /**
     * One attempt without waiting for the answer: the request is queued on the HTTP client and the future
     * completes — never exceptionally — with the classified outcome, on the client's thread.
     */
    public <T extends Serializable> CompletableFuture<ApiResult<T>> onceAsync(BotApiMethod<T> method) {
        CompletableFuture<T> call;
        try {
            call = client.executeAsync(method);
        } catch (TelegramApiException | RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((value, failure) -> {
            ApiResult<T> result = failure == null ? new ApiResult.Ok<>(value) : failed(failure);
            listener.onCall(method.getMethod(), result.isOk() ? null : result.error());
            return result;
        });
    }

    private static <T extends Serializable> ApiResult<T> failed(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof TelegramApiValidationException v) {
            return rejectedBeforeSending(v);
        }
        if (e instanceof TelegramApiRequestException r && r.getErrorCode() != null && r.getErrorCode() != 0) {
            Integer retryAfter = r.getParameters() == null ? null : r.getParameters().getRetryAfter();
            Long migrateTo = r.getParameters() == null ? null : r.getParameters().getMigrateToChatId();
            return new ApiResult.Failed<>(ApiError.classify(r.getErrorCode(), r.getApiResponse(), retryAfter, migrateTo));
        }
        // TelegramBots' synchronous execute wraps the validation failure of executeAsync in a plain
        // TelegramApiException("Unable to execute …"): unwrapped here, it is a bad request, not a network failure.
        if (e instanceof TelegramApiException && e.getCause() instanceof TelegramApiValidationException v) {
            return rejectedBeforeSending(v);
        }
        if (e instanceof RuntimeException) {
            // A serialisation or client bug must not take the caller down; report it as a failed call.
            return new ApiResult.Failed<>(new ApiError(ApiError.Kind.OTHER, 0, describe(e), Optional.empty(), Optional.empty()));
        }
        // Everything else never got a readable answer: network failures, cancelled calls, unreadable bodies.
        return new ApiResult.Failed<>(ApiError.transientFailure(describe(e)));
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
