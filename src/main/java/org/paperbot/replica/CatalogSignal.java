package org.paperbot.replica;

import org.paperbot.concurrent.DaemonThreads;
import org.paperbot.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A /reload reaches one replica, chosen by the load balancer; the catalog must change on all of them. The replica that
 * reloaded counts a generation up in {@code catalog_signal}; every replica looks at it every {@link #EVERY} and
 * reloads when it has moved. (Each replica also watches its own catalog files, when they change under it.)
 */
public final class CatalogSignal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CatalogSignal.class);
    public static final Duration EVERY = Duration.ofSeconds(2);

    private final Database db;
    private final String replica;
    private final Runnable reload;
    private final LongSupplier millis;
    private long seen;
    private ScheduledExecutorService timer;

    /** @param reload reloads this replica's catalog */
    public CatalogSignal(Database db, String replica, Runnable reload, LongSupplier millis) {
        this.db = db;
        this.replica = replica;
        this.reload = reload;
        this.millis = millis;
        this.seen = generation();
    }

    /**
     * This replica reloaded on request: the others follow. Never throws: the reload here stands, and if the database
     * cannot take the signal now, the others still reload when their own catalog files change.
     */
    public void announce() {
        long generation;
        try {
            generation = db.transaction(c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO catalog_signal (id, generation, requested_by, requested_at)"
                        + " VALUES (1, 1, ?, ?) ON CONFLICT (id) DO UPDATE SET generation = catalog_signal.generation + 1,"
                        + " requested_by = excluded.requested_by, requested_at = excluded.requested_at RETURNING generation")) {
                    p.setString(1, replica);
                    p.setLong(2, millis.getAsLong());
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not tell the other replicas about the reload ({}); they keep their catalog", e.getMessage());
            return;
        }
        synchronized (this) {
            seen = Math.max(seen, generation);
        }
        log.info("Catalog reload announced to the other replicas (generation {})", generation);
    }

    /** Reloads if another replica announced a reload since the last look; true if it did. */
    public boolean poll() {
        long current = generation();
        synchronized (this) {
            if (current <= seen) {
                return false;
            }
            seen = current;
        }
        log.info("Another replica reloaded the catalog (generation {}); reloading here", current);
        reload.run();
        return true;
    }

    private long generation() {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT generation FROM catalog_signal WHERE id = 1");
                 ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("catalog-signal"));
        timer.scheduleWithFixedDelay(() -> {
            if (db.isClosed()) {
                timer.shutdown();
                return;
            }
            try {
                poll();
            } catch (RuntimeException e) {
                log.debug("Catalog signal not read this time: {}", e.getMessage());
            }
        }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
