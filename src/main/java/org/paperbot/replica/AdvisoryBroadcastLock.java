package org.paperbot.replica;

import org.paperbot.daily.BroadcastLock;
import org.paperbot.store.PostgresDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The broadcaster's role among replicas: a PostgreSQL session-level advisory lock, taken for each broadcast run on a
 * connection of its own (outside the pool). PostgreSQL releases it the moment that connection ends, so when the
 * replica broadcasting dies, or loses the server, the next tick of another replica takes the lock and finishes the
 * run: every delivery the dead one had not recorded as sent is still due.
 */
public final class AdvisoryBroadcastLock implements BroadcastLock {
    private static final Logger log = LoggerFactory.getLogger(AdvisoryBroadcastLock.class);
    /** "PBot" and 2: the key no other lock of PaperBot uses. */
    static final long KEY = 0x50426f74_00000002L;

    private final PostgresDatabase db;
    private Connection session;
    private boolean closed;

    public AdvisoryBroadcastLock(PostgresDatabase db) {
        this.db = db;
    }

    @Override
    public synchronized boolean tryAcquire() {
        if (closed) {
            return false;
        }
        try {
            if (session == null || !session.isValid(2)) {
                closeSession();
                session = db.session();
            }
            try (PreparedStatement p = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                p.setLong(1, KEY);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        } catch (SQLException e) {
            log.warn("Cannot ask for the broadcast lock ({}); not broadcasting this time", e.getMessage());
            closeSession();
            return false;
        }
    }

    @Override
    public synchronized void release() {
        if (session == null) {
            return;
        }
        try (PreparedStatement p = session.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            p.setLong(1, KEY);
            p.execute();
        } catch (SQLException e) {
            // Ending the session releases it just as well.
            log.warn("Cannot release the broadcast lock ({}); closing its connection", e.getMessage());
            closeSession();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeSession();
    }

    private void closeSession() {
        if (session != null) {
            try {
                session.close();
            } catch (SQLException e) {
                log.debug("Closing the broadcast lock's connection: {}", e.getMessage());
            }
            session = null;
        }
    }
}
