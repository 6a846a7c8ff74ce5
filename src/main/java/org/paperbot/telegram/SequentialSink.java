package org.paperbot.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.util.LongPollingSingleThreadUpdateConsumer;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TelegramBots' default consumer: one update at a time on the library's single thread. Kept as the baseline for
 * the throughput benchmark ({@code bot.update-workers: 0}); {@link UpdateDispatcher} is what the bot normally uses.
 * Like the dispatcher it stores each batch in the {@link UpdateInbox} before the batch is confirmed, and on stop
 * leaves what it has not started unfinished there, for the next start.
 */
public final class SequentialSink implements LongPollingSingleThreadUpdateConsumer, UpdateSink {
    private static final Logger log = LoggerFactory.getLogger(SequentialSink.class);

    private final Intake intake;
    private final UpdateHandler handler;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean accepting = true;

    public SequentialSink(UpdateInbox inbox, UpdateHandler handler) {
        this.intake = new Intake(inbox);
        this.handler = handler;
    }

    @Override
    public void consume(List<Update> updates) {
        try {
            if (accepting && updates != null) {
                enqueue(intake.store(updates));
            }
        } catch (Throwable t) {
            log.error("Update dispatch failed", t); // never into TelegramBots' polling task, which it would end
        }
    }

    @Override
    public synchronized void receive(Update update) {
        List<Update> fresh = intake.storeDurably(List.of(update));
        if (accepting) {
            enqueue(fresh); // when stopping, it stays stored for the next start
        }
    }

    @Override
    public void resume() {
        enqueue(intake.claimUnfinished());
    }

    private void enqueue(List<Update> updates) {
        inFlight.addAndGet(updates.size());
        LongPollingSingleThreadUpdateConsumer.super.consume(updates);
    }

    @Override
    public void consume(Update update) {
        try {
            if (accepting) {
                handler.handle(update).toCompletableFuture().join();
                intake.finish(update, UpdateInbox.Outcome.HANDLED);
            }
        } catch (Throwable t) {
            if (UpdateHandler.givenUp(t)) {
                // The stop gave its replies up unsent: unfinished, it is handled again at the next start.
                log.info("Update {} stays stored: its replies were not sent before the stop", update.getUpdateId());
                return;
            }
            log.error("Update {} failed", update.getUpdateId(), t);
            intake.finish(update, UpdateInbox.Outcome.HANDLED);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public long nextOffset() {
        return intake.nextOffset();
    }

    @Override
    public void confirmed(long offset) {
        intake.confirmed(offset);
    }

    @Override
    public void stopAccepting() {
        accepting = false;
    }

    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        CountDownLatch marker = new CountDownLatch(1);
        updatesProcessorExecutor.execute(marker::countDown); // the executor is FIFO: earlier updates are done
        return marker.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void shutdownNow() {
        // The library's executor is static and shared; it ends with the process.
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }
}
