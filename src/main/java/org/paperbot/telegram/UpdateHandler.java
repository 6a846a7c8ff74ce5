package org.paperbot.telegram;

import org.telegram.telegrambots.meta.api.objects.Update;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Handles one update. The returned stage completes when the update's replies are safe (sent, or durably queued
 * for sending); only then is the update marked finished in the {@link UpdateInbox}. A handler that sends
 * synchronously returns {@link #DONE}; one that hands replies to a sender returns the sender's completion, so the
 * worker thread is free while the reply waits.
 */
@FunctionalInterface
public interface UpdateHandler {
    CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    CompletionStage<?> handle(Update update);

    /** Whether a handler's stage failed because the stop gave its replies up unsent (a sender cancels them). */
    static boolean givenUp(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CancellationException) {
                return true;
            }
        }
        return false;
    }
}
