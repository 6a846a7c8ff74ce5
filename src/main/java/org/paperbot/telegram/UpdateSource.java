package org.paperbot.telegram;

import org.slf4j.LoggerFactory;

import java.time.Duration;

/** How updates reach the {@link UpdateSink}: long polling (the default) or a webhook. */
public interface UpdateSource {
    /** Takes up what the last run left unfinished, then starts receiving. */
    void start() throws InterruptedException;

    /** Null while updates can arrive; otherwise why not (for /healthz). */
    String problem();

    /** Stops receiving and lets the updates running finish, for at most {@code grace}. */
    void stop(Duration grace) throws InterruptedException;

    /** Stops at once without finishing or confirming anything (a simulated crash). */
    void abort();

    /** The end of both stops: what runs may finish within {@code grace}; the rest stays stored for the next start. */
    static void finish(UpdateSink sink, Duration grace) throws InterruptedException {
        if (!sink.awaitIdle(grace)) {
            LoggerFactory.getLogger(UpdateSource.class).warn(
                    "Updates still running after {} ms are left unfinished; they are handled again at the next start",
                    grace.toMillis());
        }
        sink.shutdownNow();
    }
}
