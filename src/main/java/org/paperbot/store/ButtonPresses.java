package org.paperbot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Toggle buttons (⭐, 👍, 👎) applied once per press. An update is handled again after a restart when its replies
 * were not out yet; a toggle applied twice would undo itself, so each press's outcome is kept under Telegram's
 * callback query id, inside the toggle's transaction, and a repeat gets the same outcome without a change. Rows older
 * than {@link #KEPT} are dropped: Telegram's answer to a press is long void by then.
 */
final class ButtonPresses {
    static final Duration KEPT = Duration.ofDays(1);

    private ButtonPresses() {
    }

    /** The outcome recorded for the press, if it was applied before. */
    static OptionalInt applied(Connection c, String queryId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT outcome FROM button_press WHERE query_id = ?")) {
            p.setString(1, queryId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    static void record(Connection c, String queryId, int outcome, long nowMillis) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM button_press WHERE pressed_at < ?")) {
            p.setLong(1, nowMillis - KEPT.toMillis());
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO button_press (query_id, outcome, pressed_at) VALUES (?, ?, ?)")) {
            p.setString(1, queryId);
            p.setInt(2, outcome);
            p.setLong(3, nowMillis);
            p.executeUpdate();
        }
    }
}
