package org.paperbot.store;

import java.nio.file.Path;

/** Opens a database file at an earlier schema version, as a released build left it, and then as today's code does. */
public final class OldSchema {
    private OldSchema() {
    }

    /** The file with only the migrations before {@code version} applied. */
    public static Database before(Path file, int version) {
        return SqliteDatabase.open(file, Migrations.ALL.stream().filter(m -> m.version() < version).toList());
    }

    /** The same file opened with every migration, as start-up does. */
    public static Database current(Path file) {
        return SqliteDatabase.open(file, Migrations.ALL);
    }
}
