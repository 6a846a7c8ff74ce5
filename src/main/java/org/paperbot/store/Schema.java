package org.paperbot.store;

import org.sqlite.SQLiteConfig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables and columns of a database: table name → column name → declared type, all lower case. What a
 * schema version should look like is not written down a second time: it is read from an empty in-memory
 * database after running the migrations, so it can never drift from them.
 */
record Schema(Map<String, Map<String, String>> tables) {
    /** The bookkeeping table of the migration runner; part of every PaperBot schema, even version 0. */
    static final String VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version ("
            + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)";

    Schema {
        tables = Map.copyOf(tables);
    }

    /** What {@code migrations} up to and including {@code version} create. */
    static Schema expected(List<Migration> migrations, int version) {
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite::memory:");
             Statement s = c.createStatement()) {
            s.execute(VERSION_TABLE);
            for (Migration m : migrations) {
                if (m.version() <= version) {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                }
            }
            return of(c);
        } catch (SQLException e) {
            throw new IllegalStateException("the migrations do not run on an empty database: " + e.getMessage(), e);
        }
    }

    /** The tables (SQLite's own excluded) and columns of the database behind {@code c}. */
    static Schema of(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' "
                     + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        for (String name : names) {
            Map<String, String> columns = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT name, type FROM pragma_table_info(?)")) {
                p.setString(1, name);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        columns.put(lower(rs.getString(1)), lower(rs.getString(2)));
                    }
                }
            }
            tables.put(lower(name), columns);
        }
        return new Schema(tables);
    }

    boolean isEmpty() {
        return tables.isEmpty();
    }

    /** Tables here that {@code expected} does not have, sorted. */
    Set<String> extraTables(Schema expected) {
        Set<String> extra = new TreeSet<>(tables.keySet());
        extra.removeAll(expected.tables.keySet());
        return extra;
    }

    /**
     * What {@code expected} has and this schema lacks or declares differently, one phrase each ("table delivery is
     * missing", "column delivery.state is missing", "column subscription.active is TEXT, not INTEGER"). Extra
     * tables and columns are not differences: they do not stop PaperBot's statements from working.
     */
    List<String> differencesFrom(Schema expected) {
        List<String> out = new ArrayList<>();
        expected.tables.forEach((table, columns) -> {
            Map<String, String> actual = tables.get(table);
            if (actual == null) {
                out.add("table " + table + " is missing");
                return;
            }
            columns.forEach((column, type) -> {
                String found = actual.get(column);
                if (found == null) {
                    out.add("column " + table + "." + column + " is missing");
                } else if (!found.equals(type)) {
                    out.add("column " + table + "." + column + " is " + upper(found) + ", not " + upper(type));
                }
            });
        });
        return out;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static String upper(String s) {
        return s.isEmpty() ? "untyped" : s.toUpperCase(Locale.ROOT);
    }
}
