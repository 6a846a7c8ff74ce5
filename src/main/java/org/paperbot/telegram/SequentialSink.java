package org.paperbot.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.util.LongPollingSingleThreadUpdateConsumer;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * TelegramBots' default consumer: one update at a time on the library's single thread, offsets confirmed as
 * soon as updates are received. Kept as the baseline for the throughput benchmark ({@code bot.update-workers: 0});
 * {@link UpdateDispatcher} is what the bot normally uses.
 */
public final class SequentialSink implements LongPollingSingleThreadUpdateConsumer, UpdateSink {
    private static final Logger log = LoggerFactory.getLogger(SequentialSink.class);

    private final Consumer<Update> handler;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean accepting = true;

    public SequentialSink(Consumer<Update> handler) {
        this.handler = handler;
    }

    @Override
    public void consume(java.util.List<Update> updates) {
        inFlight.addAndGet(updates.size());
        LongPollingSingleThreadUpdateConsumer.super.consume(updates);
    }

    @Override
    public void consume(Update update) {
        try {
            if (accepting) {
                handler.accept(update);
            }
        } catch (Throwable t) {
            log.error("Update {} failed", update.getUpdateId(), t);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public long nextOffset(int lastReceived) {
        return lastReceived + 1L; // what DefaultGetUpdatesGenerator does
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
