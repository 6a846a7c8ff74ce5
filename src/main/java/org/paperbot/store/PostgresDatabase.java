package org.paperbot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * PostgreSQL, shared by every replica of the bot ({@code PAPERBOT_DATABASE_URL}). A HikariCP pool of connections;
 * each {@link #transaction} takes one for its length. Transactions run at READ COMMITTED, PostgreSQL's default:
 * what replicas contend for (an update of the inbox, the broadcaster's role) is taken with row locks or advisory
 * locks, not by isolation. A serialization failure or deadlock is retried a few times, as PostgreSQL advises.
 *
 * <p>The schema is the one SQLite has, from the same list of steps ({@link Migrations}); replicas starting at once
 * apply them one at a time under an advisory lock, each step in its own transaction (PostgreSQL's DDL is
 * transactional, so a crash mid-step leaves the previous version). A schema newer than this build knows is refused:
 * an older replica must not write into tables it does not understand.
 */
public final class PostgresDatabase implements Database {
    private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);
    /** The advisory lock that makes replicas starting together migrate one after another. */
    static final long MIGRATION_LOCK = 0x50426f74_00000001L;
    private static final int RETRIES = 5;

    private final HikariDataSource pool;
    private final String name;
    private final String url;
    private final String user;
    private final String password;
    /** The data directory's lock (its catalog builds are this process's alone), or null. */
    private FileChannel dirLock;
    private final ThreadLocal<Boolean> inTransaction = ThreadLocal.withInitial(() -> false);
    private volatile boolean closed;

    private PostgresDatabase(HikariDataSource pool, String name, String url, String user, String password) {
        this.pool = pool;
        this.name = name;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Connects (failing at once with a clear message if the server cannot be reached) and migrates the schema. */
    public static PostgresDatabase open(String url, String user, String password, int poolSize) {
        return open(url, user, password, poolSize, Migrations.ALL);
    }

    /**
     * The same, for a bot: also locks its data directory, where it builds its catalog, as SQLite's does (each replica
     * has a data directory of its own; they share only the database).
     */
    public static PostgresDatabase open(String url, String user, String password, int poolSize, Path dataDir) {
        FileChannel lock = SqliteDatabase.claimDataDirectory(dataDir);
        try {
            PostgresDatabase db = open(url, user, password, poolSize);
            db.dirLock = lock;
            return db;
        } catch (RuntimeException e) {
            SqliteDatabase.closeQuietly(lock);
            throw e;
        }
    }

    static PostgresDatabase open(String url, String user, String password, int poolSize, List<Migration> migrations) {
        String name = url.substring("jdbc:".length()) + " as " + user;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setPoolName("paperbot-db");
        // Fail a request in seconds, not the default 30, when the server is gone: handlers answer "try again".
        config.setConnectionTimeout(10_000);
        // A server that is down at start is reported at once instead of after the first request.
        config.setInitializationFailTimeout(10_000);
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "paperbot");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to PostgreSQL at " + name + ": " + rootMessage(e), e);
        }
        PostgresDatabase db = new PostgresDatabase(pool, name, url, user, password);
        try {
            db.migrate(migrations);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    @Override
    public <T> T transaction(Work<T> work) {
        if (closed) {
            throw new StoreException("database " + name + " is closed");
        }
        if (inTransaction.get()) {
            throw new IllegalStateException("transaction inside a transaction on " + name);
        }
        inTransaction.set(true);
        try {
            for (int attempt = 1; ; attempt++) {
                try (Connection c = pool.getConnection()) {
                    c.setAutoCommit(false);
                    try {
                        T result = work.run(c);
                        c.commit();
                        return result;
                    } catch (SQLException | RuntimeException e) {
                        rollback(c);
                        if (attempt < RETRIES && e instanceof SQLException s && retryable(s)) {
                            log.debug("Database {}: {} (attempt {}), retrying", name, s.getMessage(), attempt);
                            continue;
                        }
                        throw e;
                    }
                } catch (SQLException | RuntimeException e) {
                    // As SqliteDatabase: whatever failed inside (a nested transaction too) comes out as a StoreException.
                    throw e instanceof StoreException se ? se : new StoreException("database " + name + ": " + rootMessage(e), e);
                }
            }
        } finally {
            inTransaction.set(false);
        }
    }

    /** Serialization failure or deadlock: the transaction lost a race and may simply run again. */
    private static boolean retryable(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    private void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.debug("Rollback on {}: {}", name, e.getMessage());
        }
    }

    /**
     * A connection of its own, outside the pool, for what lasts as long as a session: the broadcaster's advisory lock
     * (released by the server the moment this connection ends, which is what makes another replica take over when
     * this one dies). The caller closes it.
     */
    public Connection session() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("ApplicationName", "paperbot-leader");
        // A dead server must not hold the scheduler's tick for long.
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "30");
        return DriverManager.getConnection(url, props);
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRES;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String problem() {
        try {
            transaction(Migrations::touchHealthCheck);
            return null;
        } catch (StoreException e) {
            log.warn("Database {} is not writable: {}", name, e.getMessage());
            return "not writable: " + e.getMessage();
        }
    }

    private void migrate(List<Migration> migrations) {
        int latest = Migrations.latest(migrations);
        int found = transaction(c -> {
            lock(c);
            execute(c, Schema.VERSION_TABLE);
            return Migrations.currentVersion(c);
        });
        if (found > latest) {
            throw new StoreException("database " + name + " has schema version " + found + ", newer than this PaperBot"
                    + " knows (" + latest + "): it was written by a newer release; run that release, or a newer one");
        }
        for (Migration m : migrations) {
            boolean applied = transaction(c -> {
                lock(c); // another replica may have applied it meanwhile: read the version under the lock
                if (Migrations.currentVersion(c) >= m.version()) {
                    return false;
                }
                m.apply(c, Dialect.POSTGRES);
                return true;
            });
            if (applied) {
                log.info("Database {}: applied migration {} ({})", name, m.version(), m.description());
            }
        }
    }

    /** Held until the transaction ends. */
    private static void lock(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            p.setLong(1, MIGRATION_LOCK);
            p.execute();
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pool.close();
        if (dirLock != null) {
            SqliteDatabase.closeQuietly(dirLock);
        }
    }
}
