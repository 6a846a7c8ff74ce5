package org.paperbot.testing;

import org.paperbot.store.Database;
import org.paperbot.store.PostgresDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The database a test runs on: SQLite by default, a real PostgreSQL server when the build runs the store tests a
 * second time with {@code -Dpaperbot.test.store=postgres} (the pom's {@code postgres} execution). The same tests
 * thereby hold for both: the stores' SQL, the migrations, exactly-once across restarts.
 */
public final class TestDatabases {
    public static final String PROPERTY = "paperbot.test.store";
    /** Where a data directory remembers which PostgreSQL database is "its" file, so that a reopen finds its rows. */
    static final String MARKER = "postgres-url";
    private static final int POOL = 4;

    private TestDatabases() {
    }

    public static boolean postgres() {
        return "postgres".equalsIgnoreCase(System.getProperty(PROPERTY, ""));
    }

    /** A new, empty database: SQLite in memory, or a new PostgreSQL database. */
    public static Database fresh() {
        if (!postgres()) {
            return Database.inMemory();
        }
        PostgresServer server = PostgresServer.shared();
        return PostgresDatabase.open(server.createDatabase(), server.user(), server.password(), POOL);
    }

    /**
     * The bot's database of a data directory, as the bot opens it, locking the directory: the SQLite file in it, or on
     * PostgreSQL the database created for the directory the first time and reopened afterwards (a restart keeps its
     * rows, as the file does).
     */
    public static Database open(Path dataDir) {
        if (!postgres()) {
            return Database.open(dataDir);
        }
        PostgresServer server = PostgresServer.shared();
        return PostgresDatabase.open(urlOf(dataDir, server), server.user(), server.password(), POOL, dataDir);
    }

    /** The JDBC URL of the data directory's PostgreSQL database (created on first use); a store URL for a bot's config. */
    public static String urlOf(Path dataDir, PostgresServer server) {
        try {
            Files.createDirectories(dataDir);
            Path marker = dataDir.resolve(MARKER);
            if (Files.exists(marker)) {
                return Files.readString(marker).strip();
            }
            String url = server.createDatabase();
            Files.writeString(marker, url);
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
