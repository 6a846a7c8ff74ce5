package org.paperbot.store;

import org.paperbot.concurrent.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link Database#check} periodically, so that a database file deleted or replaced under the running bot is
 * noticed (and restored) even when nobody asks /healthz. One daemon thread; it ends with {@link #close} or when the
 * database is closed.
 */
public final class DatabaseWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);
    /** The Docker image's HEALTHCHECK interval: a deleted file is noticed within one health interval. */
    public static final Duration INTERVAL = Duration.ofSeconds(30);

    private final ScheduledExecutorService timer;

    private DatabaseWatch(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public static DatabaseWatch start(Database db, Duration every) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("db-watch"));
        long millis = every.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                if (db.isClosed()) {
                    timer.shutdown();
                } else {
                    db.check();
                }
            } catch (RuntimeException e) {
                // A failing check must not end the schedule: the next one may succeed.
                log.error("Database check failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return new DatabaseWatch(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
