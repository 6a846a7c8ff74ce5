package org.paperbot.telegram;

import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;

import java.time.Duration;

/** Where the long-polling loop delivers updates, and what it needs to know to poll and to stop. */
public interface UpdateSink extends LongPollingUpdateConsumer {
    /** Offset for the next getUpdates, given the highest update id the library has received so far. */
    long nextOffset(int lastReceived);

    /** Stop taking new updates; those already accepted still run. */
    void stopAccepting();

    /** Wait until accepted updates are handled; false on timeout. */
    boolean awaitIdle(Duration timeout) throws InterruptedException;

    void shutdownNow();

    int inFlight();
}
