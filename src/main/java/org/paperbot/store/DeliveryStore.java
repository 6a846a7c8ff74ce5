package org.paperbot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Daily deliveries, one row per (chat, local date). The protocol that makes each card go out once:
 *
 * <ol>
 *   <li>{@link #claim} writes the row as {@code sending} (committed) <em>before</em> the message is sent;</li>
 *   <li>the answer turns it into {@code sent}, or {@code failed} with the error.</li>
 * </ol>
 *
 * A crash between 1 and 2 leaves the row {@code sending}; it is sent again after the restart. So the only
 * message that can arrive twice is one that was in flight when the process died (or whose answer was lost).
 */
public final class DeliveryStore {
    /** A {@code failed} row with this many attempts is not retried by the scheduler that day (admins still can). */
    public static final int MAX_ATTEMPTS = 5;

    public enum State { SENDING, SENT, FAILED }

    public record Delivery(long chatId, LocalDate localDate, Optional<String> paperId, State state, int attempts,
                           Optional<String> lastError, Optional<Integer> messageId, Optional<Instant> sentAt) {
    }

    /**
     * An active subscription with what the scheduler needs to decide whether it is due.
     *
     * @param lastSent  latest local date with a sent card
     * @param exhausted latest local date whose delivery failed for good (or {@link #MAX_ATTEMPTS} times)
     * @param settings  how the chat wants its card (silent, weekdays only, paused)
     */
    public record Candidate(long chatId, LocalTime time, ZoneId zone, Optional<LocalDate> lastSent,
                            Optional<LocalDate> exhausted, DeliverySettings settings) {
    }

    private final Database db;
    private final Clock clock;

    public DeliveryStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Every active subscription, with its delivery summary. */
    public List<Candidate> candidates() {
        return db.transaction(c -> {
            String sql = "SELECT s.chat_id, s.send_time, s.zone, "
                    + "(SELECT MAX(d.local_date) FROM delivery d WHERE d.chat_id = s.chat_id AND d.state = 'sent'), "
                    + "(SELECT MAX(d.local_date) FROM delivery d WHERE d.chat_id = s.chat_id AND d.state = 'failed' "
                    + "   AND d.attempts >= ?), "
                    + "s.silent, s.weekdays_only, s.resume_on "
                    + "FROM subscription s WHERE s.active = 1 ORDER BY s.send_time, s.chat_id";
            List<Candidate> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setInt(1, MAX_ATTEMPTS);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Candidate(rs.getLong(1), LocalTime.parse(rs.getString(2)), ZoneId.of(rs.getString(3)),
                                Optional.ofNullable(rs.getString(4)).map(LocalDate::parse),
                                Optional.ofNullable(rs.getString(5)).map(LocalDate::parse),
                                DeliverySettingsStore.read(rs.getInt(6), rs.getInt(7), rs.getString(8))));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Claims the delivery of {@code date} to {@code chatId}: true when the caller may now send. False when the
     * subscription is no longer active or a card for this date (or a later one) was already sent. Committed
     * before returning, so the claim survives a crash during the send.
     */
    public boolean claim(long chatId, LocalDate date, String paperId) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT active FROM subscription WHERE chat_id = ?")) {
                p.setLong(1, chatId);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != 1) {
                        return false;
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT 1 FROM delivery WHERE chat_id = ? AND local_date >= ? AND state = 'sent' LIMIT 1")) {
                p.setLong(1, chatId);
                p.setString(2, date.toString());
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            String now = clock.instant().toString();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO delivery (chat_id, local_date, paper_id, state, "
                    + "attempts, claimed_at, updated_at) VALUES (?, ?, ?, 'sending', 1, ?, ?) "
                    + "ON CONFLICT (chat_id, local_date) DO UPDATE SET state = 'sending', attempts = attempts + 1, "
                    + "paper_id = excluded.paper_id, claimed_at = excluded.claimed_at, updated_at = excluded.updated_at")) {
                p.setLong(1, chatId);
                p.setString(2, date.toString());
                p.setString(3, paperId);
                p.setString(4, now);
                p.setString(5, now);
                p.executeUpdate();
            }
            return true;
        });
    }

    public void markSent(long chatId, LocalDate date, Integer messageId) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE delivery SET state = 'sent', message_id = ?, "
                    + "last_error = NULL, sent_at = ?, updated_at = ? WHERE chat_id = ? AND local_date = ?")) {
                String now = clock.instant().toString();
                if (messageId == null) {
                    p.setNull(1, java.sql.Types.INTEGER);
                } else {
                    p.setInt(1, messageId);
                }
                p.setString(2, now);
                p.setString(3, now);
                p.setLong(4, chatId);
                p.setString(5, date.toString());
                return p.executeUpdate();
            }
        });
    }

    /**
     * Records a failed delivery. {@code retryable} failures are tried again at later scheduler ticks until
     * {@link #MAX_ATTEMPTS}; the others are final for the day (the scheduler skips them).
     */
    public void markFailed(long chatId, LocalDate date, String error, boolean retryable) {
        db.transaction(c -> {
            String attempts = retryable ? "attempts" : "MAX(attempts, " + MAX_ATTEMPTS + ")";
            try (PreparedStatement p = c.prepareStatement("UPDATE delivery SET state = 'failed', attempts = " + attempts
                    + ", last_error = ?, updated_at = ? WHERE chat_id = ? AND local_date = ?")) {
                p.setString(1, error == null ? null : SubscriptionStore.truncate(error, 500));
                p.setString(2, clock.instant().toString());
                p.setLong(3, chatId);
                p.setString(4, date.toString());
                return p.executeUpdate();
            }
        });
    }

    public Optional<Delivery> find(long chatId, LocalDate date) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT chat_id, local_date, paper_id, state, attempts, last_error, "
                    + "message_id, sent_at FROM delivery WHERE chat_id = ? AND local_date = ?")) {
                p.setLong(1, chatId);
                p.setString(2, date.toString());
                List<Delivery> found = list(p);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    /** Rows in the given state, oldest first (tests and diagnostics). */
    public List<Delivery> inState(State state) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT chat_id, local_date, paper_id, state, attempts, last_error, "
                    + "message_id, sent_at FROM delivery WHERE state = ? ORDER BY local_date, chat_id")) {
                p.setString(1, state.name().toLowerCase(java.util.Locale.ROOT));
                return list(p);
            }
        });
    }

    /** Latest local date with a sent card to this chat. */
    public Optional<LocalDate> lastSent(long chatId) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT MAX(local_date) FROM delivery WHERE chat_id = ? AND state = 'sent'")) {
                p.setLong(1, chatId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)).map(LocalDate::parse) : Optional.empty();
                }
            }
        });
    }

    /** Forgets deliveries before {@code date}; they no longer decide anything. Returns the number removed. */
    public int pruneBefore(LocalDate date) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM delivery WHERE local_date < ?")) {
                p.setString(1, date.toString());
                return p.executeUpdate();
            }
        });
    }

    private static List<Delivery> list(PreparedStatement p) throws SQLException {
        List<Delivery> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                int messageId = rs.getInt(7);
                Optional<Integer> message = rs.wasNull() ? Optional.empty() : Optional.of(messageId);
                out.add(new Delivery(rs.getLong(1), LocalDate.parse(rs.getString(2)), Optional.ofNullable(rs.getString(3)),
                        State.valueOf(rs.getString(4).toUpperCase(java.util.Locale.ROOT)), rs.getInt(5),
                        Optional.ofNullable(rs.getString(6)), message,
                        Optional.ofNullable(rs.getString(8)).map(Instant::parse)));
            }
        }
        return out;
    }
}
