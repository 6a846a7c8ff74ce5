package org.paperbot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * One step of the schema. Steps are applied in version order, each in its own transaction together with its
 * row in {@code schema_version}, so a crash mid-migration leaves the previous version intact. A released
 * step is never edited: a change is a new step.
 *
 * <p>One list of steps serves both databases, numbered alike, so a version means the same tables on either. Most
 * steps are plain SQL both accept; a step that SQLite words its own way (its 64-bit {@code INTEGER}, which is 32-bit
 * in PostgreSQL; {@code AUTOINCREMENT}; {@code WITHOUT ROWID}; its date functions) carries PostgreSQL's wording of
 * the same change in {@code postgres}.
 */
record Migration(int version, String description, List<String> statements, List<String> postgres) {
    Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1");
        }
        statements = List.copyOf(statements);
        postgres = List.copyOf(postgres);
    }

    /** A step both databases run as written. */
    Migration(int version, String description, List<String> statements) {
        this(version, description, statements, statements);
    }

    List<String> statements(Database.Dialect dialect) {
        return dialect == Database.Dialect.POSTGRES ? postgres : statements;
    }

    /** Runs the step's statements and records it in {@code schema_version}, inside the caller's transaction. */
    void apply(Connection c, Database.Dialect dialect) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements(dialect)) {
                s.execute(sql);
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
            p.setInt(1, version);
            p.setString(2, description);
            p.setString(3, Instant.now().toString());
            p.executeUpdate();
        }
    }
}
