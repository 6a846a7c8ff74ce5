package org.paperbot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Readers' notes about a summary («✏️ Ошибка в пересказе»), and the private chats whose next message is such a note.
 * That state is stored rather than held in memory, so a restart between the press and the note loses neither.
 */
public final class FeedbackStore {
    /** A chat waiting for its note about {@code paperId}, asked at {@code askedAt}. */
    public record Pending(String paperId, Instant askedAt) {
    }

    private final Database db;
    private final Clock clock;

    public FeedbackStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The chat's next message is a note about {@code paperId} (replacing a note asked for earlier). */
    public void await(long chatId, String paperId) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO note_pending (chat_id, paper_id, asked_at) "
                    + "VALUES (?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET paper_id = excluded.paper_id, "
                    + "asked_at = excluded.asked_at")) {
                p.setLong(1, chatId);
                p.setString(2, paperId);
                p.setLong(3, clock.millis());
                p.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Pending> pending(long chatId) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT paper_id, asked_at FROM note_pending WHERE chat_id = ?")) {
                p.setLong(1, chatId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new Pending(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
                            : Optional.empty();
                }
            }
        });
    }

    /** The chat no longer waits for a note; false if it was not waiting. */
    public boolean cancel(long chatId) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM note_pending WHERE chat_id = ?")) {
                p.setLong(1, chatId);
                return p.executeUpdate() > 0;
            }
        });
    }

    /** Stores the note and ends the chat's wait for it, in one transaction. */
    public void save(long chatId, long userId, String paperId, String note) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO feedback_note (user_id, created_at, paper_id, note) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (user_id, created_at) DO UPDATE SET note = excluded.note, "
                    + "paper_id = excluded.paper_id")) {
                p.setLong(1, userId);
                p.setLong(2, clock.millis());
                p.setString(3, paperId);
                p.setString(4, note);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM note_pending WHERE chat_id = ?")) {
                p.setLong(1, chatId);
                p.executeUpdate();
            }
            return null;
        });
    }

    public int count() {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM feedback_note"); ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
