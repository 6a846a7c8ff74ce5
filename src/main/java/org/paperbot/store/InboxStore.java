package org.paperbot.store;

import org.paperbot.telegram.SharedInbox;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The update inbox ({@code inbox} table). A batch is one transaction; with SQLite's WAL and
 * {@code synchronous=NORMAL} a committed batch survives a crash or kill of the process (see {@link SqliteDatabase});
 * on PostgreSQL, once committed it is the server's.
 *
 * <p>Replicas sharing PostgreSQL take work with {@link #claim}: of each chat, the oldest pending update, when no live
 * claim holds it; rows another replica is claiming at the same moment are skipped ({@code FOR UPDATE SKIP LOCKED}),
 * so two replicas never claim the same update, and no replica waits for another's claim to commit.
 */
public final class InboxStore implements SharedInbox {
    /** Finished updates are kept this long (webhook redeliveries are recognised within it), … */
    static final Duration KEEP_FINISHED = Duration.ofHours(1);
    /** … but no more than this many, so that a busy hour does not grow the file without bound, … */
    static final int KEEP_FINISHED_COUNT = 10_000;
    /** … except those Telegram may still deliver again: it keeps an update for at most 24 hours. */
    static final Duration TELEGRAM_KEEPS = Duration.ofHours(24);

    private final Database db;
    private final Clock clock;

    public InboxStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public List<Entry> add(List<Entry> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        long now = clock.millis();
        return db.transaction(c -> {
            List<Entry> stored = new ArrayList<>(batch.size());
            try (PreparedStatement p = c.prepareStatement("INSERT INTO inbox (update_id, chat_key, payload, state, received_at)"
                    + " VALUES (?, ?, ?, 'pending', ?) ON CONFLICT (update_id) DO NOTHING")) {
                for (Entry e : batch) {
                    p.setLong(1, e.updateId());
                    p.setString(2, e.chatKey());
                    p.setString(3, e.payload());
                    p.setLong(4, now);
                    if (p.executeUpdate() == 1) {
                        stored.add(e);
                    }
                }
            }
            return stored;
        });
    }

    @Override
    public List<Entry> claimUnfinished() {
        return db.transaction(c -> {
            List<Entry> pending = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT update_id, chat_key, payload FROM inbox WHERE state = 'pending' ORDER BY update_id");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    pending.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
            return pending;
        });
    }

    @Override
    public List<Entry> claim(String owner, int max, long leaseMillis) {
        if (max <= 0) {
            return List.of();
        }
        long now = clock.millis();
        boolean postgres = db.dialect() == Database.Dialect.POSTGRES;
        // Each chat's oldest pending update, found once per chat: with every chat's head in flight, asking of each
        // waiting update whether an older one of its chat waits too read the whole backlog, probe by probe.
        String claimable = "SELECT i.update_id FROM inbox i WHERE i.update_id IN (SELECT MIN(h.update_id) FROM inbox h"
                + " WHERE h.state = 'pending' GROUP BY h.chat_key) AND i.state = 'pending'"
                + " AND (i.claimed_until IS NULL OR i.claimed_until < ?)"
                + " ORDER BY i.update_id LIMIT ?" + (postgres ? " FOR UPDATE SKIP LOCKED" : "");
        return db.transaction(c -> {
            List<Entry> claimed = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("UPDATE inbox SET claimed_by = ?, claimed_until = ?"
                    + " WHERE update_id IN (" + claimable + ") RETURNING update_id, chat_key, payload")) {
                p.setString(1, owner);
                p.setLong(2, now + leaseMillis);
                p.setLong(3, now);
                p.setInt(4, max);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            claimed.sort(Comparator.comparingLong(Entry::updateId));
            return claimed;
        });
    }

    @Override
    public int dropBacklog(int keepPerChat) {
        long now = clock.millis();
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE inbox SET state = 'dropped', drop_reason = 'chat_backlog',"
                    + " finished_at = ? WHERE state = 'pending' AND (claimed_until IS NULL OR claimed_until < ?)"
                    + " AND update_id IN (SELECT update_id FROM (SELECT update_id, ROW_NUMBER() OVER"
                    + " (PARTITION BY chat_key ORDER BY update_id DESC) AS newer FROM inbox WHERE state = 'pending') waiting"
                    + " WHERE newer > ?)")) {
                p.setLong(1, now);
                p.setLong(2, now);
                p.setInt(3, keepPerChat);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public int renew(String owner, long leaseMillis) {
        long until = clock.millis() + leaseMillis;
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE inbox SET claimed_until = ? WHERE claimed_by = ? AND state = 'pending'")) {
                p.setLong(1, until);
                p.setString(2, owner);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public int release(String owner) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE inbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? AND state = 'pending'")) {
                p.setString(1, owner);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public void finish(List<Long> updateIds, Outcome outcome) {
        if (updateIds.isEmpty()) {
            return;
        }
        long now = clock.millis();
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE inbox SET state = ?, drop_reason = ?, finished_at = ? WHERE update_id = ? AND state = 'pending'")) {
                for (long updateId : updateIds) {
                    p.setString(1, outcome == Outcome.HANDLED ? "handled" : "dropped");
                    p.setString(2, outcome == Outcome.DROPPED_CHAT_BACKLOG ? "chat_backlog" : null);
                    p.setLong(3, now);
                    p.setLong(4, updateId);
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public int prune(long redeliverableFrom) {
        long now = clock.millis();
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    DELETE FROM inbox
                     WHERE state <> 'pending'
                       AND (finished_at < ?
                            OR (update_id < ?
                                AND (finished_at < ?
                                     OR update_id < (SELECT MIN(update_id) FROM (SELECT update_id FROM inbox
                                                      WHERE state <> 'pending' ORDER BY update_id DESC LIMIT ?) newest))))""")) {
                p.setLong(1, now - TELEGRAM_KEEPS.toMillis());
                p.setLong(2, redeliverableFrom);
                p.setLong(3, now - KEEP_FINISHED.toMillis());
                p.setInt(4, KEEP_FINISHED_COUNT);
                return p.executeUpdate();
            }
        });
    }
}
