package org.paperbot.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Receives batches from the long-polling loop, stores them in the {@link UpdateInbox} and handles the updates
 * concurrently: in order within a chat, in parallel across chats, inline queries and button presses first.
 *
 * <p>Offsets: a batch is confirmed to Telegram once it is stored, before it is handled; what is stored is handled
 * after a crash, so nothing is lost, and Telegram never has to hold back (and resend) what is still running.
 *
 * <p>Backpressure: at most {@code maxInFlight} updates are queued or running; beyond that {@link #consume}
 * blocks, which holds the polling loop, so a flood slows polling instead of growing memory. One chat cannot fill
 * that window: at most {@code maxWaitingPerChat} of its updates wait, and a newer one drops the oldest (finished
 * as dropped in the inbox, counted by {@code onBacklogDrop}). Replies waiting in the sender do not count here
 * (the sender bounds them); their updates are finished in the inbox when the sender is done with them, and stay
 * unfinished if it gives them back undelivered on a stop.
 *
 * <p>Stopping: updates already running finish; those still waiting stay unfinished in the inbox and are handled
 * at the next start, before anything new.
 */
public final class UpdateDispatcher implements UpdateSink {
    private static final Logger log = LoggerFactory.getLogger(UpdateDispatcher.class);
    static final int PRIORITY_INTERACTIVE = 0;
    static final int PRIORITY_MESSAGE = 1;

    /**
     * @param workers           threads handling updates
     * @param maxInFlight       updates taken from the inbox and not finished yet, at most
     * @param maxWaitingPerChat updates of one chat waiting behind its running one, at most
     */
    public record Limits(int workers, int maxInFlight, int maxWaitingPerChat) {
    }

    private final Intake intake;
    private final UpdateHandler handler;
    private final Runnable onBacklogDrop;
    private final KeyedExecutor executor;
    private final InFlight inFlight;
    private final Object receiving = new Object();
    private final Queue<Update> dropped = new ConcurrentLinkedQueue<>();
    private volatile boolean accepting = true;

    public UpdateDispatcher(UpdateInbox inbox, UpdateHandler handler, Limits limits, Runnable onBacklogDrop) {
        this.intake = new Intake(inbox);
        this.handler = handler;
        this.onBacklogDrop = onBacklogDrop;
        this.executor = new KeyedExecutor(limits.workers(), "update", limits.maxWaitingPerChat());
        this.inFlight = new InFlight(limits.maxInFlight());
    }

    @Override
    public void consume(List<Update> updates) {
        // Must never throw: an exception here would silently end TelegramBots' polling task.
        try {
            if (accepting && updates != null) {
                dispatch(intake.store(updates));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.error("Update dispatch failed", t);
        }
    }

    @Override
    public void receive(Update update) throws InterruptedException {
        // One at a time: the webhook's threads would otherwise hand a chat's updates to the executor in another
        // order than they were stored in.
        synchronized (receiving) {
            List<Update> fresh = intake.storeDurably(List.of(update));
            if (accepting) {
                dispatch(fresh); // when stopping, it stays stored for the next start
            }
        }
    }

    @Override
    public void resume() throws InterruptedException {
        dispatch(intake.claimUnfinished());
    }

    private void dispatch(List<Update> updates) throws InterruptedException {
        try {
            for (Update update : updates) {
                if (!accepting) {
                    return; // stored: the next start handles the rest
                }
                inFlight.acquire();
                try {
                    executor.submit(keyOf(update), priorityOf(update), () -> run(update), () -> drop(update));
                } catch (RuntimeException e) {
                    release(); // never taken into work: give its slot back
                    throw e;
                }
            }
        } finally {
            // One transaction for the batch's drops: a flood drops nearly every update it sends.
            List<Long> ids = new ArrayList<>();
            for (Update u = dropped.poll(); u != null; u = dropped.poll()) {
                ids.add(u.getUpdateId().longValue());
            }
            intake.finish(ids, UpdateInbox.Outcome.DROPPED_CHAT_BACKLOG);
        }
    }

    private void run(Update update) {
        if (!accepting) {
            release(); // stopping: left unfinished in the inbox for the next start
            return;
        }
        // The worker's part is done when this returns: its slot goes back now (below), so replies a chat's limit holds
        // in the sender (a group gets 20 a minute) never fill the window. The update stays unfinished until they are out.
        intake.handle(handler, update);
        release(); // after the line above, so that replies already out are finished before the worker counts as idle
    }

    /** Runs inside {@link #dispatch}, which marks the dropped updates finished when its batch is done. */
    private void drop(Update update) {
        log.debug("Update {} dropped: chat {} has too many updates waiting", update.getUpdateId(), keyOf(update));
        dropped.add(update);
        onBacklogDrop.run();
        release();
    }

    private void release() {
        inFlight.release();
    }

    @Override
    public long nextOffset() {
        return intake.nextOffset();
    }

    @Override
    public void confirmed(long offset) {
        intake.confirmed(offset);
    }

    /** Updates waiting for a worker or running: what fills the window (not those whose replies wait in the sender). */
    @Override
    public int inFlight() {
        return inFlight.count();
    }

    @Override
    public void stopAccepting() {
        accepting = false;
    }

    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return inFlight.awaitIdle(timeout);
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
