package org.paperbot.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A full disk (SQLITE_FULL) against the real store: what fails writes nothing, what succeeds is saved, and once space
 * is free again the same store works without a restart. Every outcome is checked again in a freshly opened database.
 */
class DiskFullRecoveryTest {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    /** Fixed, so rewritten rows keep their size: whether a row fits must not depend on the clock's digits. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-10T04:00:00Z"), ZoneOffset.UTC);
    static final long EXISTING = 1;
    static final long NEWCOMER = 9_000_000;

    @TempDir
    Path dir;
    final FullDisk disk = new FullDisk();
    Database db;
    SubscriptionStore store;

    @BeforeEach
    void openAndFill() {
        db = disk.open(dir);
        store = store(db);
        store.subscribe(EXISTING, Optional.of(LocalTime.of(8, 0)));
        assertThat(disk.fill(db, store)).as("chats that fitted before the disk was full").isPositive();
    }

    @AfterEach
    void close() {
        db.close();
    }

    static SubscriptionStore store(Database db) {
        return new SubscriptionStore(db, CLOCK, LocalTime.of(9, 0), MOSCOW);
    }

    /** What is in the file for {@code chatId}, seen by a database opened afresh after closing this one. */
    Optional<Subscription> afterReopen(long chatId) {
        db.close();
        try (Database reopened = Database.open(dir)) {
            return store(reopened).find(chatId);
        }
    }

    @Test
    void aSubscriptionThatDoesNotFitFailsAndLeavesNothingBehindEvenWhenTried() {
        assertThatThrownBy(() -> store.subscribe(NEWCOMER, Optional.empty()))
                .isInstanceOf(StoreException.class).hasMessageContaining("SQLITE_FULL");
        assertThatThrownBy(() -> store.subscribe(NEWCOMER, Optional.empty()))
                .as("still full: the store does not pretend").isInstanceOf(StoreException.class);
        assertThat(store.find(NEWCOMER)).isEmpty();
        assertThat(afterReopen(NEWCOMER)).isEmpty();
    }

    @Test
    void afterAFailureOnAFullDiskAChangeThatFitsIsSavedAndReportedSaved() {
        assertThatThrownBy(() -> store.subscribe(NEWCOMER, Optional.empty())).isInstanceOf(StoreException.class);
        // A shorter zone name is rewritten in place: it needs no new page, so it must succeed, and truly.
        assertThat(store.setZone(EXISTING, TOKYO).zone()).isEqualTo(TOKYO);
        assertThat(afterReopen(EXISTING).orElseThrow().zone()).isEqualTo(TOKYO);
    }

    @Test
    void anUnsubscribeOnAFullDiskIsEitherSavedAndReportedOrFailsWithNothingWritten() {
        assertThatThrownBy(() -> store.subscribe(NEWCOMER, Optional.empty())).isInstanceOf(StoreException.class);
        boolean reportedSaved;
        try {
            reportedSaved = store.unsubscribe(EXISTING);
        } catch (StoreException e) {
            reportedSaved = false;
        }
        boolean saved = !afterReopen(EXISTING).orElseThrow().active();
        assertThat(saved).as("what the user is told matches the file").isEqualTo(reportedSaved);
    }

    @Test
    void afterSqliteRolledBackOnItsOwnTheNextTransactionIsStillOneTransaction() {
        // SQLite ends the transaction itself on SQLITE_FULL; the store must not go on without one.
        assertThatThrownBy(() -> store.subscribe(NEWCOMER, Optional.empty())).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE subscription SET zone = 'UTC' WHERE chat_id = ?")) {
                p.setLong(1, EXISTING);
                p.executeUpdate();
            }
            throw new IllegalStateException("the operation fails after its first statement");
        })).isInstanceOf(StoreException.class);
        assertThat(store.find(EXISTING).orElseThrow().zone()).isEqualTo(MOSCOW);
        assertThat(afterReopen(EXISTING).orElseThrow().zone()).as("nothing committed on its own")
                .isEqualTo(MOSCOW);
    }

    @Test
    void onceSpaceIsFreeTheSameStoreWorksWithoutARestart() {
        assertThatThrownBy(() -> store.subscribe(NEWCOMER, Optional.empty())).isInstanceOf(StoreException.class);
        disk.free(db);
        assertThat(store.subscribe(NEWCOMER, Optional.empty()).active()).isTrue();
        assertThat(store.unsubscribe(EXISTING)).isTrue();
        DeliveryStore deliveries = new DeliveryStore(db, CLOCK);
        assertThat(deliveries.claim(NEWCOMER, LocalDate.of(2026, 5, 10))).isTrue();
        db.close();
        try (Database reopened = Database.open(dir)) {
            SubscriptionStore s = store(reopened);
            assertThat(s.find(NEWCOMER).orElseThrow().active()).isTrue();
            assertThat(s.find(EXISTING).orElseThrow().active()).isFalse();
            assertThat(new DeliveryStore(reopened, CLOCK).find(NEWCOMER, LocalDate.of(2026, 5, 10))).isPresent();
        }
    }

    @Test
    void theHealthProblemNamesTheFullDiskForAMinuteAfterTheLastFailure() {
        db.close();
        AtomicLong nanos = new AtomicLong();
        db = disk.open(dir, nanos::get);
        store = store(db);
        assertThatThrownBy(() -> store.subscribe(NEWCOMER, Optional.empty())).isInstanceOf(StoreException.class);
        assertThat(db.problem()).contains("SQLITE_FULL");
        disk.free(db);
        assertThat(store.subscribe(NEWCOMER, Optional.empty()).active()).isTrue();
        nanos.addAndGet(SqliteDatabase.INCIDENT_REPORTED_FOR.minusSeconds(1).toNanos());
        assertThat(db.problem()).as("still within the minute").contains("SQLITE_FULL");
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(db.problem()).isNull();
    }
}
