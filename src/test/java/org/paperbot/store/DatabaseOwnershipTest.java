package org.paperbot.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files that are not PaperBot's are refused untouched at open; PaperBot's own, old or new, are used and marked. */
class DatabaseOwnershipTest {
    @TempDir
    Path dir;

    Path file() {
        return dir.resolve(Database.FILE_NAME);
    }

    /** Runs statements on {@code file} with a plain connection, as another program (or an older PaperBot) would. */
    static void sqlite(Path file, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    Set<String> filesInDir() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    /** Opening must fail with a message naming the file and {@code found}, leaving the file byte for byte as it was. */
    void assertRefusedUntouched(String... found) throws Exception {
        byte[] before = Files.readAllBytes(file());
        Set<String> filesBefore = filesInDir();
        assertThatThrownBy(() -> Database.open(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContainingAll(found);
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
        assertThat(filesInDir()).as("no -wal, -shm or -journal created beside it")
                .isSubsetOf(union(filesBefore, "paperbot.lock"));
    }

    static Set<String> union(Set<String> a, String b) {
        return Stream.concat(a.stream(), Stream.of(b)).collect(Collectors.toSet());
    }

    static int headerApplicationId(Path file) throws Exception {
        byte[] header = Files.readAllBytes(file);
        return ByteBuffer.wrap(header, 68, 4).getInt();
    }

    @Test
    void anotherApplicationsIdIsRefusedUntouched() throws Exception {
        sqlite(file(), "PRAGMA application_id = 305419896", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)",
                "INSERT INTO notes (text) VALUES ('not yours')");
        assertRefusedUntouched("another application", "0x12345678", "untouched");
    }

    @Test
    void anSqliteFileWithOtherTablesAndNoApplicationIdIsRefusedUntouched() throws Exception {
        sqlite(file(), "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)", "CREATE TABLE tags (name TEXT)");
        assertRefusedUntouched("notes", "tags", "not a PaperBot database");
    }

    @Test
    void aPaperBotLookalikeWithAnExtraTableOfAnotherProgramIsRefusedUntouched() throws Exception {
        try (Database db = Database.open(dir)) {
            assertThat(db.schemaVersion()).isEqualTo(Migrations.ALL.size());
        }
        sqlite(file(), "PRAGMA application_id = 0", "CREATE TABLE invoices (id INTEGER)");
        assertRefusedUntouched("invoices", "not PaperBot's");
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedUntouched() throws Exception {
        Files.writeString(file(), "name,chat\nalice,1\n".repeat(20));
        assertRefusedUntouched("not an SQLite database");
    }

    @Test
    void aSchemaVersionOverAWrongSchemaIsRefusedNamingTheMissingColumn() throws Exception {
        createLegacy(file());
        sqlite(file(), "ALTER TABLE delivery DROP COLUMN state");
        assertRefusedUntouched("schema_version says 4", "column delivery.state is missing");
    }

    @Test
    void aSchemaVersionOverAWrongSchemaIsRefusedNamingTheMissingTable() throws Exception {
        createLegacy(file());
        sqlite(file(), "DROP TABLE broadcast_run");
        assertRefusedUntouched("schema_version says 4", "table broadcast_run is missing");
    }

    @Test
    void aColumnOfTheWrongTypeIsNamed() throws Exception {
        createLegacy(file());
        sqlite(file(), "DROP TABLE health_check", "CREATE TABLE health_check (id INTEGER PRIMARY KEY, checked_at INTEGER)");
        assertRefusedUntouched("column health_check.checked_at is INTEGER, not TEXT");
    }

    @Test
    void aPaperBotDatabaseFromBeforeTheApplicationIdIsAdoptedMarkedAndKeepsItsRows() throws Exception {
        createLegacy(file());
        sqlite(file(), "INSERT INTO subscription (chat_id, active, send_time, zone, created_at, updated_at) "
                + "VALUES (5, 1, '07:30', 'Europe/Berlin', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
        try (Database db = Database.open(dir)) {
            assertThat(new SubscriptionStore(db, java.time.Clock.systemUTC(), java.time.LocalTime.NOON,
                    java.time.ZoneOffset.UTC).find(5).orElseThrow().zone().getId()).isEqualTo("Europe/Berlin");
            assertThat(DatabaseTest.count(db, "PRAGMA application_id")).isEqualTo(Database.APPLICATION_ID);
            assertThat(headerApplicationId(file())).as("in the file itself, not only in its -wal")
                    .isEqualTo(Database.APPLICATION_ID);
            assertThat(db.check()).isNull();
        }
        try (Database again = Database.open(dir)) {
            assertThat(DatabaseTest.count(again, "SELECT COUNT(*) FROM subscription")).isEqualTo(1);
        }
    }

    @Test
    void anOlderPaperBotSchemaWithoutTheApplicationIdIsAdoptedAndUpgraded() throws Exception {
        sqlite(file(), Schema.VERSION_TABLE);
        sqlite(file(), Migrations.SUBSCRIPTIONS.statements().toArray(String[]::new));
        sqlite(file(), "INSERT INTO schema_version VALUES (1, 'subscriptions', 'x')");
        try (Database db = Database.open(dir)) {
            assertThat(db.schemaVersion()).isEqualTo(Migrations.ALL.size());
            assertThat(DatabaseTest.count(db, "PRAGMA application_id")).isEqualTo(Database.APPLICATION_ID);
        }
    }

    @Test
    void anEmptySqliteFileIsTakenAndMarked() throws Exception {
        sqlite(file(), "PRAGMA user_version = 0");
        try (Database db = Database.open(dir)) {
            assertThat(db.schemaVersion()).isEqualTo(Migrations.ALL.size());
        }
        assertThat(headerApplicationId(file())).isEqualTo(Database.APPLICATION_ID);
    }

    @Test
    void aNewDatabaseCarriesTheApplicationIdInItsHeader() throws Exception {
        try (Database db = Database.open(dir)) {
            assertThat(headerApplicationId(file())).isEqualTo(Database.APPLICATION_ID);
        }
    }

    @Test
    void ourOwnDatabaseMayCarryAnExtraTable() throws Exception {
        try (Database db = Database.open(dir)) {
            DatabaseTest.exec(db, "CREATE TABLE operator_notes (text TEXT)");
        }
        try (Database db = Database.open(dir)) {
            assertThat(db.schemaVersion()).isEqualTo(Migrations.ALL.size());
        }
    }

    @Test
    void aDataDirectoryWhoseNameNeedsEscapingIsInspectedAndReopened() throws Exception {
        Path odd = dir.resolve("my data #1 ?x=%20");
        try (Database db = Database.open(odd)) {
            DatabaseTest.exec(db, "INSERT INTO broadcast_run (trigger, started_at, finished_at, planned, sent, failed, "
                    + "deactivated, migrated, rate_limited, completed) VALUES ('push', 'a', 'b', 1, 1, 0, 0, 0, 0, 1)");
        }
        try (Database db = Database.open(odd)) {
            assertThat(DatabaseTest.count(db, "SELECT COUNT(*) FROM broadcast_run")).isEqualTo(1);
        }
    }

    @Test
    void theExpectedSchemaIsWhatTheMigrationsCreate() {
        Schema v2 = Schema.expected(Migrations.ALL, 2);
        assertThat(v2.tables().keySet()).containsExactlyInAnyOrder("schema_version", "subscription", "delivery");
        assertThat(v2.tables().get("delivery")).containsEntry("state", "text").containsEntry("attempts", "integer");
        assertThat(Schema.expected(Migrations.ALL, 0).tables().keySet()).containsExactly("schema_version");
    }

    @Test
    void anInterruptedRestoreStopsTheStartWithInstructions() throws Exception {
        try (Database db = Database.open(dir)) {
            assertThat(db.schemaVersion()).isPositive();
        }
        Path restoring = dir.resolve("paperbot.db.restoring");
        Files.move(file(), restoring);
        assertThatThrownBy(() -> Database.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining(restoring.toString()).hasMessageContaining("interrupted");
        assertThat(Files.exists(file())).as("no empty database created in its place").isFalse();
    }

    /** A database as PaperBot wrote it before the application id: schema version 4, id 0, WAL. */
    static void createLegacy(Path file) throws SQLException {
        List<String> all = new java.util.ArrayList<>(List.of("PRAGMA journal_mode = WAL", Schema.VERSION_TABLE));
        for (Migration m : Migrations.ALL.subList(0, 4)) {
            all.addAll(m.statements());
            all.add("INSERT INTO schema_version VALUES (" + m.version() + ", '" + m.description() + "', 'x')");
        }
        sqlite(file, all.toArray(String[]::new));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA application_id")) {
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
