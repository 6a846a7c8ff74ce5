package org.paperbot.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the bot keeps what must outlive a process: subscriptions, deliveries, the update inbox, readers' data. Two
 * kinds: {@link SqliteDatabase}, one file in the data directory and one process (the default), and
 * {@link PostgresDatabase}, one server shared by any number of replicas ({@code PAPERBOT_DATABASE_URL}). The stores
 * write plain SQL that both accept; where the two differ (migrations, claiming work among replicas), they ask
 * {@link #dialect}.
 */
public interface Database extends AutoCloseable {
    String FILE_NAME = "paperbot.db";
    /**
     * {@code PRAGMA application_id} of every PaperBot SQLite file: the ASCII bytes "PBot". A file with another non-zero
     * id belongs to another program and is refused untouched.
     */
    int APPLICATION_ID = 0x50426f74;

    /** The SQL spoken. */
    enum Dialect { SQLITE, POSTGRES }

    /** Work done with the connection inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Opens (creating if needed) {@code <dataDir>/paperbot.db} and brings its schema up to date. */
    static Database open(Path dataDir) {
        return SqliteDatabase.open(dataDir);
    }

    /** A private database that lives as long as this object: console mode and tests. */
    static Database inMemory() {
        return SqliteDatabase.inMemory();
    }

    /**
     * Runs {@code work} in a transaction: committed when it returns, rolled back when it throws. When this throws
     * ({@link StoreException}), nothing of {@code work} was written; when it returns, all of it was. Transactions do
     * not nest. {@code work} may run more than once (a serialization failure between replicas is retried), so it
     * must do nothing but SQL.
     */
    <T> T transaction(Work<T> work);

    Dialect dialect();

    /** The schema version now in the database. */
    default int schemaVersion() {
        return transaction(Migrations::currentVersion);
    }

    /** How it is named in logs and messages (a file, or a server and database: never a password). */
    String name();

    boolean isClosed();

    /** What is wrong with the database now, in a few words, or null when it is fine (for /healthz). */
    String problem();

    /** Looks for damage from outside (a file deleted or replaced) and repairs what it can; null when all is well. */
    default String check() {
        return null;
    }

    /** Idempotent; later calls fail with {@link StoreException}. */
    @Override
    void close();
}
