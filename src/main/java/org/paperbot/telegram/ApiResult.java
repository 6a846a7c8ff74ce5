package org.paperbot.telegram;

/** The outcome of a Bot API call: the value Telegram returned, or a classified error. */
public sealed interface ApiResult<T> {
    record Ok<T>(T value) implements ApiResult<T> { }

    record Failed<T>(ApiError error) implements ApiResult<T> { }

    default boolean isOk() {
        return this instanceof Ok;
    }

    default ApiError error() {
        if (this instanceof Failed<T> f) {
            return f.error();
        }
        throw new IllegalStateException("call succeeded");
    }
}
