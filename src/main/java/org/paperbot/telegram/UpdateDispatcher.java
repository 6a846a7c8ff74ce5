package org.paperbot.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.time.Duration;
import java.util.List;
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
 * <p>Offsets: updates are confirmed to Telegram as soon as they are received, as TelegramBots does. Confirming
 * only handled ones was tried and rejected: Telegram then resends the held updates in every answer, which caps
 * the working window at its batch limit (100) and lets one slow chat hold up everybody behind it. A graceful
 * stop finishes every accepted update; a crash can lose those in flight at that instant (at most
 * {@code maxInFlight}).
 */
public final class UpdateDispatcher implements UpdateSink {
    private static final Logger log = LoggerFactory.getLogger(UpdateDispatcher.class);
    static final int PRIORITY_INTERACTIVE = 0;
    static final int PRIORITY_MESSAGE = 1;

    private final Consumer<Update> handler;
    private final KeyedExecutor executor;
    private final Semaphore permits;
    private final int maxInFlight;
    private final Object idle = new Object();
    private final AtomicLong highestAccepted = new AtomicLong();
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
            for (Update update : updates) {
                if (!accepting) {
                    return;
                }
                permits.acquire();
                try {
                    accept(update);
                } catch (RuntimeException e) {
                    permits.release(); // never taken into work: give its slot back
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.error("Update dispatch failed", t);
        }
    }

    private void accept(Update update) {
        if (update.getUpdateId() != null) {
            highestAccepted.accumulateAndGet(update.getUpdateId(), Math::max);
        }
        executor.submit(keyOf(update), priorityOf(update), () -> {
            try {
                handler.accept(update);
            } catch (Throwable t) {
                log.error("Update {} failed", update.getUpdateId(), t);
            } finally {
                permits.release();
                if (permits.availablePermits() == maxInFlight) {
                    synchronized (idle) {
                        idle.notifyAll();
                    }
                }
            }
        });
    }

    /**
     * Past every update taken into work. Normally that is everything received; while stopping, updates that
     * arrived but were not taken stay unconfirmed, so Telegram delivers them to the next start.
     */
    @Override
    public long nextOffset(int lastReceived) {
        return highestAccepted.get() + 1;
    }

    @Override
    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    @Override
    public void stopAccepting() {
        accepting = false;
    }

    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
        return true;
    }

    @Override
    public void shutdownNow() {
        executor.shutdownNow();
    }

    /** What orders updates: the chat, or the user for inline queries. Also names the chat in log lines. */
    public static Object keyOf(Update u) {
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
