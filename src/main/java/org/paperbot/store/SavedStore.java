package org.paperbot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.time.Clock;

/** Papers a reader saved for later (⭐), per Telegram user: the same list in every chat they press in. */
public final class SavedStore {
    private final Database db;
    private final Clock clock;

    public SavedStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Saves the paper if it was not saved, removes it if it was; returns whether it is saved now. {@code pressId} (the
     * callback query id) makes it once per press: the same press again changes nothing and returns the same.
     */
    public boolean toggle(long userId, String paperId, String pressId) {
        return db.transaction(c -> {
            OptionalInt before = ButtonPresses.applied(c, pressId);
            if (before.isPresent()) {
                return before.getAsInt() == 1;
            }
            boolean saved;
            try (PreparedStatement p = c.prepareStatement("DELETE FROM saved_paper WHERE user_id = ? AND paper_id = ?")) {
                p.setLong(1, userId);
                p.setString(2, paperId);
                saved = p.executeUpdate() == 0;
            }
            if (saved) {
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO saved_paper (user_id, paper_id, saved_at) VALUES (?, ?, ?)")) {
                    p.setLong(1, userId);
                    p.setString(2, paperId);
                    p.setLong(3, clock.millis());
                    p.executeUpdate();
                }
            }
            ButtonPresses.record(c, pressId, saved ? 1 : 0, clock.millis());
            return saved;
        });
    }

    /** Removes the paper from the list; false if it was not there. */
    public boolean remove(long userId, String paperId) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM saved_paper WHERE user_id = ? AND paper_id = ?")) {
                p.setLong(1, userId);
                p.setString(2, paperId);
                return p.executeUpdate() > 0;
            }
        });
    }

    public boolean isSaved(long userId, String paperId) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM saved_paper WHERE user_id = ? AND paper_id = ?")) {
                p.setLong(1, userId);
                p.setString(2, paperId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The user's saved paper ids, most recently saved first. */
    public List<String> list(long userId) {
        return db.transaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT paper_id FROM saved_paper WHERE user_id = ? ORDER BY saved_at DESC, paper_id")) {
                p.setLong(1, userId);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }
}
