package org.paperbot.replica;

import org.paperbot.concurrent.DaemonThreads;
import org.paperbot.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Telegram's global limit is the bot's, not a replica's: every replica counts the messages it sends into
 * {@code send_window} (one row per replica and second), and reads what the others sent since it last looked, which
 * its {@link org.paperbot.daily.RateBudget} takes as its own sends. So the one replica that broadcasts leaves room for
 * the replies of all of them, as a single process leaves room for its own: replies never wait, the broadcast does.
 *
 * <p>Counts go out every {@link #EVERY}: another replica's burst is seen that much late at most, which the budget's
 * headroom absorbs.
 */
public final class SharedSendCount implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedSendCount.class);
    static final Duration EVERY = Duration.ofMillis(200);
    /** Rows older than this are removed (by whichever replica gets there). */
    static final long KEEP_SECONDS = 60;
    /** How often those are looked for. */
    static final long CLEANUP_EVERY_MILLIS = 10_000;

    private final Database db;
    private final String replica;
    private final IntConsumer othersSent;
    private final LongSupplier millis;
    private final AtomicInteger unsent = new AtomicInteger();
    /** (replica, second) → the count already taken, of the other replicas' recent rows. */
    private final Map<String, Integer> seen = new HashMap<>();
    private ScheduledExecutorService timer;
    private long lastCleanup;

    /** @param othersSent told how many messages the other replicas sent since the last call */
    public SharedSendCount(Database db, String replica, IntConsumer othersSent, LongSupplier millis) {
        this.db = db;
        this.replica = replica;
        this.othersSent = othersSent;
        this.millis = millis;
    }

    /** One message sent by this replica. */
    public void sent() {
        unsent.incrementAndGet();
    }

    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("send-count"));
        timer.scheduleWithFixedDelay(() -> {
            if (db.isClosed()) {
                timer.shutdown();
                return;
            }
            try {
                exchange();
            } catch (RuntimeException e) {
                log.debug("Send counts not exchanged this time: {}", e.getMessage());
            }
        }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes this replica's count, reads the others'; returns how many they sent since the last exchange. */
    synchronized int exchange() {
        long now = millis.getAsLong();
        long second = now / 1000;
        int mine = unsent.getAndSet(0);
        boolean cleanup = now - lastCleanup > CLEANUP_EVERY_MILLIS;
        Map<String, Integer> rows;
        try {
            rows = db.transaction(c -> {
                if (mine > 0) {
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO send_window (replica, second, sent) VALUES (?, ?, ?)"
                            + " ON CONFLICT (replica, second) DO UPDATE SET sent = send_window.sent + excluded.sent")) {
                        p.setString(1, replica);
                        p.setLong(2, second);
                        p.setInt(3, mine);
                        p.executeUpdate();
                    }
                }
                if (cleanup) {
                    try (PreparedStatement p = c.prepareStatement("DELETE FROM send_window WHERE second < ?")) {
                        p.setLong(1, second - KEEP_SECONDS);
                        p.executeUpdate();
                    }
                }
                Map<String, Integer> read = new HashMap<>();
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT replica, second, sent FROM send_window WHERE second >= ? AND replica <> ?")) {
                    p.setLong(1, second - 2);
                    p.setString(2, replica);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            read.put(rs.getString(1) + "@" + rs.getLong(2), rs.getInt(3));
                        }
                    }
                }
                return read;
            });
        } catch (RuntimeException e) {
            unsent.addAndGet(mine); // counted at the next exchange
            throw e;
        }
        if (cleanup) {
            lastCleanup = now;
        }
        int others = 0;
        for (Map.Entry<String, Integer> row : rows.entrySet()) {
            others += Math.max(0, row.getValue() - seen.getOrDefault(row.getKey(), 0));
        }
        // Rows older than the window read are never read again.
        seen.clear();
        seen.putAll(rows);
        if (others > 0) {
            othersSent.accept(others);
        }
        return others;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
