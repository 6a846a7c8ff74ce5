package org.paperbot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kept paper of each date ({@code daily_pick}). A row is written once and never updated: a date's paper does
 * not change whatever happens to the catalog afterwards.
 */
public final class DailyPickStore {
    /** How a date's paper came to be: chosen by the rotation, or carried over on upgrade from what was delivered or computed. */
    public enum Origin { CHOSEN, DELIVERED, ROTATION }

    public record Pick(LocalDate date, String paperId, String title, Origin origin) {
    }

    private final Database db;
    private final Clock clock;

    public DailyPickStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Runs {@code work} in one transaction, so that choosing a run of dates sees its own writes and nobody else's half. */
    public <T> T inTransaction(Work<T> work) {
        return db.transaction(c -> work.run(new Tx(c)));
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    /** Picks from {@code from} to {@code to}, both included, by date. */
    public List<Pick> between(LocalDate from, LocalDate to) {
        return inTransaction(tx -> tx.between(from, to));
    }

    /** The reads and writes of one transaction. */
    public final class Tx {
        private final Connection c;

        private Tx(Connection c) {
            this.c = c;
        }

        public Optional<Pick> find(LocalDate date) throws SQLException {
            List<Pick> found = between(date, date);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }

        public List<Pick> between(LocalDate from, LocalDate to) throws SQLException {
            try (PreparedStatement p = c.prepareStatement("SELECT local_date, paper_id, title, origin FROM daily_pick "
                    + "WHERE local_date >= ? AND local_date <= ? ORDER BY local_date")) {
                p.setString(1, from.toString());
                p.setString(2, to.toString());
                List<Pick> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Pick(LocalDate.parse(rs.getString(1)), rs.getString(2), rs.getString(3),
                                Origin.valueOf(rs.getString(4).toUpperCase(java.util.Locale.ROOT))));
                    }
                }
                return out;
            }
        }

        /** The latest date with a kept paper, if any. */
        public Optional<LocalDate> last() throws SQLException {
            return date("SELECT MAX(local_date) FROM daily_pick");
        }

        /** Each paper ever kept, with the latest date it was the paper of the day. */
        public Map<String, LocalDate> lastShown() throws SQLException {
            Map<String, LocalDate> out = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT paper_id, MAX(local_date) FROM daily_pick GROUP BY paper_id");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), LocalDate.parse(rs.getString(2)));
                }
            }
            return out;
        }

        /**
         * For each date in the range, the paper most subscribers were sent that day (ties: the smaller id), as the
         * upgrade to compact delivery records kept it: what the carry-over keeps, because it is what people actually got.
         */
        public Map<LocalDate, String> delivered(LocalDate from, LocalDate to) throws SQLException {
            Map<LocalDate, String> out = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT local_date, paper_id FROM delivered_paper "
                    + "WHERE local_date >= ? AND local_date <= ?")) {
                p.setString(1, from.toString());
                p.setString(2, to.toString());
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.put(LocalDate.parse(rs.getString(1)), rs.getString(2));
                    }
                }
            }
            return out;
        }

        /** Keeps {@code paperId} as the paper of {@code date} unless the date already has one; returns the date's kept pick. */
        public Pick keep(LocalDate date, String paperId, String title, Origin origin) throws SQLException {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO daily_pick (local_date, paper_id, title, chosen_at, origin) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (local_date) DO NOTHING")) {
                p.setString(1, date.toString());
                p.setString(2, paperId);
                p.setString(3, title);
                p.setString(4, clock.instant().toString());
                p.setString(5, origin.name().toLowerCase(java.util.Locale.ROOT));
                p.executeUpdate();
            }
            return find(date).orElseThrow();
        }

        private Optional<LocalDate> date(String sql) throws SQLException {
            try (PreparedStatement p = c.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)).map(LocalDate::parse) : Optional.empty();
            }
        }
    }
}
