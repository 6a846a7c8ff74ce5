package org.paperbot.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SQLite database: one connection, used by one thread at a time under a lock. The bot writes a few
 * rows per message at most, which one connection serves with room to spare, and a single writer never meets
 * SQLITE_BUSY inside the process.
 *
 * <p>WAL journal with {@code synchronous=NORMAL}: a committed transaction survives a crash or kill of the
 * process; after an OS crash or power loss the last few commits may be rolled back (see README, "Daily delivery",
 * "Exactly once, and the one exception"). {@code synchronous=FULL} would cost an fsync per delivery state change.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    public static final String FILE_NAME = "paperbot.db";
    static final int BUSY_TIMEOUT_MS = 5_000;

    /** Work done with the connection inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Connection connection;
    private final String name;
    /** Held while open, so that a second process cannot use the same data directory. Null in memory. */
    private final FileChannel dirLock;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private Database(Connection connection, String name, FileChannel dirLock) {
        this.connection = connection;
        this.name = name;
        this.dirLock = dirLock;
    }

    /** Opens (creating if needed) {@code <dataDir>/paperbot.db} and brings its schema up to date. */
    public static Database open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        FileChannel dirLock = lockDirectory(dataDir);
        try {
            return open("jdbc:sqlite:" + file, file.toString(), Migrations.ALL, dirLock);
        } catch (RuntimeException e) {
            closeQuietly(dirLock);
            throw e;
        }
    }

    /**
     * Two bots on one database would both broadcast (and both poll Telegram, which it refuses); a lock file in the
     * data directory makes the second one stop with a clear message instead.
     */
    private static FileChannel lockDirectory(Path dataDir) {
        Path lockFile = dataDir.resolve("paperbot.lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.tryLock();
            if (fileLock == null) {
                closeQuietly(channel);
                throw new StoreException("data directory " + dataDir + " is in use by another PaperBot process"
                        + " (give each bot its own PAPERBOT_DATA_DIR)");
            }
            return channel;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new StoreException("data directory " + dataDir + " is already open in this process", e);
        } catch (AccessDeniedException e) {
            closeQuietly(channel);
            // Typically a bind mount owned by root: the fix is on the host, so name the ids to give it to.
            throw new StoreException("cannot lock data directory " + dataDir + ": permission denied (" + lockFile
                    + "); " + ProcessUser.grantHint(), e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("cannot lock data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** Writes one row: true if the database accepts writes right now. For /healthz. */
    public boolean isWritable() {
        try {
            transaction(c -> {
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO health_check (id, checked_at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET checked_at = excluded.checked_at")) {
                    p.setString(1, Instant.now().toString());
                    return p.executeUpdate();
                }
            });
            return true;
        } catch (StoreException e) {
            log.warn("Database {} is not writable: {}", name, e.getMessage());
            return false;
        }
    }

    /** A private database that lives as long as this object: console mode and tests. */
    public static Database inMemory() {
        return open("jdbc:sqlite::memory:", ":memory:", Migrations.ALL, null);
    }

    static Database open(String url, String name, List<Migration> migrations) {
        return open(url, name, migrations, null);
    }

    private static Database open(String url, String name, List<Migration> migrations, FileChannel dirLock) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        Connection connection;
        try {
            connection = config.createConnection(url);
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new StoreException("cannot open database " + name + ": " + e.getMessage(), e);
        }
        Database db = new Database(connection, name, dirLock);
        try {
            db.migrate(migrations);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** Runs {@code work} in a transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(Work<T> work) {
        lock.lock();
        try {
            if (closed) {
                throw new StoreException("database " + name + " is closed");
            }
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                if (e instanceof StoreException se) {
                    throw se;
                }
                throw new StoreException("database " + name + ": " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The schema version now in the file. */
    public int schemaVersion() {
        return transaction(Database::currentVersion);
    }

    public String name() {
        return name;
    }

    private void migrate(List<Migration> migrations) {
        int known = 0;
        for (Migration m : migrations) {
            if (m.version() != known + 1) {
                throw new IllegalStateException("migrations must be numbered 1, 2, 3, … without gaps");
            }
            known = m.version();
        }
        int current = transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
            }
            return currentVersion(c);
        });
        if (current > known) {
            throw new StoreException("database " + name + " has schema version " + current + ", newer than this PaperBot"
                    + " knows (" + known + "): run a newer PaperBot or use another data directory");
        }
        for (Migration m : migrations) {
            if (m.version() <= current) {
                continue;
            }
            transaction(c -> {
                try (Statement s = c.createStatement()) {
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    p.setInt(1, m.version());
                    p.setString(2, m.description());
                    p.setString(3, Instant.now().toString());
                    p.executeUpdate();
                }
                return null;
            });
            log.info("Database {}: applied migration {} ({})", name, m.version(), m.description());
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.warn("Rollback failed on {}: {}", name, e.getMessage());
        }
    }

    /** Closes the connection; later calls fail with {@link StoreException}. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            connection.close();
        } catch (SQLException e) {
            log.warn("Closing {} failed: {}", name, e.getMessage());
        } finally {
            closeQuietly(dirLock);
            lock.unlock();
        }
    }
}
