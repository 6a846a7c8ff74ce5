package org.paperbot.store;

import org.paperbot.daily.Schedule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Keeps {@code subscription.next_due} true: the instant (epoch milliseconds, UTC) the chat's next card is due, NULL
 * while inactive. The scheduler reads only rows whose instant has come, so every write that changes what decides it
 * (activation, time, zone, delivery settings, a card sent or given up, a supergroup move) calls {@link #refresh} in
 * its own transaction. The instant itself comes from {@link Schedule#next}, the rule that also shows "next delivery".
 */
final class DueTimes {
    private DueTimes() {
    }

    /** Recomputes the chat's next due instant from its row as it is now in this transaction. */
    static void refresh(Connection c, long chatId, Instant now) throws SQLException {
        Long due = null;
        try (PreparedStatement p = c.prepareStatement("SELECT active, send_time, zone, silent, weekdays_only, resume_on, "
                + "last_sent_date FROM subscription WHERE chat_id = ?")) {
            p.setLong(1, chatId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                if (rs.getInt(1) == 1) {
                    DeliverySettings settings = DeliverySettingsStore.read(rs.getInt(4), rs.getInt(5), rs.getString(6));
                    Optional<LocalDate> served = Schedule.later(Optional.ofNullable(rs.getString(7)).map(LocalDate::parse),
                            givenUp(c, chatId));
                    due = Schedule.next(now, LocalTime.parse(rs.getString(2)), ZoneId.of(rs.getString(3)), settings, served)
                            .at().toEpochMilli();
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE subscription SET next_due = ? WHERE chat_id = ?")) {
            if (due == null) {
                p.setNull(1, Types.BIGINT);
            } else {
                p.setLong(1, due);
            }
            p.setLong(2, chatId);
            p.executeUpdate();
        }
    }

    /**
     * The latest local date whose delivery failed for good: the scheduler does not try that date again, so for
     * the due instant it counts as served. A key lookup ({@code delivery}'s primary key starts with the chat).
     */
    static Optional<LocalDate> givenUp(Connection c, long chatId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT MAX(local_day) FROM delivery WHERE chat_id = ? "
                + "AND state = 2 AND attempts >= ?")) {
            p.setLong(1, chatId);
            p.setInt(2, DeliveryStore.MAX_ATTEMPTS);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long day = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(day));
            }
        }
    }
}
