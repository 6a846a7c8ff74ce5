package org.paperbot.library;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who still uses a {@link Snapshot}: the holder that serves it, and each request running on it. When the last one lets
 * go — the holder after a swap or at shutdown, or the request that finished last — the snapshot's files are closed
 * (index reader, store channel), and a snapshot a newer one replaced ({@link #retire}) has its directory deleted too;
 * one let go at shutdown keeps it for the next start. A request can only start on a snapshot still held
 * ({@link #tryAcquire}), so nothing reads a closed index or store.
 */
public final class Lease {
    /** What the last user's release does. */
    @FunctionalInterface
    interface Release {
        /** @param retired whether a newer snapshot replaced this one (its files are then of no further use) */
        void run(boolean retired);
    }

    private final AtomicInteger users = new AtomicInteger(1);
    private final String key;
    private final Release release;
    private volatile boolean retired;

    /** @param key what the snapshot was built from (the catalog's content hash), null when nothing names it */
    Lease(String key, Release release) {
        this.key = key;
        this.release = release;
    }

    /**
     * A snapshot with nothing to release (in the heap only): it can always be used, even after being replaced (tests
     * put snapshots back).
     */
    public static Lease none() {
        return new Lease(null, null);
    }

    /** The content hash the snapshot was built from, if it was built into a directory. */
    public String key() {
        return key;
    }

    /** Counts one more user; false once the snapshot has been released (then use the holder's newer one). */
    boolean tryAcquire() {
        if (release == null) {
            return true;
        }
        while (true) {
            int n = users.get();
            if (n == 0) {
                return false;
            }
            if (users.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** One user fewer; the last one releases the snapshot's files. */
    void release() {
        if (release != null && users.decrementAndGet() == 0) {
            release.run(retired);
        }
    }

    /** The holder lets go of a snapshot a newer one replaced: once its last request is done, its files go. */
    void retire() {
        retired = true;
        release();
    }

    /** Users now (the holder counts one while it serves the snapshot); for tests and diagnostics. */
    int users() {
        return users.get();
    }
}
