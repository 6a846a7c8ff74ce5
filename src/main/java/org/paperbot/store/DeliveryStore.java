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

    /**
     * A page of due subscriptions, in due order; {@code lastDue} and {@code lastChat} are where the next page starts
     * (keyset paging, so a page costs its own rows whatever is before it).
     */
    public record Page(List<Candidate> rows, long lastDue, long lastChat) {
        public static final Page START = new Page(List.of(), Long.MIN_VALUE, Long.MIN_VALUE);
    }

    /**
     * One page of due rows: the {@code subscription_due} index gives them in order, so nothing else is read; only the
     * rows returned get the key lookup of a delivery given up on.
     */
    static final String DUE_QUERY = "SELECT s.chat_id, s.send_time, s.zone, s.last_sent_date, s.silent, s.weekdays_only, "
            + "s.resume_on, s.next_due, (SELECT MAX(d.local_date) FROM delivery d WHERE d.chat_id = s.chat_id "
            + "AND d.state = 'failed' AND d.attempts >= ?) FROM subscription s WHERE s.active = 1 AND s.next_due <= ? "
            + "AND (s.next_due > ? OR (s.next_due = ? AND s.chat_id > ?)) ORDER BY s.next_due, s.chat_id LIMIT ?";

    private final Database db;
    private final Clock clock;

    public DeliveryStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Every active subscription, with its delivery summary (an admin push; a tick reads {@link #dueBy}). */
    public List<Candidate> candidates() {
        return db.transaction(c -> {
            String sql = "SELECT s.chat_id, s.send_time, s.zone, s.last_sent_date, "
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
     * The next page of at most {@code limit} active subscriptions due at {@code now} (their next due instant has
     * come), after {@code after}, in due order. Reads only those rows, through the {@code subscription_due} index.
     */
    public Page dueBy(Instant now, Page after, int limit) {
        return db.transaction(c -> {
            List<Candidate> out = new ArrayList<>();
            long lastDue = after.lastDue();
            long lastChat = after.lastChat();
            try (PreparedStatement p = c.prepareStatement(DUE_QUERY)) {
                p.setInt(1, MAX_ATTEMPTS);
                p.setLong(2, now.toEpochMilli());
                p.setLong(3, lastDue);
                p.setLong(4, lastDue);
                p.setLong(5, lastChat);
                p.setInt(6, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        long chatId = rs.getLong(1);
                        out.add(new Candidate(chatId, LocalTime.parse(rs.getString(2)), ZoneId.of(rs.getString(3)),
                                Optional.ofNullable(rs.getString(4)).map(LocalDate::parse),
                                Optional.ofNullable(rs.getString(9)).map(LocalDate::parse),
                                DeliverySettingsStore.read(rs.getInt(5), rs.getInt(6), rs.getString(7))));
                        lastDue = rs.getLong(8);
                        lastChat = chatId;
                    }
                }
            }
            return new Page(out, lastDue, lastChat);
        });
    }

    /** When the chat's next card is due as the scheduler sees it; empty while the chat is not subscribed. */
    public Optional<Instant> nextDue(long chatId) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT next_due FROM subscription WHERE chat_id = ?")) {
                p.setLong(1, chatId);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Instant>empty();
                    }
                    long due = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(due));
                }
            }
        });
    }

    /** Recomputes the chat's next due instant (a tick found it stale, e.g. after downtime or the upgrade). */
    public void refreshDue(long chatId) {
        db.transaction(c -> {
            DueTimes.refresh(c, chatId, clock.instant());
            return null;
        });
    }

    /**
     * Claims the delivery of {@code date} to {@code chatId}: true when the caller may now send. False when the
     * subscription is no longer active or a card for this date (or a later one) was already sent, as the row's
     * {@code last_sent_date} says (it outlives the pruned {@code delivery} rows). Committed before returning, so the
     * claim survives a crash during the send.
     */
    public boolean claim(long chatId, LocalDate date, String paperId) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT active, last_sent_date FROM subscription WHERE chat_id = ?")) {
                p.setLong(1, chatId);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next() || rs.getInt(1) != 1) {
                        return false;
                    }
                    String sent = rs.getString(2);
                    if (sent != null && !LocalDate.parse(sent).isBefore(date)) {
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
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE subscription SET last_sent_date = ? WHERE chat_id = ? "
                    + "AND (last_sent_date IS NULL OR last_sent_date < ?)")) {
                p.setString(1, date.toString());
                p.setLong(2, chatId);
                p.setString(3, date.toString());
                p.executeUpdate();
            }
            DueTimes.refresh(c, chatId, clock.instant());
            return null;
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
                p.executeUpdate();
            }
            // A failure given up on moves the chat to its next date; a retryable one leaves it due.
            DueTimes.refresh(c, chatId, clock.instant());
            return null;
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
        return db.transaction(c -> SubscriptionStore.lastSentDate(c, chatId));
    }

    /**
     * Forgets deliveries before {@code date}: exactly-once needs only each chat's {@code last_sent_date}, kept on its
     * subscription row. Returns the number removed.
     */
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
