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
 * A row is needed only while its date can still be delivered (a local date lasts about two days of UTC across the
 * zones); what exactly-once needs afterwards is the subscription's {@code last_sent_date}, so rows are pruned soon.
 */
public final class DeliveryStore {
    /** A {@code failed} row with this many attempts is not retried by the scheduler that day (admins still can). */
    public static final int MAX_ATTEMPTS = 5;
    /** Rows a pruning transaction walks: pruning a million rows never holds the database for long. */
    static final int PRUNE_BATCH = 20_000;

    /** The states, stored as their ordinal. */
    public enum State { SENDING, SENT, FAILED }

    public record Delivery(long chatId, LocalDate localDate, State state, int attempts, Optional<String> lastError,
                           Optional<Integer> messageId, Optional<Instant> sentAt) {
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
     * A page of subscriptions; {@code lastDue} and {@code lastChat} are where the next page starts (keyset paging, so
     * a page costs its own rows whatever is before it).
     */
    public record Page(List<Candidate> rows, long lastDue, long lastChat) {
        public static final Page START = new Page(List.of(), Long.MIN_VALUE, Long.MIN_VALUE);
    }

    /** What a candidate is read from; the last column is the latest date given up on (a key range of the chat's rows). */
    private static final String CANDIDATE = "SELECT s.chat_id, s.send_time, s.zone, s.last_sent_date, s.silent, "
            + "s.weekdays_only, s.resume_on, s.next_due, (SELECT MAX(d.local_day) FROM delivery d WHERE d.chat_id = s.chat_id "
            + "AND d.state = 2 AND d.attempts >= ?) FROM subscription s WHERE s.active = 1 ";

    /** One page of due rows: the {@code subscription_due} index gives them in order, so nothing else is read. */
    static final String DUE_QUERY = CANDIDATE + "AND s.next_due <= ? "
            + "AND (s.next_due > ? OR (s.next_due = ? AND s.chat_id > ?)) ORDER BY s.next_due, s.chat_id LIMIT ?";

    /** One page of every active row, by chat id: the table's own key, and an order no send changes. */
    private static final String ACTIVE_QUERY = CANDIDATE + "AND s.chat_id > ? ORDER BY s.chat_id LIMIT ?";

    private final Database db;
    private final Clock clock;

    public DeliveryStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * The next page of at most {@code limit} active subscriptions after {@code after}, by chat id (an admin push, which
     * considers everyone; a tick reads {@link #dueBy}). Only {@code lastChat} of a page says where the next begins.
     */
    public Page activeAfter(Page after, int limit) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(ACTIVE_QUERY)) {
                p.setInt(1, MAX_ATTEMPTS);
                p.setLong(2, after.lastChat());
                p.setInt(3, limit);
                return page(p, after);
            }
        });
    }

    /**
     * The next page of at most {@code limit} active subscriptions due at {@code now} (their next due instant has
     * come), after {@code after}, in due order. Reads only those rows, through the {@code subscription_due} index.
     */
    public Page dueBy(Instant now, Page after, int limit) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(DUE_QUERY)) {
                p.setInt(1, MAX_ATTEMPTS);
                p.setLong(2, now.toEpochMilli());
                p.setLong(3, after.lastDue());
                p.setLong(4, after.lastDue());
                p.setLong(5, after.lastChat());
                p.setInt(6, limit);
                return page(p, after);
            }
        });
    }

    private static Page page(PreparedStatement p, Page after) throws SQLException {
        List<Candidate> out = new ArrayList<>();
        long lastDue = after.lastDue();
        long lastChat = after.lastChat();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                long chatId = rs.getLong(1);
                long givenUp = rs.getLong(9);
                Optional<LocalDate> exhausted = rs.wasNull() ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(givenUp));
                out.add(new Candidate(chatId, LocalTime.parse(rs.getString(2)), ZoneId.of(rs.getString(3)),
                        Optional.ofNullable(rs.getString(4)).map(LocalDate::parse), exhausted,
                        DeliverySettingsStore.read(rs.getInt(5), rs.getInt(6), rs.getString(7))));
                lastDue = rs.getLong(8);
                lastChat = chatId;
            }
        }
        return new Page(out, lastDue, lastChat);
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
    public boolean claim(long chatId, LocalDate date) {
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
            try (PreparedStatement p = c.prepareStatement("INSERT INTO delivery (chat_id, local_day, state, attempts, "
                    + "changed_at) VALUES (?, ?, 0, 1, ?) ON CONFLICT (chat_id, local_day) DO UPDATE SET state = 0, "
                    + "attempts = delivery.attempts + 1, changed_at = excluded.changed_at")) {
                p.setLong(1, chatId);
                p.setLong(2, date.toEpochDay());
                p.setLong(3, clock.instant().getEpochSecond());
                p.executeUpdate();
            }
            return true;
        });
    }

    public void markSent(long chatId, LocalDate date, Integer messageId) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE delivery SET state = 1, message_id = ?, "
                    + "last_error = NULL, changed_at = ? WHERE chat_id = ? AND local_day = ?")) {
                if (messageId == null) {
                    p.setNull(1, java.sql.Types.INTEGER);
                } else {
                    p.setInt(1, messageId);
                }
                p.setLong(2, clock.instant().getEpochSecond());
                p.setLong(3, chatId);
                p.setLong(4, date.toEpochDay());
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
            String attempts = retryable ? "attempts"
                    : "CASE WHEN attempts < " + MAX_ATTEMPTS + " THEN " + MAX_ATTEMPTS + " ELSE attempts END";
            try (PreparedStatement p = c.prepareStatement("UPDATE delivery SET state = 2, attempts = " + attempts
                    + ", last_error = ?, changed_at = ? WHERE chat_id = ? AND local_day = ?")) {
                p.setString(1, error == null ? null : SubscriptionStore.truncate(error, 500));
                p.setLong(2, clock.instant().getEpochSecond());
                p.setLong(3, chatId);
                p.setLong(4, date.toEpochDay());
                p.executeUpdate();
            }
            // A failure given up on moves the chat to its next date; a retryable one leaves it due.
            DueTimes.refresh(c, chatId, clock.instant());
            return null;
        });
    }

    public Optional<Delivery> find(long chatId, LocalDate date) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT_DELIVERY + "WHERE chat_id = ? AND local_day = ?")) {
                p.setLong(1, chatId);
                p.setLong(2, date.toEpochDay());
                List<Delivery> found = list(p);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    /** Rows in the given state, oldest first (tests and diagnostics). */
    public List<Delivery> inState(State state) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT_DELIVERY + "WHERE state = ? ORDER BY local_day, chat_id")) {
                p.setInt(1, state.ordinal());
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
     * subscription row. Walks the table by its key in transactions of {@value #PRUNE_BATCH} rows, so that other
     * writes go on meanwhile; SQLite reuses the freed pages for the next days' rows. Returns the number removed.
     */
    public int pruneBefore(LocalDate date) {
        int removed = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            long from = after;
            long[] batch = db.transaction(c -> {
                Long to = null;
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT chat_id FROM delivery WHERE chat_id > ? ORDER BY chat_id LIMIT 1 OFFSET ?")) {
                    p.setLong(1, from);
                    p.setInt(2, PRUNE_BATCH);
                    try (ResultSet rs = p.executeQuery()) {
                        if (rs.next()) {
                            to = rs.getLong(1);
                        }
                    }
                }
                try (PreparedStatement p = c.prepareStatement("DELETE FROM delivery WHERE chat_id > ? AND chat_id <= ? "
                        + "AND local_day < ?")) {
                    p.setLong(1, from);
                    p.setLong(2, to == null ? Long.MAX_VALUE : to);
                    p.setLong(3, date.toEpochDay());
                    return new long[] {p.executeUpdate(), to == null ? Long.MAX_VALUE : to};
                }
            });
            removed += (int) batch[0];
            if (batch[1] == Long.MAX_VALUE) {
                return removed;
            }
            after = batch[1];
        }
    }

    private static final String SELECT_DELIVERY = "SELECT chat_id, local_day, state, attempts, last_error, message_id, "
            + "changed_at FROM delivery ";

    private static List<Delivery> list(PreparedStatement p) throws SQLException {
        List<Delivery> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                State state = State.values()[rs.getInt(3)];
                int messageId = rs.getInt(6);
                Optional<Integer> message = rs.wasNull() ? Optional.empty() : Optional.of(messageId);
                Optional<Instant> sentAt = state == State.SENT ? Optional.of(Instant.ofEpochSecond(rs.getLong(7)))
                        : Optional.empty();
                out.add(new Delivery(rs.getLong(1), LocalDate.ofEpochDay(rs.getLong(2)), state, rs.getInt(4),
                        Optional.ofNullable(rs.getString(5)), message, sentAt));
            }
        }
        return out;
    }
}
