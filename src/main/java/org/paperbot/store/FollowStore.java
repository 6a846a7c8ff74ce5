package org.paperbot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What chats follow (a topic, an author, a keyword), and which paper ids the bot has already seen in a catalog:
 * a paper is announced to its followers the first time it is seen, and never again, across restarts.
 */
public final class FollowStore {
    public enum Kind {
        TOPIC, AUTHOR, KEYWORD;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String column) {
            return valueOf(column.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One thing a chat follows.
     *
     * @param key   normalised, what matching compares and what makes two follows the same
     * @param label as the reader typed it, for lists
     */
    public record Follow(Kind kind, String key, String label) {
    }

    public enum Added { ADDED, ALREADY, FULL }

    private final Database db;
    private final Clock clock;

    public FollowStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Adds the follow unless the chat follows it already or already follows {@code limit} things. */
    public Added add(long chatId, Follow follow, int limit) {
        return db.transaction(c -> {
            long latest;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT COUNT(*), SUM(CASE WHEN kind = ? AND follow_key = ? THEN 1 ELSE 0 END), MAX(created_at) FROM follow"
                            + " WHERE chat_id = ?")) {
                p.setString(1, follow.kind().column());
                p.setString(2, follow.key());
                p.setLong(3, chatId);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    if (rs.getInt(2) > 0) {
                        return Added.ALREADY;
                    }
                    if (rs.getInt(1) >= limit) {
                        return Added.FULL;
                    }
                    latest = rs.getLong(3);
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO follow (chat_id, kind, follow_key, label, created_at) VALUES (?, ?, ?, ?, ?)")) {
                p.setLong(1, chatId);
                p.setString(2, follow.kind().column());
                p.setString(3, follow.key());
                p.setString(4, follow.label());
                // After the chat's latest, even within one millisecond: /following lists in the order they were added.
                p.setLong(5, Math.max(clock.millis(), latest + 1));
                p.executeUpdate();
            }
            return Added.ADDED;
        });
    }

    /** Stops following; false if the chat did not follow it. */
    public boolean remove(long chatId, Kind kind, String key) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM follow WHERE chat_id = ? AND kind = ? AND follow_key = ?")) {
                p.setLong(1, chatId);
                p.setString(2, kind.column());
                p.setString(3, key);
                return p.executeUpdate() > 0;
            }
        });
    }

    /** The chat's follows, oldest first. */
    public List<Follow> list(long chatId) {
        return db.transaction(c -> {
            List<Follow> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT kind, follow_key, label FROM follow WHERE chat_id = ? ORDER BY created_at, kind, follow_key")) {
                p.setLong(1, chatId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Follow(Kind.of(rs.getString(1)), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return out;
        });
    }

    /** Every chat that follows something, with its follows. */
    public Map<Long, List<Follow>> all() {
        return db.transaction(c -> {
            Map<Long, List<Follow>> out = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT chat_id, kind, follow_key, label FROM follow ORDER BY chat_id, created_at, kind, follow_key");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Follow(Kind.of(rs.getString(2)), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        });
    }

    /** A group became a supergroup: its follows move to the new id (joining any it already has there). */
    public void migrate(long oldChatId, long newChatId) {
        db.transaction(c -> {
            // The WHERE keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
            try (PreparedStatement p = c.prepareStatement("INSERT INTO follow (chat_id, kind, follow_key, label, created_at) "
                    + "SELECT ?, kind, follow_key, label, created_at FROM follow WHERE chat_id = ? "
                    + "ON CONFLICT (chat_id, kind, follow_key) DO NOTHING")) {
                p.setLong(1, newChatId);
                p.setLong(2, oldChatId);
                p.executeUpdate();
            }
            forget(c, oldChatId);
            return null;
        });
    }

    /** The chat is gone for the bot (it blocked the bot, or no longer exists): nothing is announced there any more. */
    public void forget(long chatId) {
        db.transaction(c -> {
            forget(c, chatId);
            return null;
        });
    }

    private static void forget(Connection c, long chatId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM follow WHERE chat_id = ?")) {
            p.setLong(1, chatId);
            p.executeUpdate();
        }
    }

    /** Whether any paper was ever recorded as seen: false on the first start with this table. */
    public boolean seenAny() {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM paper_seen LIMIT 1"); ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        });
    }

    /**
     * Records the ids as seen and returns those that had not been seen before, in the order given. Committed
     * before anything is announced: a paper is announced at most once, even if the process dies while announcing.
     */
    public List<String> firstSeen(Collection<String> paperIds) {
        return db.transaction(c -> {
            List<String> fresh = new ArrayList<>();
            long now = clock.millis();
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO paper_seen (paper_id, seen_at) VALUES (?, ?) ON CONFLICT (paper_id) DO NOTHING")) {
                for (String id : paperIds) {
                    p.setString(1, id);
                    p.setLong(2, now);
                    if (p.executeUpdate() > 0) {
                        fresh.add(id);
                    }
                }
            }
            return fresh;
        });
    }

    /** How many chats follow something, and how many follows there are in all. */
    public record Counts(int chats, int follows) {
    }

    public Counts counts() {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(DISTINCT chat_id), COUNT(*) FROM follow");
                 ResultSet rs = p.executeQuery()) {
                rs.next();
                return new Counts(rs.getInt(1), rs.getInt(2));
            }
        });
    }
}
