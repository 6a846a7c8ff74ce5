package org.paperbot.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void createsTheDataDirectoryAndAppliesAllMigrations() {
        Path data = dir.resolve("nested/data");
        try (Database db = Database.open(data)) {
            assertThat(Files.isRegularFile(data.resolve(Database.FILE_NAME))).isTrue();
            assertThat(db.schemaVersion()).isEqualTo(Migrations.ALL.size());
            assertThat(pragma(db, "journal_mode")).isEqualToIgnoringCase("wal");
            assertThat(pragma(db, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(db, "busy_timeout")).isEqualTo(String.valueOf(SqliteDatabase.BUSY_TIMEOUT_MS));
        }
    }

    @Test
    void reopeningAppliesNothingTwiceAndKeepsData() {
        try (Database db = Database.open(dir)) {
            exec(db, "INSERT INTO subscription (chat_id, active, send_time, zone, created_at, updated_at) "
                    + "VALUES (1, 1, '09:00', 'Europe/Moscow', 'x', 'x')");
        }
        try (Database db = Database.open(dir)) {
            assertThat(db.schemaVersion()).isEqualTo(Migrations.ALL.size());
            assertThat(count(db, "SELECT COUNT(*) FROM schema_version")).isEqualTo(Migrations.ALL.size());
            assertThat(count(db, "SELECT COUNT(*) FROM subscription")).isEqualTo(1);
        }
    }

    @Test
    void upgradesAnOlderSchemaInOrderKeepingItsRows() {
        Path file = dir.resolve("old.db");
        try (Database v1 = SqliteDatabase.open(file, List.of(Migrations.SUBSCRIPTIONS))) {
            assertThat(v1.schemaVersion()).isEqualTo(1);
            exec(v1, "INSERT INTO subscription (chat_id, active, send_time, zone, created_at, updated_at) "
                    + "VALUES (7, 1, '08:30', 'Europe/Berlin', 'x', 'x')");
        }
        try (Database latest = SqliteDatabase.open(file, Migrations.ALL)) {
            assertThat(latest.schemaVersion()).isEqualTo(Migrations.ALL.size());
            assertThat(count(latest, "SELECT COUNT(*) FROM subscription WHERE chat_id = 7")).isEqualTo(1);
            exec(latest, "INSERT INTO delivery (chat_id, local_day, state, attempts, changed_at) VALUES (7, 20583, 1, 1, 0)");
            assertThat(count(latest, "SELECT COUNT(*) FROM delivery")).isEqualTo(1);
        }
    }

    @Test
    void refusesASchemaNewerThanItKnows() {
        Path file = dir.resolve("future.db");
        try (Database db = SqliteDatabase.open(file, Migrations.ALL)) {
            exec(db, "INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'from the future', 'x')");
        }
        assertThatThrownBy(() -> SqliteDatabase.open(file, Migrations.ALL))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("newer");
    }

    @Test
    void aFailingMigrationLeavesThePreviousVersion() {
        Path file = dir.resolve("broken.db");
        Migration broken = new Migration(2, "broken", List.of("CREATE TABLE ok (x INTEGER)", "THIS IS NOT SQL"));
        assertThatThrownBy(() -> SqliteDatabase.open(file, List.of(Migrations.SUBSCRIPTIONS, broken)))
                .isInstanceOf(StoreException.class);
        try (Database db = SqliteDatabase.open(file, List.of(Migrations.SUBSCRIPTIONS))) {
            assertThat(db.schemaVersion()).isEqualTo(1);
            assertThat(count(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'ok'")).isZero();
        }
    }

    @Test
    void foreignKeysAreEnforced() {
        try (Database db = Database.inMemory()) {
            assertThatThrownBy(() -> exec(db, "INSERT INTO delivery (chat_id, local_date, state, updated_at) "
                    + "VALUES (404, '2026-05-10', 'sent', 'x')")).isInstanceOf(StoreException.class);
        }
    }

    @Test
    void aFailedTransactionIsRolledBack() {
        try (Database db = Database.inMemory()) {
            assertThatThrownBy(() -> db.transaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO subscription (chat_id, active, send_time, zone, created_at, updated_at) "
                            + "VALUES (1, 1, '09:00', 'UTC', 'x', 'x')");
                }
                throw new IllegalStateException("boom");
            })).isInstanceOf(StoreException.class);
            assertThat(count(db, "SELECT COUNT(*) FROM subscription")).isZero();
        }
    }

    @Test
    void aClosedDatabaseFailsClearly() {
        Database db = Database.inMemory();
        db.close();
        db.close();
        assertThatThrownBy(db::schemaVersion).isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }

    @Test
    void anUnusableDataDirectoryIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> Database.open(file.resolve("data")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("not-a-dir");
    }

    static void exec(Database db, String sql) {
        db.transaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate(sql);
            }
        });
    }

    static int count(Database db, String sql) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static String pragma(Database db, String name) {
        return db.transaction(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    @Test
    void aSecondOpenOfTheSameDataDirectoryIsRefusedUntilTheFirstCloses() {
        Database first = Database.open(dir);
        assertThatThrownBy(() -> Database.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("already open");
        first.close();
        Database again = Database.open(dir);
        again.close();
    }

    @Test
    void aSecondProcessIsRefused() throws Exception {
        try (Database db = Database.open(dir)) {
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process other = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    "org.paperbot.store.DatabaseTest$OpenOnce", dir.toString()).redirectErrorStream(true).start();
            String out = new String(other.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(other.waitFor()).isEqualTo(3);
            assertThat(out).contains("is in use by another PaperBot process");
        }
    }

    @Test
    void aDatabaseLeftByAKilledProcessIsOpenedWithWhatItCommitted() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process writer = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                "org.paperbot.store.DatabaseTest$WriteAndWait", dir.toString()).redirectErrorStream(true).start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(writer.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("committed")) {
            // log lines of the other JVM
        }
        assertThat(line).isEqualTo("committed");
        writer.destroyForcibly().waitFor();
        assertThat(Files.exists(dir.resolve(Database.FILE_NAME + "-wal"))).as("killed: its -wal is left behind").isTrue();
        try (Database db = Database.open(dir)) {
            assertThat(count(db, "SELECT COUNT(*) FROM subscription")).isEqualTo(1);
            assertThat(db.check()).isNull();
        }
    }

    /** Run in a separate JVM by {@link #aDatabaseLeftByAKilledProcessIsOpenedWithWhatItCommitted}: killed while open. */
    static final class WriteAndWait {
        public static void main(String[] args) throws Exception {
            Database db = Database.open(Path.of(args[0]));
            exec(db, "INSERT INTO subscription (chat_id, active, send_time, zone, created_at, updated_at) "
                    + "VALUES (1, 1, '09:00', 'UTC', 'x', 'x')");
            System.out.println("committed");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    /** Run in a separate JVM by {@link #aSecondProcessIsRefused}. */
    static final class OpenOnce {
        public static void main(String[] args) {
            try (Database db = Database.open(Path.of(args[0]))) {
                System.exit(0);
            } catch (StoreException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }

    @Test
    void problemIsNullWhileWritableAndNamesWhatIsWrongOtherwise() {
        Database db = Database.open(dir);
        assertThat(db.problem()).isNull();
        assertThat(count(db, "SELECT COUNT(*) FROM health_check")).as("the probe wrote its row").isEqualTo(1);
        db.close();
        assertThat(db.problem()).as("closed").contains("not writable", "closed");
    }
}
