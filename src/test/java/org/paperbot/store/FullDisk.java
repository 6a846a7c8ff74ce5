package org.paperbot.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A disk that fills up and is freed again, for a real database file: while full, no connection (the open one, or
 * any the store opens later) can grow the file by a single page ({@code PRAGMA max_page_count} set to its size),
 * which SQLite reports as SQLITE_FULL, exactly as for a full file system.
 */
public final class FullDisk {
    /** SQLite's default maximum page count: no limit in practice. */
    private static final long NO_LIMIT = 4_294_967_294L;
    private volatile boolean full;

    /** Opens {@code dataDir} like the bot does, with every connection under this disk's limit. */
    public Database open(Path dataDir) {
        return open(dataDir, System::nanoTime);
    }

    /** The same, with the clock that times how long {@link Database#problem} reports an incident. */
    public Database open(Path dataDir, LongSupplier nanoTime) {
        return SqliteDatabase.open(dataDir, this::apply, nanoTime);
    }

    /**
     * Fills the disk the way it happens: other chats subscribe until the database cannot grow any more. Returns how
     * many fitted. A row for a chat id above {@code 1_000_000 + that number} does not fit after this.
     */
    public int fill(Database db, SubscriptionStore store) {
        full = true;
        limit(db);
        int fitted = 0;
        try {
            while (true) {
                store.subscribe(1_000_000 + fitted, Optional.empty());
                fitted++;
            }
        } catch (StoreException e) {
            if (!e.getMessage().contains("SQLITE_FULL")) {
                throw e;
            }
        }
        return fitted;
    }

    /** Space is free again: for the open connection and any opened later. */
    public void free(Database db) {
        full = false;
        limit(db);
    }

    private void limit(Database db) {
        db.transaction(c -> {
            apply(c);
            return null;
        });
    }

    private void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            long limit = NO_LIMIT;
            if (full) {
                try (ResultSet rs = s.executeQuery("PRAGMA page_count")) {
                    rs.next();
                    limit = rs.getLong(1);
                }
            }
            try (ResultSet rs = s.executeQuery("PRAGMA max_page_count = " + limit)) {
                rs.next();
            }
        }
    }
}
