package org.paperbot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/** The schema's history. Append only. */
final class Migrations {
    private Migrations() {
    }

    /** The generation of the catalog last reloaded by request; one row. */
    private static final String CATALOG_SIGNAL = """
            CREATE TABLE catalog_signal (
                id           INTEGER PRIMARY KEY CHECK (id = 1),
                generation   BIGINT  NOT NULL,
                requested_by TEXT    NOT NULL,
                requested_at BIGINT  NOT NULL
            )""";

    /** Messages a replica sent in one second (epoch seconds); rows older than a minute are removed. */
    private static final String SEND_WINDOW = """
            CREATE TABLE send_window (
                replica TEXT    NOT NULL,
                second  BIGINT  NOT NULL,
                sent    INTEGER NOT NULL,
                PRIMARY KEY (replica, second)
            )""";

    /** Per-chat settings. A row may exist without a subscription (the zone was set first). */
    static final Migration SUBSCRIPTIONS = new Migration(1, "subscriptions", List.of("""
            CREATE TABLE subscription (
                chat_id         INTEGER PRIMARY KEY,
                active          INTEGER NOT NULL CHECK (active IN (0, 1)),
                send_time       TEXT    NOT NULL,  -- HH:MM, local to zone
                zone            TEXT    NOT NULL,  -- IANA id
                inactive_reason TEXT,              -- why an inactive row stopped; NULL if never subscribed
                inactive_detail TEXT,              -- e.g. Telegram's error description
                inactive_since  TEXT,              -- ISO-8601 instant
                created_at      TEXT    NOT NULL,
                updated_at      TEXT    NOT NULL
            )""",
            "CREATE INDEX subscription_active ON subscription (active)"), List.of("""
            CREATE TABLE subscription (
                chat_id         BIGINT  PRIMARY KEY,
                active          INTEGER NOT NULL CHECK (active IN (0, 1)),
                send_time       TEXT    NOT NULL,
                zone            TEXT    NOT NULL,
                inactive_reason TEXT,
                inactive_detail TEXT,
                inactive_since  TEXT,
                created_at      TEXT    NOT NULL,
                updated_at      TEXT    NOT NULL
            )""",
            "CREATE INDEX subscription_active ON subscription (active)"));

    /**
     * One row per chat and local date: the claim-before-send record that makes each daily card go out once.
     * The paper is stored because the catalog may change between the claim and a retry.
     */
    static final Migration DELIVERIES = new Migration(2, "deliveries", List.of("""
            CREATE TABLE delivery (
                chat_id    INTEGER NOT NULL REFERENCES subscription (chat_id) ON UPDATE CASCADE ON DELETE CASCADE,
                local_date TEXT    NOT NULL,  -- YYYY-MM-DD in the subscriber's zone
                paper_id   TEXT,
                state      TEXT    NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
                attempts   INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                message_id INTEGER,
                claimed_at TEXT,
                sent_at    TEXT,
                updated_at TEXT    NOT NULL,
                PRIMARY KEY (chat_id, local_date)
            )""",
            "CREATE INDEX delivery_date ON delivery (local_date)"), List.of("""
            CREATE TABLE delivery (
                chat_id    BIGINT  NOT NULL REFERENCES subscription (chat_id) ON UPDATE CASCADE ON DELETE CASCADE,
                local_date TEXT    NOT NULL,
                paper_id   TEXT,
                state      TEXT    NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
                attempts   INTEGER NOT NULL DEFAULT 0,
                last_error TEXT,
                message_id BIGINT,
                claimed_at TEXT,
                sent_at    TEXT,
                updated_at TEXT    NOT NULL,
                PRIMARY KEY (chat_id, local_date)
            )""",
            "CREATE INDEX delivery_date ON delivery (local_date)"));

    /** Summaries of finished broadcasts, for /stats across restarts. */
    static final Migration BROADCAST_RUNS = new Migration(3, "broadcast runs", List.of("""
            CREATE TABLE broadcast_run (
                id           INTEGER PRIMARY KEY AUTOINCREMENT,
                trigger      TEXT    NOT NULL,
                started_at   TEXT    NOT NULL,
                finished_at  TEXT    NOT NULL,
                planned      INTEGER NOT NULL,
                sent         INTEGER NOT NULL,
                failed       INTEGER NOT NULL,
                deactivated  INTEGER NOT NULL,
                migrated     INTEGER NOT NULL,
                rate_limited INTEGER NOT NULL,
                completed    INTEGER NOT NULL CHECK (completed IN (0, 1))
            )"""), List.of("""
            CREATE TABLE broadcast_run (
                id           BIGINT  GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                trigger      TEXT    NOT NULL,
                started_at   TEXT    NOT NULL,
                finished_at  TEXT    NOT NULL,
                planned      INTEGER NOT NULL,
                sent         INTEGER NOT NULL,
                failed       INTEGER NOT NULL,
                deactivated  INTEGER NOT NULL,
                migrated     INTEGER NOT NULL,
                rate_limited INTEGER NOT NULL,
                completed    INTEGER NOT NULL CHECK (completed IN (0, 1))
            )"""));

    /** One row rewritten by the health check: proves the database still accepts writes (disk full, read-only…). */
    static final Migration HEALTH = new Migration(4, "health check", List.of("""
            CREATE TABLE health_check (
                id         INTEGER PRIMARY KEY CHECK (id = 1),
                checked_at TEXT NOT NULL
            )"""));

    /**
     * Received updates, stored before Telegram is told they arrived and marked when handled: a crash loses none,
     * a redelivered one is recognised by its id. Times are epoch milliseconds (compared, never shown). No index
     * beyond the key: pending rows are read once at start, and one more index would be written on every update.
     */
    static final Migration INBOX = new Migration(5, "update inbox", List.of("""
            CREATE TABLE inbox (
                update_id   INTEGER PRIMARY KEY,
                chat_key    TEXT    NOT NULL,  -- what orders it: the chat, or the user for inline queries
                payload     TEXT    NOT NULL,  -- the update's JSON
                state       TEXT    NOT NULL CHECK (state IN ('pending', 'handled', 'dropped')),
                drop_reason TEXT,              -- why a dropped update was not handled
                received_at INTEGER NOT NULL,
                finished_at INTEGER
            )"""), List.of("""
            CREATE TABLE inbox (
                update_id   BIGINT  PRIMARY KEY,
                chat_key    TEXT    NOT NULL,
                payload     TEXT    NOT NULL,
                state       TEXT    NOT NULL CHECK (state IN ('pending', 'handled', 'dropped')),
                drop_reason TEXT,
                received_at BIGINT  NOT NULL,
                finished_at BIGINT
            )"""));

    /**
     * What readers keep: saved papers and votes (per user, whatever chat they pressed in), notes about a summary
     * (and the private chats whose next message is one), follows (per chat, where announcements go) and every
     * paper id ever seen in a catalog, so that a paper is announced to followers once, across restarts; and the
     * toggle presses already applied, so that a press handled again after a restart does not toggle twice. Times are
     * epoch milliseconds. Ids and times are BIGINT (chat ids and milliseconds do not fit 32 bits elsewhere; SQLite
     * stores them as its 64-bit INTEGER either way), and the rest is plain SQL, so PostgreSQL runs these as they are.
     */
    static final Migration READERS = new Migration(6, "readers", List.of("""
            CREATE TABLE saved_paper (
                user_id  BIGINT  NOT NULL,
                paper_id TEXT    NOT NULL,
                saved_at BIGINT  NOT NULL,
                PRIMARY KEY (user_id, paper_id)
            )""", """
            CREATE TABLE paper_vote (
                user_id  BIGINT  NOT NULL,
                paper_id TEXT    NOT NULL,
                vote     INTEGER NOT NULL CHECK (vote IN (-1, 1)),
                voted_at BIGINT  NOT NULL,
                PRIMARY KEY (user_id, paper_id)
            )""",
            "CREATE INDEX paper_vote_paper ON paper_vote (paper_id)", """
            CREATE TABLE note_pending (
                chat_id  BIGINT  PRIMARY KEY,  -- a private chat: its id is the user's
                paper_id TEXT    NOT NULL,
                asked_at BIGINT  NOT NULL
            )""", """
            CREATE TABLE feedback_note (
                user_id    BIGINT  NOT NULL,
                created_at BIGINT  NOT NULL,
                paper_id   TEXT    NOT NULL,
                note       TEXT    NOT NULL,
                PRIMARY KEY (user_id, created_at)
            )""", """
            CREATE TABLE follow (
                chat_id    BIGINT  NOT NULL,
                kind       TEXT    NOT NULL CHECK (kind IN ('topic', 'author', 'keyword')),
                follow_key TEXT    NOT NULL,  -- normalised: what matching compares
                label      TEXT    NOT NULL,  -- as the reader typed it
                created_at BIGINT  NOT NULL,
                PRIMARY KEY (chat_id, kind, follow_key)
            )""", """
            CREATE TABLE paper_seen (
                paper_id TEXT    PRIMARY KEY,
                seen_at  BIGINT  NOT NULL
            )""", """
            CREATE TABLE button_press (
                query_id   TEXT    PRIMARY KEY,  -- Telegram's callback query id
                outcome    INTEGER NOT NULL,     -- what the press did, answered again if it is handled again
                pressed_at BIGINT  NOT NULL
            )"""));

    /**
     * How a subscription is delivered: silently, on weekdays only, or not before a date (a pause). Columns of the
     * subscription row, since the scheduler reads them with it; the defaults are how every chat was served before.
     */
    static final Migration DELIVERY_SETTINGS = new Migration(7, "delivery settings", List.of(
            "ALTER TABLE subscription ADD COLUMN silent INTEGER NOT NULL DEFAULT 0 CHECK (silent IN (0, 1))",
            "ALTER TABLE subscription ADD COLUMN weekdays_only INTEGER NOT NULL DEFAULT 0 CHECK (weekdays_only IN (0, 1))",
            // YYYY-MM-DD in the chat's zone: the first date delivered again after a pause; NULL when never paused
            "ALTER TABLE subscription ADD COLUMN resume_on TEXT"));

    /**
     * The paper of each date, chosen once and kept: a catalog edit must never change a date already shown. The title
     * is kept so that a date whose paper later left the catalog still says which paper it was.
     */
    static final Migration DAILY_PICKS = new Migration(8, "paper of the day, kept", List.of("""
            CREATE TABLE daily_pick (
                local_date TEXT PRIMARY KEY,  -- YYYY-MM-DD
                paper_id   TEXT NOT NULL,
                title      TEXT NOT NULL,
                chosen_at  TEXT NOT NULL,     -- ISO-8601 instant
                origin     TEXT NOT NULL CHECK (origin IN ('chosen', 'delivered', 'rotation'))
            )""",
            "CREATE INDEX daily_pick_paper ON daily_pick (paper_id, local_date)"));

    /**
     * What lets a tick read only what is due, and the delivery history be pruned. {@code next_due}: the instant
     * (epoch milliseconds) the next card is due, NULL while inactive, indexed over active rows only. {@code
     * last_sent_date}: the latest local date whose card was sent, which is what exactly-once checks, so it survives
     * the pruning of old {@code delivery} rows. Existing active rows are made due at once: the first tick computes
     * each one's real instant with the zone rules (SQL cannot) and sends only what really is due.
     */
    static final Migration DUE_TIMES = new Migration(9, "next due instant, last sent date", List.of(
            "ALTER TABLE subscription ADD COLUMN next_due BIGINT",
            "ALTER TABLE subscription ADD COLUMN last_sent_date TEXT",  // YYYY-MM-DD in the chat's zone
            "UPDATE subscription SET last_sent_date = (SELECT MAX(d.local_date) FROM delivery d "
                    + "WHERE d.chat_id = subscription.chat_id AND d.state = 'sent')",
            "UPDATE subscription SET next_due = 0 WHERE active = 1",
            "CREATE INDEX subscription_due ON subscription (next_due, chat_id) WHERE active = 1",
            // It indexed the same rows by a column with two values; the planner chose it for the due query and then
            // sorted every active row, the very cost this step removes.
            "DROP INDEX subscription_active"));

    /**
     * The delivery record made small enough for a million subscribers (it was ~150 bytes a row with two indexes, the
     * bulk of the file): the local date as a day number, the state as a number, one time in epoch seconds, no
     * paper (a date's paper is the same for everyone and kept in {@code daily_pick}), no rowid and no second index
     * (the key starts with the chat, which every read names; pruning scans the key once a day). About 25 bytes a
     * row. The paper people were sent on each date is kept in {@code delivered_paper} when no date is kept yet,
     * for the first start's carry-over ({@code daily_pick} empty), which read it from these rows. Day numbers and
     * epoch seconds are computed with SQLite's date functions; the table options ({@code WITHOUT ROWID}) are
     * SQLite's: another database runs its own form of this step.
     */
    static final Migration COMPACT_DELIVERIES = new Migration(10, "compact delivery records", List.of("""
            CREATE TABLE delivered_paper (
                local_date TEXT PRIMARY KEY,  -- YYYY-MM-DD
                paper_id   TEXT NOT NULL      -- the paper most subscribers were sent that day (ties: the smaller id)
            )""", """
            INSERT INTO delivered_paper (local_date, paper_id)
            SELECT local_date, paper_id FROM (
                SELECT local_date, paper_id,
                       ROW_NUMBER() OVER (PARTITION BY local_date ORDER BY COUNT(*) DESC, paper_id) AS place
                FROM delivery WHERE paper_id IS NOT NULL AND state = 'sent' GROUP BY local_date, paper_id) ranked
            WHERE place = 1 AND NOT EXISTS (SELECT 1 FROM daily_pick)""", """
            CREATE TABLE delivery_compact (
                chat_id    BIGINT  NOT NULL REFERENCES subscription (chat_id) ON UPDATE CASCADE ON DELETE CASCADE,
                local_day  INTEGER NOT NULL,  -- the chat's local date, in days since 1970-01-01
                state      INTEGER NOT NULL CHECK (state IN (0, 1, 2)),  -- 0 sending, 1 sent, 2 failed
                attempts   INTEGER NOT NULL,
                message_id BIGINT,
                last_error TEXT,
                changed_at BIGINT  NOT NULL,  -- epoch seconds of the claim, the send or the failure, the latest
                PRIMARY KEY (chat_id, local_day)
            ) WITHOUT ROWID""", """
            INSERT INTO delivery_compact (chat_id, local_day, state, attempts, message_id, last_error, changed_at)
            SELECT chat_id, CAST(julianday(local_date) - 2440587.5 AS INTEGER),
                   CASE state WHEN 'sending' THEN 0 WHEN 'sent' THEN 1 ELSE 2 END, attempts, message_id, last_error,
                   COALESCE(CAST(strftime('%s', updated_at) AS INTEGER), 0)
            FROM delivery""",
            "DROP TABLE delivery",
            "ALTER TABLE delivery_compact RENAME TO delivery"), List.of("""
            CREATE TABLE delivered_paper (
                local_date TEXT PRIMARY KEY,
                paper_id   TEXT NOT NULL
            )""", """
            INSERT INTO delivered_paper (local_date, paper_id)
            SELECT local_date, paper_id FROM (
                SELECT local_date, paper_id,
                       ROW_NUMBER() OVER (PARTITION BY local_date ORDER BY COUNT(*) DESC, paper_id) AS place
                FROM delivery WHERE paper_id IS NOT NULL AND state = 'sent' GROUP BY local_date, paper_id) ranked
            WHERE place = 1 AND NOT EXISTS (SELECT 1 FROM daily_pick)""", """
            CREATE TABLE delivery_compact (
                chat_id    BIGINT  NOT NULL REFERENCES subscription (chat_id) ON UPDATE CASCADE ON DELETE CASCADE,
                local_day  INTEGER NOT NULL,
                state      INTEGER NOT NULL CHECK (state IN (0, 1, 2)),
                attempts   INTEGER NOT NULL,
                message_id BIGINT,
                last_error TEXT,
                changed_at BIGINT  NOT NULL,
                PRIMARY KEY (chat_id, local_day)
            )""", """
            INSERT INTO delivery_compact (chat_id, local_day, state, attempts, message_id, last_error, changed_at)
            SELECT chat_id, CAST(local_date AS DATE) - DATE '1970-01-01',
                   CASE state WHEN 'sending' THEN 0 WHEN 'sent' THEN 1 ELSE 2 END, attempts, message_id, last_error,
                   COALESCE(CAST(EXTRACT(EPOCH FROM CAST(updated_at AS TIMESTAMPTZ)) AS BIGINT), 0)
            FROM delivery""",
            "DROP TABLE delivery",
            "ALTER TABLE delivery_compact RENAME TO delivery",
            // Keeps the constraint names what a fresh table would have, for a later step that names them.
            "ALTER TABLE delivery RENAME CONSTRAINT delivery_compact_pkey TO delivery_pkey"));

    /**
     * What several replicas sharing one PostgreSQL need (see {@code replica/}): an update of the inbox is claimed by
     * one replica at a time, for a while ({@code claimed_by}, {@code claimed_until}, epoch milliseconds: a replica
     * that dies lets go when its claim runs out); a catalog reload asked of one replica is told to the others
     * ({@code catalog_signal}); the messages each replica sent in each second, so that the broadcaster leaves room
     * for everyone's replies under Telegram's global limit ({@code send_window}). SQLite has one process: it gets the
     * columns and tables, so both schemas stay alike, but not the index a claim reads, which would cost a write per
     * update for nothing.
     */
    static final Migration REPLICAS = new Migration(11, "replicas", List.of(
            "ALTER TABLE inbox ADD COLUMN claimed_by TEXT",
            "ALTER TABLE inbox ADD COLUMN claimed_until BIGINT",
            CATALOG_SIGNAL, SEND_WINDOW), List.of(
            "ALTER TABLE inbox ADD COLUMN claimed_by TEXT",
            "ALTER TABLE inbox ADD COLUMN claimed_until BIGINT",
            // A chat's waiting updates in order: what a claim asks ("is an older one of this chat still pending?").
            "CREATE INDEX inbox_pending ON inbox (chat_key, update_id) WHERE state = 'pending'",
            // The waiting updates, oldest first, without walking the finished ones the table keeps for redeliveries.
            "CREATE INDEX inbox_pending_order ON inbox (update_id) WHERE state = 'pending'",
            CATALOG_SIGNAL, SEND_WINDOW));

    static final List<Migration> ALL = List.of(SUBSCRIPTIONS, DELIVERIES, BROADCAST_RUNS, HEALTH, INBOX, READERS, DELIVERY_SETTINGS,
            DAILY_PICKS, DUE_TIMES, COMPACT_DELIVERIES, REPLICAS);

    /** The latest version of {@code migrations}, which must be numbered 1, 2, 3, … without gaps. */
    static int latest(List<Migration> migrations) {
        int known = 0;
        for (Migration m : migrations) {
            if (m.version() != known + 1) {
                throw new IllegalStateException("migrations must be numbered 1, 2, 3, … without gaps");
            }
            known = m.version();
        }
        return known;
    }

    /** The version the database is at: the latest step recorded in {@code schema_version}. */
    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Rewrites the one row of {@code health_check}: the database's answer to "do you still accept writes?". */
    static int touchHealthCheck(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO health_check (id, checked_at) VALUES (1, ?) "
                + "ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at")) {
            p.setString(1, Instant.now().toString());
            return p.executeUpdate();
        }
    }
}
