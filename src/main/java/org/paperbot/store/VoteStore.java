package org.paperbot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** 👍 / 👎 on papers: one vote per user and paper. Pressing the other button changes it, the same one takes it back. */
public final class VoteStore {
    public static final int UP = 1;
    public static final int DOWN = -1;
    public static final int NONE = 0;

    /** All votes: how many of each, and from how many readers. */
    public record Totals(int up, int down, int voters) {
    }

    /** One paper's votes. */
    public record PaperVotes(String paperId, int up, int down) {
    }

    private final Database db;
    private final Clock clock;

    public VoteStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Presses {@code vote} ({@link #UP} or {@link #DOWN}): records it, or takes it back when it is the vote already
     * given. Returns the user's vote now ({@link #NONE} when taken back). {@code pressId} (the callback query id) makes
     * it once per press: the same press again changes nothing and returns the same.
     */
    public int press(long userId, String paperId, int vote, String pressId) {
        if (vote != UP && vote != DOWN) {
            throw new IllegalArgumentException("a vote is +1 or -1: " + vote);
        }
        return db.transaction(c -> {
            OptionalInt before = ButtonPresses.applied(c, pressId);
            if (before.isPresent()) {
                return before.getAsInt();
            }
            int now = vote;
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM paper_vote WHERE user_id = ? AND paper_id = ? AND vote = ?")) {
                p.setLong(1, userId);
                p.setString(2, paperId);
                p.setInt(3, vote);
                if (p.executeUpdate() > 0) {
                    now = NONE;
                }
            }
            if (now != NONE) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO paper_vote (user_id, paper_id, vote, voted_at) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (user_id, paper_id) DO UPDATE SET vote = excluded.vote, "
                        + "voted_at = excluded.voted_at")) {
                    p.setLong(1, userId);
                    p.setString(2, paperId);
                    p.setInt(3, vote);
                    p.setLong(4, clock.millis());
                    p.executeUpdate();
                }
            }
            ButtonPresses.record(c, pressId, now, clock.millis());
            return now;
        });
    }

    /** The user's vote on the paper: {@link #UP}, {@link #DOWN} or {@link #NONE}. */
    public int voteOf(long userId, String paperId) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT vote FROM paper_vote WHERE user_id = ? AND paper_id = ?")) {
                p.setLong(1, userId);
                p.setString(2, paperId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : NONE;
                }
            }
        });
    }

    public Totals totals() {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(SUM(CASE WHEN vote = 1 THEN 1 ELSE 0 END), 0), "
                    + "COALESCE(SUM(CASE WHEN vote = -1 THEN 1 ELSE 0 END), 0), COUNT(DISTINCT user_id) FROM paper_vote");
                 ResultSet rs = p.executeQuery()) {
                rs.next();
                return new Totals(rs.getInt(1), rs.getInt(2), rs.getInt(3));
            }
        });
    }

    /** The {@code limit} papers with most votes, most 👍 first. */
    public List<PaperVotes> mostVoted(int limit) {
        return db.transaction(c -> {
            List<PaperVotes> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT paper_id, SUM(CASE WHEN vote = 1 THEN 1 ELSE 0 END) AS up, "
                    + "SUM(CASE WHEN vote = -1 THEN 1 ELSE 0 END) AS down FROM paper_vote GROUP BY paper_id "
                    + "ORDER BY COUNT(*) DESC, up DESC, paper_id LIMIT ?")) {
                p.setInt(1, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PaperVotes(rs.getString(1), rs.getInt(2), rs.getInt(3)));
                    }
                }
            }
            return out;
        });
    }
}
