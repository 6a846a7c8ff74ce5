package org.paperbot.telegram;

import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.time.Duration;

/**
 * Where updates are delivered (by the long-polling loop as batches, by the webhook one at a time), and what
 * polling needs to know to poll and to stop.
 */
public interface UpdateSink extends LongPollingUpdateConsumer {
    /** Takes into work what the last run stored but did not finish; called once, before polling starts. */
    void resume() throws InterruptedException;

    /**
     * One update POSTed to the webhook: stored in the inbox (a redelivered one is recognised and dropped), then
     * taken into work like a polled one. Returns once it is stored; throws (unchecked) if it could not be, so the
     * webhook answers with an error and Telegram delivers it again. May block while too many updates are in flight.
     */
    void receive(Update update) throws InterruptedException;

    /** Offset for the next getUpdates: everything below it is safe with the sink (stored). */
    long nextOffset();

    /** Telegram answered a getUpdates with this offset: it will not deliver anything below it again. */
    void confirmed(long offset);

    /** Stop taking new updates; those running finish, those waiting stay stored for the next start. */
    void stopAccepting();

    /**
     * Wait until the updates taken into work are handed over (their replies given to the sender, which finishes
     * them when they are out) or put back; false on timeout.
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException;

    void shutdownNow();

    int inFlight();
}
