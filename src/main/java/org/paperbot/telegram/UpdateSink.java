package org.paperbot.telegram;

import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;

import java.time.Duration;

/** Where the long-polling loop delivers updates, and what it needs to know to poll and to stop. */
public interface UpdateSink extends LongPollingUpdateConsumer {
    /** Takes into work what the last run stored but did not finish; called once, before polling starts. */
    void resume() throws InterruptedException;

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
