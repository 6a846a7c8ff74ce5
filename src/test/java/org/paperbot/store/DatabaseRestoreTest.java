package org.paperbot.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.testing.LogCapture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database file deleted, replaced or overwritten under a running store: noticed by the check, reported, and
 * (where the data still exists) restored with nothing lost, checked by opening the directory again.
 */
class DatabaseRestoreTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final LogCapture logs = new LogCapture();
    final AtomicLong nanos = new AtomicLong();
    Database db;
    SubscriptionStore store;

    @BeforeEach
    void open() {
        db = SqliteDatabase.open(dir, SqliteDatabase.OnConnect.NONE, nanos::get);
        store = store(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static SubscriptionStore store(Database db) {
        return new SubscriptionStore(db, Clock.systemUTC(), LocalTime.of(9, 0), ZoneOffset.UTC);
    }

    Path file() {
        return dir.resolve(Database.FILE_NAME);
    }

    /** The chats subscribed in the directory, as a bot started afresh would see them. */
    List<Long> activeAfterRestart() {
        db.close();
        try (Database reopened = Database.open(dir)) {
            return new DeliveryStore(reopened, Clock.systemUTC()).activeAfter(DeliveryStore.Page.START, 1_000).rows().stream()
                    .map(DeliveryStore.Candidate::chatId).toList();
        }
    }

    /** Another program's database, created at {@code path}. */
    static Path foreign(Path path) throws Exception {
        DatabaseOwnershipTest.sqlite(path, "PRAGMA application_id = 305419896", "CREATE TABLE notes (text TEXT)",
                "INSERT INTO notes VALUES ('keep me')");
        return path;
    }

    List<Path> replacedAside() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("paperbot\\.db\\.replaced-\\d{8}T\\d{6}Z")).toList();
        }
    }

    @Test
    void anIntactFileIsNoProblem() {
        store.subscribe(1, Optional.empty());
        assertThat(db.check()).isNull();
        assertThat(db.problem()).isNull();
        assertThat(logs.errors()).isEmpty();
    }

    @Test
    void aDeletedFileIsNoticedReportedAndRestoredWithEverythingWrittenBeforeAndAfter() throws Exception {
        store.subscribe(1, Optional.empty());
        Files.delete(file());
        store.subscribe(2, Optional.empty()); // goes to the deleted file, still open
        assertThat(db.check()).contains("deleted", "restored", "nothing lost");
        assertThat(logs.errors()).anyMatch(line -> line.contains(file().toString()) && line.contains("deleted"));
        assertThat(Files.exists(file())).isTrue();
        assertThat(db.problem()).as("reported to /healthz after the restore").contains("deleted");
        store.subscribe(3, Optional.empty());
        assertThat(activeAfterRestart()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void theIncidentIsReportedForAMinuteThenHealthIsBack() throws Exception {
        Files.delete(file());
        assertThat(db.check()).contains("deleted");
        assertThat(db.check()).as("the file is back").isNull();
        nanos.addAndGet(SqliteDatabase.INCIDENT_REPORTED_FOR.minusSeconds(1).toNanos());
        assertThat(db.problem()).contains("deleted");
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(db.problem()).isNull();
    }

    @Test
    void aFileDeletedSinceTheLastCheckIsRestoredOnClose() throws Exception {
        store.subscribe(1, Optional.empty());
        Files.delete(file());
        store.subscribe(2, Optional.empty());
        assertThat(activeAfterRestart()).containsExactly(1L, 2L);
    }

    @Test
    void theWholeDataDirectoryDeletedIsRestoredToo() throws Exception {
        store.subscribe(1, Optional.empty());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
        store.subscribe(2, Optional.empty());
        assertThat(db.check()).contains("restored");
        assertThat(activeAfterRestart()).containsExactly(1L, 2L);
    }

    @Test
    void aFileReplacedByAnotherIsKeptAsideUntouchedAndOursIsRestored() throws Exception {
        store.subscribe(1, Optional.empty());
        Path stranger = foreign(dir.resolve("other.db"));
        byte[] strangerBytes = Files.readAllBytes(stranger);
        Files.move(stranger, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        store.subscribe(2, Optional.empty()); // into our file, still open: never into the stranger
        assertThat(db.check()).contains("replaced", "restored", "kept as paperbot.db.replaced-");
        assertThat(logs.errors()).anyMatch(line -> line.contains("replaced"));
        assertThat(replacedAside()).singleElement().satisfies(aside ->
                assertThat(Files.readAllBytes(aside)).as("the stranger, byte for byte").isEqualTo(strangerBytes));
        store.subscribe(3, Optional.empty());
        assertThat(activeAfterRestart()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aFileOverwrittenInPlaceIsNeitherWrittenIntoNorClosedIntoAndTheRestartRefusesIt() throws Exception {
        store.subscribe(1, Optional.empty());
        byte[] strangerBytes = Files.readAllBytes(foreign(dir.resolve("other.db")));
        Files.write(file(), strangerBytes); // same file, new content: what cp does
        assertThat(db.check()).contains("overwritten", "stopped using it");
        assertThat(logs.errors()).anyMatch(line -> line.contains("overwritten"));
        assertThatThrownBy(() -> store.subscribe(2, Optional.empty())).isInstanceOf(StoreException.class)
                .hasMessageContaining("overwritten");
        assertThat(db.problem()).contains("overwritten");
        db.close();
        assertThat(Files.readAllBytes(file())).as("nothing checkpointed into it on close").isEqualTo(strangerBytes);
        assertThatThrownBy(() -> Database.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageContaining("another application");
    }

    @Test
    void theWatchRestoresWithoutBeingAsked() throws Exception {
        store.subscribe(1, Optional.empty());
        try (DatabaseWatch watch = DatabaseWatch.start(db, Duration.ofMillis(20))) {
            Files.delete(file());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.exists(file()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(Files.exists(file())).isTrue();
        }
        assertThat(activeAfterRestart()).containsExactly(1L);
    }
}
