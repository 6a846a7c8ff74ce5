package org.paperbot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** Summaries of finished broadcasts, so /stats still shows the last one after a restart. */
public final class BroadcastLog {
    /**
     * @param trigger   "scheduled" or "push"
     * @param completed false when the run was cut short (shutdown, Telegram unreachable)
     */
    public record Run(String trigger, Instant startedAt, Instant finishedAt, int planned, int sent, int failed,
                      int deactivated, int migrated, int rateLimited, boolean completed) {
    }

    private final Database db;

    public BroadcastLog(Database db) {
        this.db = db;
    }

    public void record(Run run) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO broadcast_run (trigger, started_at, finished_at, "
                    + "planned, sent, failed, deactivated, migrated, rate_limited, completed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, run.trigger());
                p.setString(2, run.startedAt().toString());
                p.setString(3, run.finishedAt().toString());
                p.setInt(4, run.planned());
                p.setInt(5, run.sent());
                p.setInt(6, run.failed());
                p.setInt(7, run.deactivated());
                p.setInt(8, run.migrated());
                p.setInt(9, run.rateLimited());
                p.setInt(10, run.completed() ? 1 : 0);
                return p.executeUpdate();
            }
        });
    }

    public Optional<Run> last() {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT trigger, started_at, finished_at, planned, sent, failed, "
                    + "deactivated, migrated, rate_limited, completed FROM broadcast_run ORDER BY id DESC LIMIT 1");
                 ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Run(rs.getString(1), Instant.parse(rs.getString(2)), Instant.parse(rs.getString(3)),
                        rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10) == 1));
            }
        });
    }
}
