package org.paperbot.store;

import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The database file as the operating system sees it: whether PaperBot may write it, whether it is PaperBot's at all,
 * and whether the file on disk is still the one the connection has open. Nothing here writes to the file.
 */
final class DatabaseFile {
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** Offset of the application id (4 bytes, big-endian) in SQLite's 100-byte file header. */
    private static final int APPLICATION_ID_OFFSET = 68;
    private static final int HEADER_SIZE = 100;

    private DatabaseFile() {
    }

    /** What {@link #inspect} found at the path. */
    enum Kind {
        /** Nothing yet, or an SQLite file without tables: PaperBot creates its schema. */
        NEW,
        /** Carries PaperBot's application id. */
        OURS,
        /** A PaperBot database from before the application id: its tables and columns are PaperBot's. */
        LEGACY
    }

    /** How the file on disk relates to the one the connection has open. */
    enum State {
        INTACT,
        /** No file at the path any more. */
        DELETED,
        /** Another file (another inode) at the path. */
        REPLACED,
        /** The same file, but its header is no longer PaperBot's: its content was overwritten in place. */
        OVERWRITTEN
    }

    /** The first 100 bytes of an SQLite file: whether the magic string is there, and the application id. */
    record Header(boolean sqlite, int applicationId) {
    }

    /** Null when the file does not exist or is empty. */
    static Header header(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(HEADER_SIZE);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (bytes.length == 0) {
            return null;
        }
        if (bytes.length < HEADER_SIZE || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return new Header(false, 0);
        }
        return new Header(true, ByteBuffer.wrap(bytes, APPLICATION_ID_OFFSET, 4).getInt());
    }

    /** The file's identity (device and inode on Unix), or null if it does not exist or the system has none. */
    static Object key(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    static State state(Path file, Object openKey) throws IOException {
        if (!Files.exists(file)) {
            return State.DELETED;
        }
        Object key = key(file);
        if (key != null && openKey != null && !key.equals(openKey)) {
            return State.REPLACED;
        }
        Header header = header(file);
        return header != null && header.sqlite() && header.applicationId() == Database.APPLICATION_ID
                ? State.INTACT : State.OVERWRITTEN;
    }

    /**
     * Refuses, before SQLite opens anything, a file or directory PaperBot cannot write: SQLite would otherwise open
     * the database read-only or fail later with "unable to open database file", which does not say why.
     */
    static void requireWritable(Path file) {
        Path dir = file.getParent();
        if (!Files.isWritable(dir)) {
            throw new StoreException(permissionDenied(dir) + " (SQLite creates " + file.getFileName()
                    + "-wal and -shm beside the database)");
        }
        for (Path p : List.of(file, sibling(file, "-wal"), sibling(file, "-shm"))) {
            if (Files.exists(p) && !Files.isWritable(p)) {
                throw new StoreException(permissionDenied(p));
            }
        }
    }

    /** "permission denied: {path} must be writable by uid N (owner uid M, rwxr-xr-x)". */
    static String permissionDenied(Path path) {
        return "permission denied: " + path + " must be writable by " + ProcessUser.name() + owner(path);
    }

    private static String owner(Path path) {
        try {
            Object uid = Files.getAttribute(path, "unix:uid");
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
            return " (owner uid " + uid + ", " + mode + ")";
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "";
        }
    }

    static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /**
     * Decides whether PaperBot may use the file, reading it only: its header first (a foreign application id is
     * refused before SQLite even opens the file), then, through a read-only connection, its application id, tables
     * and columns against what {@code migrations} create at the version the file claims.
     */
    static Kind inspect(Path file, List<Migration> migrations) {
        Header header;
        try {
            header = header(file);
        } catch (IOException e) {
            throw new StoreException("cannot read database " + file + ": " + e.getMessage(), e);
        }
        if (header == null) {
            return Kind.NEW;
        }
        if (!header.sqlite()) {
            throw refused(file, "it is not an SQLite database");
        }
        refuseForeign(file, header.applicationId());
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        // Without a -wal file the file alone is the whole database: opened immutable, SQLite creates no -wal or -shm
        // beside it (a read-only connection to a WAL-mode file otherwise would, and leave them there).
        String url = Files.exists(sibling(file, "-wal")) ? "jdbc:sqlite:" + file
                : "jdbc:sqlite:" + file.toUri() + "?immutable=1";
        try (Connection c = readOnly.createConnection(url)) {
            // Asked again through SQLite: a write not yet checkpointed into the file is in the -wal file.
            int applicationId = intQuery(c, "PRAGMA application_id");
            refuseForeign(file, applicationId);
            boolean ours = applicationId == Database.APPLICATION_ID;
            Schema actual = Schema.of(c);
            if (actual.isEmpty()) {
                return Kind.NEW;
            }
            if (!actual.tables().containsKey("schema_version")) {
                throw refused(file, "it has tables " + String.join(", ", actual.tables().keySet())
                        + " and no schema_version" + (ours ? "" : " (application_id 0): it is not a PaperBot database"));
            }
            int version = intQuery(c, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
            if (version > migrations.size()) {
                throw new StoreException("database " + file + " has schema version " + version + ", newer than this PaperBot"
                        + " knows (" + migrations.size() + "): run a newer PaperBot or use another data directory");
            }
            Schema expected = Schema.expected(migrations, version);
            Set<String> extra = actual.extraTables(expected);
            if (!ours && !extra.isEmpty()) {
                throw refused(file, "it has tables that are not PaperBot's: " + String.join(", ", extra)
                        + " (application_id 0)");
            }
            List<String> differences = actual.differencesFrom(expected);
            if (!differences.isEmpty()) {
                throw refused(file, "its schema_version says " + version + " but " + String.join("; ", differences));
            }
            return ours ? Kind.OURS : Kind.LEGACY;
        } catch (SQLException e) {
            throw refused(file, "SQLite cannot read it: " + e.getMessage());
        }
    }

    private static void refuseForeign(Path file, int applicationId) {
        if (applicationId != 0 && applicationId != Database.APPLICATION_ID) {
            throw refused(file, "it belongs to another application (application_id " + hex(applicationId)
                    + ", PaperBot's is " + hex(Database.APPLICATION_ID) + ")");
        }
    }

    static StoreException refused(Path file, String why) {
        return new StoreException("refusing database " + file + ": " + why + ". PaperBot left the file untouched; move it"
                + " away or give PAPERBOT_DATA_DIR another directory");
    }

    static String hex(int id) {
        return String.format("0x%08x", id);
    }

    private static int intQuery(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
