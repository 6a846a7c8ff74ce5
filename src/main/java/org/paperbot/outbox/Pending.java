package org.paperbot.outbox;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.util.concurrent.CompletableFuture;

/**
 * One message (or answer) the outbox still has to deliver, with what its attempts so far taught. Touched by one
 * thread at a time: under the outbox lock while queued, by the completing thread while its answer is handled.
 */
final class Pending {
    /** What goes out next: replaced by a newer edit of the same message, or by the plain-text fallback. */
    BotApiMethod<?> method;
    /**
     * Completed when the outbox is done with it: sent, coalesced into one that was sent, dropped or given up;
     * cancelled when the outbox stopped before.
     */
    final CompletableFuture<Void> done = new CompletableFuture<>();
    int transientFailures;
    int rateLimited;
    boolean plainTried;
    /** A copy resent to a migrated group's new id: it is not moved again. */
    final boolean moved;

    Pending(BotApiMethod<?> method, boolean moved) {
        this.method = method;
        this.moved = moved;
    }
}
