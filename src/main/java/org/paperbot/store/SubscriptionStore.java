package org.paperbot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Subscriptions, one row per chat. Rows are never deleted: unsubscribing, being blocked or a vanished chat
 * only mark the row inactive with the reason and date, and /subscribe brings it back with its settings.
 */
public final class SubscriptionStore {
    static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    /** How many chats are in each state, for /stats. Chats that only set a zone are not counted. */
    public record Counts(int active, Map<Subscription.InactiveReason, Integer> inactive) {
        public Counts {
            inactive = Map.copyOf(inactive);
        }

        public int inactiveTotal() {
            return inactive.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static final String COLUMNS = "chat_id, active, send_time, zone, inactive_reason, inactive_detail, "
            + "inactive_since, created_at, updated_at";

    private final Database db;
    private final Clock clock;
    private final LocalTime defaultTime;
    private final ZoneId defaultZone;

    public SubscriptionStore(Database db, Clock clock, LocalTime defaultTime, ZoneId defaultZone) {
        this.db = db;
        this.clock = clock;
        this.defaultTime = defaultTime;
        this.defaultZone = defaultZone;
    }

    public Optional<Subscription> find(long chatId) {
        return db.transaction(c -> find(c, chatId));
    }

    /** The chat's settings, or the defaults (inactive, never subscribed) when it has none. Nothing is written. */
    public Subscription settings(long chatId) {
        return find(chatId).orElseGet(() -> {
            Instant now = clock.instant();
            return new Subscription(chatId, false, defaultTime, defaultZone, Optional.empty(), Optional.empty(),
                    Optional.empty(), now, now);
        });
    }

    /**
     * Activates the chat's subscription. {@code time} empty keeps the time chosen before (or the default for a
     * new chat). Returns the subscription as it is now.
     */
    public Subscription subscribe(long chatId, Optional<LocalTime> time) {
        return db.transaction(c -> {
            String now = clock.instant().toString();
            Optional<Subscription> existing = find(c, chatId);
            if (existing.isEmpty()) {
                insert(c, chatId, true, time.orElse(defaultTime), defaultZone, now);
            } else {
                try (PreparedStatement p = c.prepareStatement("UPDATE subscription SET active = 1, send_time = ?, "
                        + "inactive_reason = NULL, inactive_detail = NULL, inactive_since = NULL, updated_at = ? "
                        + "WHERE chat_id = ?")) {
                    p.setString(1, HH_MM.format(time.orElse(existing.get().time())));
                    p.setString(2, now);
                    p.setLong(3, chatId);
                    p.executeUpdate();
                }
            }
            DueTimes.refresh(c, chatId, clock.instant());
            return find(c, chatId).orElseThrow();
        });
    }

    /** Stops deliveries, keeping the settings. False when the chat was not subscribed. */
    public boolean unsubscribe(long chatId) {
        return deactivate(chatId, Subscription.InactiveReason.UNSUBSCRIBED, null);
    }

    /** Marks an active subscription inactive; false when it was not active (nothing changes then). */
    public boolean deactivate(long chatId, Subscription.InactiveReason reason, String detail) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE subscription SET active = 0, inactive_reason = ?, "
                    + "inactive_detail = ?, inactive_since = ?, updated_at = ? WHERE chat_id = ? AND active = 1")) {
                String now = clock.instant().toString();
                p.setString(1, reason.name());
                p.setString(2, detail == null ? null : truncate(detail, 500));
                p.setString(3, now);
                p.setString(4, now);
                p.setLong(5, chatId);
                if (p.executeUpdate() != 1) {
                    return false;
                }
            }
            DueTimes.refresh(c, chatId, clock.instant());
            return true;
        });
    }

    /** Sets the chat's zone; allowed before subscribing (the row is created inactive). */
    public Subscription setZone(long chatId, ZoneId zone) {
        return db.transaction(c -> {
            String now = clock.instant().toString();
            if (find(c, chatId).isEmpty()) {
                insert(c, chatId, false, defaultTime, zone, now);
            } else {
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE subscription SET zone = ?, updated_at = ? WHERE chat_id = ?")) {
                    p.setString(1, zone.getId());
                    p.setString(2, now);
                    p.setLong(3, chatId);
                    p.executeUpdate();
                }
            }
            DueTimes.refresh(c, chatId, clock.instant());
            return find(c, chatId).orElseThrow();
        });
    }

    /**
     * A group became a supergroup: its settings and delivery records move to the new chat id, so today's
     * delivery state follows (no second card). If the new id already has settings of its own (someone set
     * them there before the move was noticed), those are kept, an active old subscription re-activates them,
     * and the old row stays behind inactive with reason MIGRATED.
     */
    public void migrate(long fromChatId, long toChatId) {
        if (fromChatId == toChatId) {
            return;
        }
        db.transaction(c -> {
            Optional<Subscription> from = find(c, fromChatId);
            if (from.isEmpty()) {
                return null;
            }
            String now = clock.instant().toString();
            Optional<Subscription> to = find(c, toChatId);
            if (to.isEmpty()) {
                // ON UPDATE CASCADE carries the delivery rows along.
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE subscription SET chat_id = ?, updated_at = ? WHERE chat_id = ?")) {
                    p.setLong(1, toChatId);
                    p.setString(2, now);
                    p.setLong(3, fromChatId);
                    p.executeUpdate();
                }
                return null;
            }
            if (from.get().active() && !to.get().active()) {
                try (PreparedStatement p = c.prepareStatement("UPDATE subscription SET active = 1, send_time = ?, zone = ?, "
                        + "inactive_reason = NULL, inactive_detail = NULL, inactive_since = NULL, updated_at = ? "
                        + "WHERE chat_id = ?")) {
                    p.setString(1, HH_MM.format(from.get().time()));
                    p.setString(2, from.get().zone().getId());
                    p.setString(3, now);
                    p.setLong(4, toChatId);
                    p.executeUpdate();
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO delivery (chat_id, local_day, state, attempts, "
                    + "message_id, last_error, changed_at) SELECT ?, local_day, state, attempts, message_id, last_error, "
                    + "changed_at FROM delivery WHERE chat_id = ? ON CONFLICT (chat_id, local_day) DO NOTHING")) {
                p.setLong(1, toChatId);
                p.setLong(2, fromChatId);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM delivery WHERE chat_id = ?")) {
                p.setLong(1, fromChatId);
                p.executeUpdate();
            }
            // The card already sent under either id counts for the new one, even once those rows are pruned.
            Optional<LocalDate> sent = org.paperbot.daily.Schedule.later(lastSentDate(c, fromChatId), lastSentDate(c, toChatId));
            try (PreparedStatement p = c.prepareStatement("UPDATE subscription SET last_sent_date = ? WHERE chat_id = ?")) {
                p.setString(1, sent.map(LocalDate::toString).orElse(null));
                p.setLong(2, toChatId);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE subscription SET active = 0, inactive_reason = ?, "
                    + "inactive_detail = ?, inactive_since = ?, updated_at = ? WHERE chat_id = ?")) {
                p.setString(1, Subscription.InactiveReason.MIGRATED.name());
                p.setString(2, String.valueOf(toChatId)); // the new chat id
                p.setString(3, now);
                p.setString(4, now);
                p.setLong(5, fromChatId);
                p.executeUpdate();
            }
            Instant at = clock.instant();
            DueTimes.refresh(c, fromChatId, at);
            DueTimes.refresh(c, toChatId, at);
            return null;
        });
    }

    /** The latest local date whose card was sent to the chat (kept on the row, so pruning history keeps it). */
    static Optional<LocalDate> lastSentDate(Connection c, long chatId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT last_sent_date FROM subscription WHERE chat_id = ?")) {
            p.setLong(1, chatId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)).map(LocalDate::parse) : Optional.empty();
            }
        }
    }

    public Counts counts() {
        return db.transaction(c -> {
            int active = 0;
            Map<Subscription.InactiveReason, Integer> inactive = new EnumMap<>(Subscription.InactiveReason.class);
            try (PreparedStatement p = c.prepareStatement("SELECT active, inactive_reason, COUNT(*) FROM subscription "
                    + "GROUP BY active, inactive_reason");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(1) == 1) {
                        active += rs.getInt(3);
                    } else if (rs.getString(2) != null) {
                        inactive.merge(Subscription.InactiveReason.valueOf(rs.getString(2)), rs.getInt(3), Integer::sum);
                    }
                }
            }
            return new Counts(active, inactive);
        });
    }

    private static void insert(Connection c, long chatId, boolean active, LocalTime time, ZoneId zone, String now)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO subscription (chat_id, active, send_time, zone, "
                + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, chatId);
            p.setInt(2, active ? 1 : 0);
            p.setString(3, HH_MM.format(time));
            p.setString(4, zone.getId());
            p.setString(5, now);
            p.setString(6, now);
            p.executeUpdate();
        }
    }

    private static Optional<Subscription> find(Connection c, long chatId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM subscription WHERE chat_id = ?")) {
            p.setLong(1, chatId);
            List<Subscription> found = list(p);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<Subscription> list(PreparedStatement p) throws SQLException {
        List<Subscription> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new Subscription(
                        rs.getLong(1),
                        rs.getInt(2) == 1,
                        LocalTime.parse(rs.getString(3)),
                        ZoneId.of(rs.getString(4)),
                        Optional.ofNullable(rs.getString(5)).map(Subscription.InactiveReason::valueOf),
                        Optional.ofNullable(rs.getString(6)),
                        Optional.ofNullable(rs.getString(7)).map(Instant::parse),
                        Instant.parse(rs.getString(8)),
                        Instant.parse(rs.getString(9))));
            }
        }
        return out;
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
