package org.paperbot.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Receives batches from the long-polling loop and handles updates concurrently: in order within a chat,
 * in parallel across chats, inline queries and button presses first.
 *
 * <p>Backpressure: at most {@code maxInFlight} updates are queued or running; beyond that {@link #consume}
 * blocks, which holds the polling loop, so a flood slows polling instead of growing memory.
 *
 * <p>Offsets: {@link #safeOffset()} is one past the highest update id below which everything was handled.
 * Polling confirms only up to there, so after a crash the updates that were queued but not handled come
 * again, while in this process the library's own filter keeps them from being handled twice.
 */
public final class UpdateDispatcher implements LongPollingUpdateConsumer {
    private static final Logger log = LoggerFactory.getLogger(UpdateDispatcher.class);
    static final int PRIORITY_INTERACTIVE = 0;
    static final int PRIORITY_MESSAGE = 1;

    private final Consumer<Update> handler;
    private final KeyedExecutor executor;
    private final Semaphore permits;
    private final int maxInFlight;
    private final ConcurrentSkipListSet<Integer> pending = new ConcurrentSkipListSet<>();
    private final AtomicLong highestAccepted = new AtomicLong();
    private final Object progress = new Object();
    private volatile boolean accepting = true;

    public UpdateDispatcher(Consumer<Update> handler, int workers, int maxInFlight) {
        this.handler = handler;
        this.executor = new KeyedExecutor(workers, "update");
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
    }

    @Override
    public void consume(List<Update> updates) {
        // Must never throw: an exception here would silently end TelegramBots' polling task.
        try {
            if (updates.isEmpty()) {
                // Telegram re-sent only updates we already hold (not yet confirmed): wait for progress
                // instead of polling again at once.
                awaitProgress(Duration.ofMillis(200));
                return;
            }
            for (Update update : updates) {
                if (!accepting) {
                    return; // not handled, not confirmed: Telegram delivers it again after a restart
                }
                permits.acquire();
                accept(update);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.error("Update dispatch failed", t);
        }
    }

    private void accept(Update update) {
        int id = update.getUpdateId() == null ? 0 : update.getUpdateId();
        pending.add(id);
        highestAccepted.accumulateAndGet(id, Math::max);
        executor.submit(keyOf(update), priorityOf(update), () -> {
            try {
                handler.accept(update);
            } catch (Throwable t) {
                log.error("Update {} failed", id, t);
            } finally {
                pending.remove(id);
                permits.release();
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        });
    }

    /** The offset for the next getUpdates: everything below it has been handled. */
    public long safeOffset() {
        Integer lowestPending = pending.isEmpty() ? null : pendingFirst();
        long handledUpTo = lowestPending == null ? highestAccepted.get() : lowestPending - 1L;
        return handledUpTo + 1;
    }

    private Integer pendingFirst() {
        try {
            return pending.first();
        } catch (java.util.NoSuchElementException e) {
            return null; // emptied concurrently
        }
    }

    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    /** Stops taking new updates; those already accepted still run. */
    public void stopAccepting() {
        accepting = false;
    }

    /** Waits until every accepted update has been handled; false on timeout. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!pending.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
        return true;
    }

    public void shutdownNow() {
        executor.shutdownNow();
    }

    private void awaitProgress(Duration max) throws InterruptedException {
        synchronized (progress) {
            if (!pending.isEmpty()) {
                progress.wait(max.toMillis());
            }
        }
    }

    static Object keyOf(Update u) {
        if (u.getMessage() != null && u.getMessage().getChatId() != null) {
            return u.getMessage().getChatId();
        }
        if (u.getCallbackQuery() != null) {
            var m = u.getCallbackQuery().getMessage();
            if (m != null && m.getChatId() != null) {
                return m.getChatId();
            }
            if (u.getCallbackQuery().getFrom() != null) {
                return "user:" + u.getCallbackQuery().getFrom().getId();
            }
        }
        if (u.getInlineQuery() != null && u.getInlineQuery().getFrom() != null) {
            return "inline:" + u.getInlineQuery().getFrom().getId();
        }
        return "update:" + u.getUpdateId();
    }

    static int priorityOf(Update u) {
        return u.getInlineQuery() != null || u.getCallbackQuery() != null ? PRIORITY_INTERACTIVE : PRIORITY_MESSAGE;
    }
}
