package org.paperbot.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The SQLite database: one connection, used by one thread at a time under a lock. The bot writes a few
 * rows per message at most, which one connection serves with room to spare, and a single writer never meets
 * SQLITE_BUSY inside the process.
 *
 * <p>WAL journal with {@code synchronous=NORMAL}: a committed transaction survives a crash or kill of the
 * process; after an OS crash or power loss the last few commits may be rolled back (see README, "Daily delivery",
 * "Exactly once, and the one exception"). {@code synchronous=FULL} would cost an fsync per delivery state change.
 *
 * <p>Every statement runs inside {@link #transaction}, which issues {@code BEGIN} and {@code COMMIT} itself (the
 * driver is left in auto-commit mode, so it never starts a transaction of its own). The driver's own transaction
 * handling was what broke on a full disk: after SQLITE_FULL, SQLite rolls the transaction back by itself, the
 * driver's rollback then failed, its follow-up {@code begin} never ran, and every later statement was committed on
 * its own while its {@code commit} failed. Here a transaction that fails is rolled back, and after an I/O-class error
 * (disk full, I/O error, read-only, corrupt) the connection is closed and a fresh one opened on next use, so the
 * store recovers by itself once the cause is gone.
 *
 * <p>The file is PaperBot's own: marked with {@link #APPLICATION_ID}, checked at open (see {@link DatabaseFile}),
 * and watched while running ({@link #check}): if it is deleted or replaced, the data is copied out of the still-open
 * connection with {@code VACUUM INTO} and put back in place.
 */
public final class SqliteDatabase implements Database {
    private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
    static final int BUSY_TIMEOUT_MS = 5_000;
    /**
     * How long the health check keeps reporting an incident (the file deleted or replaced, even once restored; a
     * disk-full or I/O error): long enough for two probes of the Docker image's HEALTHCHECK (every 30 s), short of
     * the three that mark it unhealthy when the incident does not recur.
     */
    static final Duration INCIDENT_REPORTED_FOR = Duration.ofMinutes(1);
    /** SQLite's primary result codes after which the connection is not trusted any more. */
    private static final Set<Integer> IO_CLASS = Set.of(
            7,   // SQLITE_NOMEM
            8,   // SQLITE_READONLY
            10,  // SQLITE_IOERR
            11,  // SQLITE_CORRUPT
            13,  // SQLITE_FULL
            14,  // SQLITE_CANTOPEN
            15,  // SQLITE_PROTOCOL
            26); // SQLITE_NOTADB
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Runs on every connection opened, before it is used. Tests give connections a size limit: a full disk. */
    @FunctionalInterface
    interface OnConnect {
        OnConnect NONE = c -> {
        };

        void apply(Connection connection) throws SQLException;
    }

    /** Null in memory. */
    private final Path file;
    private final String name;
    /** Held while open, so that a second process cannot use the same data directory. Null in memory. */
    private final FileChannel dirLock;
    private final OnConnect onConnect;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    /** Null after an I/O-class error closed it: the next transaction opens a fresh one. */
    private Connection connection;
    /** Identity (device and inode) of the file the connection has open, and of its -wal file once there is one. */
    private Object fileKey;
    private Object walKey;
    /** A complete copy waiting to be moved into place, when a restore stopped after closing the old connection. */
    private Path pendingRestore;
    /** Set when the file was overwritten in place: the connection is never used (nor closed) again. */
    private String unusable;
    private volatile String incident;
    private volatile long incidentUntil;
    private volatile boolean closed;

    private SqliteDatabase(Path file, String name, FileChannel dirLock, OnConnect onConnect, LongSupplier nanoTime) {
        this.file = file;
        this.name = name;
        this.dirLock = dirLock;
        this.onConnect = onConnect;
        this.nanoTime = nanoTime;
    }

    /** Opens (creating if needed) {@code <dataDir>/paperbot.db} and brings its schema up to date. */
    public static SqliteDatabase open(Path dataDir) {
        return open(dataDir, OnConnect.NONE, System::nanoTime);
    }

    static SqliteDatabase open(Path dataDir, OnConnect onConnect, LongSupplier nanoTime) {
        FileChannel dirLock = claimDataDirectory(dataDir);
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        try {
            return openFile(file, Migrations.ALL, dirLock, onConnect, nanoTime);
        } catch (RuntimeException e) {
            closeQuietly(dirLock);
            throw e;
        }
    }

    /**
     * Creates the data directory if needed and locks it for this process (see {@link #lockDirectory}); the lock is held
     * until the returned channel is closed.
     */
    static FileChannel claimDataDirectory(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (AccessDeniedException e) {
            Path denied = Path.of(e.getFile());
            throw new StoreException("cannot create data directory " + dataDir + ": "
                    + DatabaseFile.permissionDenied(denied.getParent() == null ? denied : denied.getParent()), e);
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
        }
        return lockDirectory(dataDir);
    }

    /** One database file, without the data directory's lock: tests of the migrations. */
    static SqliteDatabase open(Path file, List<Migration> migrations) {
        return openFile(file.toAbsolutePath(), migrations, null, OnConnect.NONE, System::nanoTime);
    }

    /** A private database that lives as long as this object: console mode and tests. */
    public static SqliteDatabase inMemory() {
        SqliteDatabase db = new SqliteDatabase(null, ":memory:", null, OnConnect.NONE, System::nanoTime);
        db.connection = db.connect(true);
        db.migrate(Migrations.ALL);
        return db;
    }

    private static SqliteDatabase openFile(Path file, List<Migration> migrations, FileChannel dirLock, OnConnect onConnect,
                                     LongSupplier nanoTime) {
        DatabaseFile.requireWritable(file);
        Path restoring = DatabaseFile.sibling(file, ".restoring");
        if (Files.exists(restoring)) {
            throw new StoreException("found " + restoring + ", left by a restore of " + file + " that was interrupted: it"
                    + " holds the bot's data as of that moment. Check it (sqlite3 " + restoring + " 'PRAGMA integrity_check')"
                    + " and move it to " + file.getFileName() + " if that is missing or wrong, or away; then start again");
        }
        DatabaseFile.Kind kind = DatabaseFile.inspect(file, migrations);
        SqliteDatabase db = new SqliteDatabase(file, file.toString(), dirLock, onConnect, nanoTime);
        try {
            db.connection = db.connect(true);
            db.fileKey = DatabaseFile.key(file);
            db.migrate(migrations);
            db.mark(kind);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /**
     * Two bots on one database would both broadcast (and both poll Telegram, which it refuses); a lock file in the
     * data directory makes the second one stop with a clear message instead.
     */
    static FileChannel lockDirectory(Path dataDir) {
        Path lockFile = dataDir.resolve("paperbot.lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.tryLock();
            if (fileLock == null) {
                closeQuietly(channel);
                throw new DataDirectoryInUseException("data directory " + dataDir + " is in use by another PaperBot process"
                        + " (give each bot its own PAPERBOT_DATA_DIR)", null);
            }
            return channel;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new DataDirectoryInUseException("data directory " + dataDir + " is already open in this process", e);
        } catch (AccessDeniedException e) {
            closeQuietly(channel);
            // Typically a bind mount owned by root: the fix is on the host, so name the ids to give it to.
            throw new StoreException("cannot lock data directory: " + DatabaseFile.permissionDenied(
                    Files.exists(lockFile) ? lockFile : dataDir) + "; " + ProcessUser.grantHint(), e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("cannot lock data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    private Connection connect(boolean create) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        if (!create) {
            // A reconnect must find the file it had: creating an empty one in its place would hide the loss.
            config.resetOpenMode(SQLiteOpenMode.CREATE);
        }
        try {
            Connection c = config.createConnection(file == null ? "jdbc:sqlite::memory:" : "jdbc:sqlite:" + file);
            try {
                onConnect.apply(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            walKey = null;
            return c;
        } catch (SQLException e) {
            throw new StoreException("cannot open database " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in a transaction: committed when it returns, rolled back when it throws. When this throws,
     * nothing of {@code work} was written; when it returns, all of it was. Transactions do not nest.
     */
    @Override
    public <T> T transaction(Work<T> work) {
        lock.lock();
        try {
            if (lock.getHoldCount() > 1) {
                throw new IllegalStateException("transaction inside a transaction on " + name);
            }
            Connection c = connection();
            try {
                execute(c, "BEGIN");
            } catch (SQLException e) {
                afterFailure(c, e, true);
                throw failure(e);
            }
            try {
                T result = work.run(c);
                execute(c, "COMMIT");
                if (walKey == null && file != null) {
                    walKey = DatabaseFile.key(DatabaseFile.sibling(file, "-wal"));
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                afterFailure(c, e, rollback(c));
                throw failure(e);
            }
        } finally {
            lock.unlock();
        }
    }

    private Connection connection() {
        if (closed) {
            throw new StoreException("database " + name + " is closed");
        }
        if (unusable != null) {
            throw new StoreException(unusable);
        }
        if (connection == null) {
            connection = reconnect();
        }
        return connection;
    }

    /** Opens the file this object had open, never whatever else now lies at the path: that could be another program's. */
    private Connection reconnect() {
        if (pendingRestore != null) {
            try {
                moveIntoPlace();
            } catch (IOException e) {
                throw new StoreException("database " + name + " is being restored from " + pendingRestore
                        + " and cannot be moved into place yet: " + e.getMessage(), e);
            }
        }
        DatabaseFile.State state;
        try {
            state = DatabaseFile.state(file, fileKey);
        } catch (IOException e) {
            throw new StoreException("cannot reopen database " + name + ": " + e.getMessage(), e);
        }
        if (state != DatabaseFile.State.INTACT) {
            throw new StoreException("cannot reopen database " + name + ": the file was " + describe(state)
                    + " while it was closed after an error");
        }
        DatabaseFile.requireWritable(file);
        Connection c = connect(false);
        log.info("Database {}: opened a fresh connection", name);
        return c;
    }

    /** "no transaction is active" is normal here: SQLite rolls back by itself after SQLITE_FULL or SQLITE_IOERR. */
    private boolean rollback(Connection c) {
        try {
            execute(c, "ROLLBACK");
            return true;
        } catch (SQLException e) {
            log.debug("Rollback on {}: {}", name, e.getMessage());
            return false;
        }
    }

    /**
     * After a failed transaction: keeps the connection when the failure was the statement's own (a constraint, a
     * bug) and the rollback went through; closes it otherwise, unless the file on disk is no longer the one it has
     * open: then it is the only way to the data, kept for {@link #check} to restore from. An I/O-class failure is
     * reported by {@link #problem} for a while: on a full disk a small rewrite may still fit while new rows fail.
     */
    private void afterFailure(Connection c, Exception cause, boolean rolledBack) {
        if (file == null) {
            return; // in memory, the connection is the database
        }
        boolean io = ioClass(cause);
        if (io) {
            report("database " + name + ": " + cause.getMessage());
        }
        if (rolledBack && !io) {
            return;
        }
        DatabaseFile.State state;
        try {
            state = DatabaseFile.state(file, fileKey);
        } catch (IOException e) {
            state = null;
        }
        if (state != DatabaseFile.State.INTACT) {
            log.warn("Database {}: {}; the file on disk changed, keeping the connection for the restore", name, cause.getMessage());
            return;
        }
        log.warn("Database {}: {}; closing the connection, a fresh one is opened on next use", name, cause.getMessage());
        closeConnection(c);
        connection = null;
    }

    private static boolean ioClass(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException s) {
                return IO_CLASS.contains(s.getResultCode().code & 0xff);
            }
        }
        return false;
    }

    private StoreException failure(Exception e) {
        return e instanceof StoreException se ? se : new StoreException("database " + name + ": " + e.getMessage(), e);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /**
     * What is wrong with the database now, in a few words, or null when it is fine: within the last
     * {@link #INCIDENT_REPORTED_FOR}, the file was deleted, replaced or overwritten (even if restored since) or a
     * transaction failed with an I/O-class error (disk full…); or it does not accept a write now (read-only,
     * permissions). For /healthz; runs {@link #check} first.
     */
    @Override
    public String problem() {
        check();
        String recent = incident;
        if (recent != null && nanoTime.getAsLong() - incidentUntil < 0) {
            return recent;
        }
        try {
            transaction(Migrations::touchHealthCheck);
            return null;
        } catch (StoreException e) {
            log.warn("Database {} is not writable: {}", name, e.getMessage());
            return "not writable: " + e.getMessage();
        }
    }

    /**
     * Compares the file at the path with the one the connection has open (identity and application id). Deleted or
     * replaced by another file: logs an ERROR and restores the file from the open connection, so nothing written in
     * the meantime is lost; the stranger is kept beside it as {@code paperbot.db.replaced-<UTC time>}, untouched.
     * Overwritten in place: nothing can be restored and nothing more is written (see README). Run periodically by
     * {@link DatabaseWatch}, by {@link #problem} and on close.
     *
     * @return what was found and done, or null when the file is as it was
     */
    @Override
    public String check() {
        if (file == null) {
            return null;
        }
        lock.lock();
        try {
            if (closed || unusable != null) {
                return unusable;
            }
            DatabaseFile.State state = DatabaseFile.state(file, fileKey);
            if (state == DatabaseFile.State.INTACT && pendingRestore == null) {
                return null;
            }
            if (state == DatabaseFile.State.OVERWRITTEN) {
                // Our pages are gone from it; closing the connection would checkpoint the rest into the stranger.
                unusable = "database file " + file + " was overwritten in place by a file that is not PaperBot's;"
                        + " stopped using it (restore it from a backup, then restart)";
                log.error(unusable);
                return report(unusable);
            }
            log.error("Database file {} was {} while the bot was running; restoring it from the open connection", file,
                    describe(state));
            String outcome = restore(state);
            return report(outcome);
        } catch (IOException e) {
            return report("cannot check database file " + file + ": " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private String report(String message) {
        incident = message;
        incidentUntil = nanoTime.getAsLong() + INCIDENT_REPORTED_FOR.toNanos();
        return message;
    }

    private static String describe(DatabaseFile.State state) {
        return switch (state) {
            case DELETED -> "deleted";
            case REPLACED -> "replaced by another file";
            case OVERWRITTEN -> "overwritten in place";
            case INTACT -> "intact";
        };
    }

    /**
     * Copies everything the connection sees (the file it has open, deleted or not, and its -wal) with
     * {@code VACUUM INTO} to {@code paperbot.db.restoring}, moves a stranger at the path aside, closes the old
     * connection, moves the copy into place and opens it. A failure before the old connection is closed leaves it
     * open, so the next check tries again with all the data still there.
     */
    private String restore(DatabaseFile.State state) {
        String was = "database file " + file + " was " + describe(state) + " while the bot was running";
        if (connection == null && pendingRestore == null) {
            return was + ", after its connection had been closed: nothing to restore it from";
        }
        Path aside = null;
        try {
            Path restoring = DatabaseFile.sibling(file, ".restoring");
            if (connection != null) {
                Files.createDirectories(file.getParent());
                // Only this process's earlier, failed attempt can have left it (open refuses to start beside one),
                // and all it holds is still in the connection.
                Files.deleteIfExists(restoring);
                vacuumInto(restoring);
            }
            if (Files.exists(file)) {
                aside = moveStrangerAside();
            }
            if (connection != null) {
                closeConnection(connection);
                connection = null;
                pendingRestore = restoring;
                // What the close could not remove is the old connection's: its content is in the copy, and a -wal
                // beside the restored file would be replayed into it.
                Files.deleteIfExists(DatabaseFile.sibling(file, "-wal"));
                Files.deleteIfExists(DatabaseFile.sibling(file, "-shm"));
            }
            moveIntoPlace();
            connection = connect(false);
            String done = was + "; restored from the open connection, nothing lost"
                    + (aside == null ? "" : "; the other file is kept as " + aside.getFileName());
            log.warn(done);
            return done;
        } catch (IOException | SQLException | StoreException e) {
            String failed = was + "; restoring it failed (tried again at the next check): " + e.getMessage()
                    + (aside == null ? "" : "; the other file is kept as " + aside.getFileName());
            log.error(failed, e);
            return failed;
        }
    }

    /** Outside a transaction: SQLite refuses VACUUM inside one. The copy is a consistent snapshot, synced before use. */
    private void vacuumInto(Path target) throws SQLException, IOException {
        try (PreparedStatement p = connection.prepareStatement("VACUUM INTO ?")) {
            p.setString(1, target.toString());
            p.execute();
        }
        try (FileChannel copy = FileChannel.open(target, StandardOpenOption.WRITE)) {
            copy.force(true);
        }
    }

    /** The file now at the path, and its -wal and -shm if they are not the connection's, keep their names' tail. */
    private Path moveStrangerAside() throws IOException {
        Path aside = DatabaseFile.sibling(file, ".replaced-" + STAMP.format(Instant.now()));
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        Path wal = DatabaseFile.sibling(file, "-wal");
        Object key = DatabaseFile.key(wal);
        if (key != null && !key.equals(walKey)) {
            Files.move(wal, DatabaseFile.sibling(aside, "-wal"), StandardCopyOption.ATOMIC_MOVE);
            Path shm = DatabaseFile.sibling(file, "-shm");
            if (Files.exists(shm)) {
                Files.move(shm, DatabaseFile.sibling(aside, "-shm"), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        log.error("Database {}: the file found in its place is kept, untouched, as {}", name, aside);
        return aside;
    }

    private void moveIntoPlace() throws IOException {
        Files.move(pendingRestore, file, StandardCopyOption.ATOMIC_MOVE);
        pendingRestore = null;
        fileKey = DatabaseFile.key(file);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the rename itself survives a power loss
        } catch (IOException e) {
            log.debug("Cannot sync directory {}: {}", file.getParent(), e.getMessage());
        }
    }

    private void migrate(List<Migration> migrations) {
        Migrations.latest(migrations);
        int current = transaction(c -> {
            execute(c, Schema.VERSION_TABLE);
            return Migrations.currentVersion(c);
        });
        for (Migration m : migrations) {
            if (m.version() <= current) {
                continue;
            }
            transaction(c -> {
                m.apply(c, Dialect.SQLITE);
                return null;
            });
            log.info("Database {}: applied migration {} ({})", name, m.version(), m.description());
        }
    }

    /**
     * Writes {@link #APPLICATION_ID} into a new or adopted file, and makes sure it is in the file's header on disk
     * (not only in the -wal), where {@link #check} reads it.
     */
    private void mark(DatabaseFile.Kind kind) {
        if (kind != DatabaseFile.Kind.OURS) {
            transaction(c -> {
                execute(c, "PRAGMA application_id = " + APPLICATION_ID);
                return null;
            });
            if (kind == DatabaseFile.Kind.LEGACY) {
                log.info("Database {}: a PaperBot database from before application_id, now marked as PaperBot's ({})",
                        name, DatabaseFile.hex(APPLICATION_ID));
            }
        }
        try {
            DatabaseFile.Header header = DatabaseFile.header(file);
            if (header == null || header.applicationId() != APPLICATION_ID) {
                // Outside a transaction: a checkpoint copies what is committed in the -wal into the file.
                lock.lock();
                try (Statement s = connection.createStatement()) {
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException | SQLException e) {
            throw new StoreException("cannot mark database " + name + " as PaperBot's: " + e.getMessage(), e);
        }
    }

    private void closeConnection(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.warn("Closing {} failed: {}", name, e.getMessage());
        }
    }

    /**
     * Closes the connection; later calls fail with {@link StoreException}. Idempotent. A file deleted or replaced
     * since the last check is restored first: the connection may be the only copy of its data.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (connection != null || pendingRestore != null) {
                check();
            }
            closed = true;
            // An overwritten file is not ours any more: closing would checkpoint our pages into it.
            if (connection != null && unusable == null) {
                closeConnection(connection);
            }
            connection = null;
        } finally {
            closeQuietly(dirLock);
            lock.unlock();
        }
    }
}
