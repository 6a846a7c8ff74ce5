package org.paperbot.store;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Copies a bot's state from one database into another, empty one: what {@code java -jar paperbot.jar migrate-store}
 * does when an operator moves from the single-process default (SQLite in the data directory) to replicas sharing
 * PostgreSQL. The copy is one transaction on the target: it is all there, or (on any failure) nothing of it is.
 *
 * <p>Copied, every row and every column as stored, in an order that satisfies the foreign keys ({@code delivery}
 * after {@code subscription}): the tables of {@link #COPIED}. The ids of {@code broadcast_run} are kept, and on
 * PostgreSQL its identity sequence is moved past them, so that the next run recorded gets the next id.
 *
 * <p>Not copied ({@link #NOT_COPIED}):
 * <ul>
 *   <li>{@code inbox}: updates in flight. Telegram is told an update arrived once it is stored, so the updates of
 *   the old bot that are still {@code pending} exist nowhere else; they are the old bot's to handle, which it does
 *   first thing at its next start. A clean stop does <em>not</em> guarantee there are none: updates queued behind
 *   busy chats when the stop came, and updates whose replies a chat's rate limit still held back when the stop's
 *   deadline passed, stay pending by design ({@code UpdateDispatcher}, {@code PaperBot.stop}); a crash or kill leaves
 *   whatever was running. So the copy is refused while any are pending (the message says how many) unless the
 *   caller asks to skip them, and then they are left unanswered. Finished rows only serve to recognise a
 *   redelivery of the old bot's updates and are not needed by the new one either.</li>
 *   <li>{@code button_press}: what keeps a press from toggling twice when its update is handled again after a
 *   restart; no update of the old bot is handled again by the new one (pending ones are refused or skipped).</li>
 *   <li>{@code health_check}, {@code catalog_signal}, {@code send_window}: rewritten all the time by the running
 *   bot or replicas (a probe, a reload signal, the last minute's send counts); they start afresh.</li>
 *   <li>{@code schema_version}: each database has its own, from its own migrations; both must be at the same
 *   version (checked).</li>
 * </ul>
 *
 * <p>Columns are read from the source's result set and bound by the <em>target</em> column's type: SQLite hands back
 * Integer or Long for the same 64-bit column depending on the value, and PostgreSQL refuses an integer bound to a
 * BIGINT parameter in some contexts, so every integer is converted to what the target column is (a value that does
 * not fit is refused, never truncated).
 *
 * <p>Refused, with a message saying what to do: a target that already holds rows in any copied table (copying twice
 * must not mix two states), databases at different schema versions, the same database as source and target, and
 * pending updates in the source's inbox (see above).
 */
public final class StoreMigration {
    /** Copied, in this order (foreign keys: {@code delivery} references {@code subscription}). */
    public static final List<String> COPIED = List.of("subscription", "delivery", "broadcast_run", "daily_pick",
            "delivered_paper", "saved_paper", "paper_vote", "note_pending", "feedback_note", "follow", "paper_seen");
    /** Left out, see the class comment for why. */
    public static final List<String> NOT_COPIED = List.of("inbox", "button_press", "health_check", "schema_version",
            "catalog_signal", "send_window");
    /** Rows sent to the target in one batch. */
    static final int BATCH = 1_000;

    private StoreMigration() {
    }

    /** Rows copied into one table. */
    public record Copied(String table, long rows) {
    }

    /**
     * What was copied.
     *
     * @param tables         one entry per table of {@link #COPIED}, in copy order
     * @param pendingSkipped updates pending in the source's inbox that were left behind ({@code skipPending})
     */
    public record Report(List<Copied> tables, long pendingSkipped) {
        public Report {
            tables = List.copyOf(tables);
        }

        public long total() {
            return tables.stream().mapToLong(Copied::rows).sum();
        }

        /** Rows copied into {@code table}; 0 for a table not copied. */
        public long rows(String table) {
            return tables.stream().filter(t -> t.table().equals(table)).mapToLong(Copied::rows).sum();
        }
    }

    /**
     * Opens the SQLite database of a stopped bot's data directory, as {@link Database#open} does (migrating it to
     * this release's schema), but never creates one: a missing file is refused. A bot still running there holds the
     * directory's lock; that refusal says to stop the bot first.
     */
    public static Database openSqlite(Path dataDir) {
        Path file = dataDir.resolve(Database.FILE_NAME).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new StoreException("no PaperBot database at " + file + ": nothing to migrate (PAPERBOT_DATA_DIR,"
                    + " data.dir, must name the data directory of the bot whose state is to be copied)");
        }
        try {
            return Database.open(dataDir);
        } catch (DataDirectoryInUseException e) {
            throw new StoreException("data directory " + dataDir + " is in use by a running PaperBot (it holds the"
                    + " directory's lock): stop the bot first (a clean stop: SIGTERM, docker stop), then run migrate-store"
                    + " again; the state is copied from a bot that no longer changes it", e);
        }
    }

    /** {@link #copy(Database, Database, boolean)} refusing pending updates. */
    public static Report copy(Database from, Database to) {
        return copy(from, to, false);
    }

    /**
     * Copies the tables of {@link #COPIED} from {@code from} into {@code to} in one transaction on {@code to} (read in
     * one transaction on {@code from}, so a consistent state). When this throws ({@link StoreException}), nothing was
     * written to {@code to}.
     *
     * @param skipPending copy even when {@code from}'s inbox holds pending updates (they are not copied); false
     *                    refuses then
     */
    public static Report copy(Database from, Database to, boolean skipPending) {
        if (from == to || (from.dialect() == to.dialect() && from.name().equals(to.name()))) {
            throw new StoreException("the source and the target are the same database (" + to.name() + ")");
        }
        return to.transaction(target -> from.transaction(source -> copy(from, source, to, target, skipPending)));
    }

    private static Report copy(Database from, Connection source, Database to, Connection target, boolean skipPending)
            throws SQLException {
        int sourceVersion = Migrations.currentVersion(source);
        int targetVersion = Migrations.currentVersion(target);
        if (sourceVersion != targetVersion) {
            throw new StoreException("the source " + from.name() + " is at schema version " + sourceVersion
                    + " and the target " + to.name() + " at " + targetVersion + ": both must be at the same version"
                    + " (open both with the same PaperBot release)");
        }
        boolean postgres = to.dialect() == Database.Dialect.POSTGRES;
        if (postgres) {
            // Nobody writes into these tables until this transaction ends: the emptiness checked below holds.
            execute(target, "LOCK TABLE " + String.join(", ", COPIED) + " IN EXCLUSIVE MODE");
        }
        refuseIfNotEmpty(to, target);
        long pending = count(source, "SELECT COUNT(*) FROM inbox WHERE state = 'pending'");
        if (pending > 0 && !skipPending) {
            String them = pending == 1 ? "it" : "them";
            throw new StoreException("the inbox of " + from.name() + " holds " + updates(pending) + " received but not"
                    + " handled yet (the bot stopped before it finished with " + them + ", or crashed): start the bot once"
                    + " more on this data directory so that it handles " + them + " (it does so first), stop it cleanly,"
                    + " and run migrate-store again; or run migrate-store --skip-pending to leave " + them + " unanswered");
        }
        List<Copied> copied = new ArrayList<>();
        for (String table : COPIED) {
            copied.add(new Copied(table, copyTable(source, target, table, !postgres)));
        }
        if (postgres) {
            // The ids were given explicitly, which an identity column's sequence does not notice: the next run
            // recorded would collide with a copied one.
            execute(target, "SELECT setval(pg_get_serial_sequence('broadcast_run', 'id'), COALESCE(MAX(id), 0) + 1, false)"
                    + " FROM broadcast_run");
        }
        return new Report(copied, skipPending ? pending : 0);
    }

    private static void refuseIfNotEmpty(Database to, Connection target) throws SQLException {
        StringJoiner found = new StringJoiner(", ");
        for (String table : COPIED) {
            long rows = count(target, "SELECT COUNT(*) FROM " + table);
            if (rows > 0) {
                found.add(table + ": " + rows + (rows == 1 ? " row" : " rows"));
            }
        }
        if (found.length() > 0) {
            throw new StoreException("the target " + to.name() + " already holds data (" + found + "): migrate-store"
                    + " copies only into a database without any, so that two states are never mixed; give it a new,"
                    + " empty database (or drop and recreate this one) and run it again");
        }
    }

    /** Copies every row of {@code table}; returns how many. */
    private static long copyTable(Connection source, Connection target, String table, boolean sqliteTarget)
            throws SQLException {
        Map<String, Integer> targetTypes = columnTypes(target, table);
        try (Statement read = source.createStatement()) {
            read.setFetchSize(BATCH); // PostgreSQL as the source streams instead of loading the table
            try (ResultSet rs = read.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = rs.getMetaData();
                int n = meta.getColumnCount();
                List<String> columns = new ArrayList<>(n);
                int[] types = new int[n];
                for (int i = 1; i <= n; i++) {
                    String column = meta.getColumnName(i).toLowerCase(Locale.ROOT);
                    Integer type = targetTypes.get(column);
                    if (type == null) {
                        throw new StoreException("column " + table + "." + column + " of the source is missing in the"
                                + " target: the two schemas differ");
                    }
                    columns.add(column);
                    types[i - 1] = type;
                }
                StringJoiner names = new StringJoiner(", ");
                StringJoiner marks = new StringJoiner(", ");
                for (String column : columns) {
                    names.add('"' + column + '"');
                    marks.add("?");
                }
                long rows = 0;
                try (PreparedStatement insert = target.prepareStatement(
                        "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")")) {
                    int batched = 0;
                    while (rs.next()) {
                        rows++;
                        for (int i = 0; i < n; i++) {
                            bind(insert, i + 1, rs.getObject(i + 1), types[i], sqliteTarget, table, columns.get(i), rows);
                        }
                        insert.addBatch();
                        if (++batched == BATCH) {
                            insert.executeBatch();
                            batched = 0;
                        }
                    }
                    if (batched > 0) {
                        insert.executeBatch();
                    }
                }
                return rows;
            }
        }
    }

    /** The target's columns of {@code table} (lower case) and their JDBC types. */
    private static Map<String, Integer> columnTypes(Connection c, String table) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                out.put(meta.getColumnName(i).toLowerCase(Locale.ROOT), meta.getColumnType(i));
            }
        }
        return out;
    }

    /**
     * Binds {@code value} as the target column's type wants it. In a SQLite target every integer type is 64-bit
     * ({@code INTEGER} columns hold chat ids there), so all are bound as long.
     */
    static void bind(PreparedStatement p, int index, Object value, int type, boolean wideIntegers, String table,
                     String column, long row) throws SQLException {
        if (value == null) {
            p.setNull(index, type);
            return;
        }
        switch (type) {
            case Types.BIGINT -> p.setLong(index, asLong(value, table, column, row));
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> {
                long v = asLong(value, table, column, row);
                if (wideIntegers) {
                    p.setLong(index, v);
                } else if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new StoreException(where(table, column, row) + ": " + v + " does not fit the target's 32-bit"
                            + " column");
                } else {
                    p.setInt(index, (int) v);
                }
            }
            case Types.BOOLEAN, Types.BIT -> p.setBoolean(index, value instanceof Boolean b ? b
                    : asLong(value, table, column, row) != 0);
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> p.setDouble(index, value instanceof Number number
                    ? number.doubleValue() : Double.parseDouble(value.toString()));
            case Types.NUMERIC, Types.DECIMAL -> p.setBigDecimal(index, new BigDecimal(value.toString()));
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                    Types.CLOB -> {
                if (value instanceof byte[]) {
                    throw new StoreException(where(table, column, row) + ": binary data in a text column");
                }
                p.setString(index, value.toString());
            }
            default -> p.setObject(index, value);
        }
    }

    private static long asLong(Object value, String table, String column, long row) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        try {
            if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
                    return (long) d;
                }
            } else if (value instanceof BigDecimal big) {
                return big.longValueExact();
            } else if (value instanceof String s) {
                return Long.parseLong(s.strip());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // refused below
        }
        String shown = value instanceof String s ? "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'"
                : String.valueOf(value);
        throw new StoreException(where(table, column, row) + ": " + shown + " is not an integer, which the target's"
                + " column requires");
    }

    private static String where(String table, String column, long row) {
        return "column " + table + "." + column + ", row " + row + " of the source";
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String updates(long n) {
        return n == 1 ? "1 update" : n + " updates";
    }
}
