package org.paperbot.store;

import java.util.List;

/**
 * One step of the schema. Steps are applied in version order, each in its own transaction together with its
 * row in {@code schema_version}, so a crash mid-migration leaves the previous version intact. A released
 * step is never edited: a change is a new step.
 */
record Migration(int version, String description, List<String> statements) {
    Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1");
        }
        statements = List.copyOf(statements);
    }
}
