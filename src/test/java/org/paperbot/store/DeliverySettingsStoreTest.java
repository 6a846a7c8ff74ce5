package org.paperbot.store;

import org.paperbot.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeliverySettingsStoreTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-10T04:00:00Z"), ZoneOffset.UTC);
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    static final LocalDate MAY_17 = LocalDate.of(2026, 5, 17);

    @TempDir
    Path dir;

    @Test
    void subscriptionsFromBeforeTheMigrationKeepWorkingWithTheDefaults() {
        Path file = dir.resolve("paperbot.db");
        try (Database old = SqliteDatabase.open(file, Migrations.ALL.subList(0, Migrations.ALL.indexOf(Migrations.DELIVERY_SETTINGS)))) {
            // Written as that version's code wrote it: today's code writes columns the old schema lacks.
            old.transaction(c -> {
                try (var s = c.createStatement()) {
                    return s.executeUpdate("INSERT INTO subscription (chat_id, active, send_time, zone, created_at, "
                            + "updated_at) VALUES (1, 1, '08:30', 'Europe/Moscow', '" + CLOCK.instant() + "', '"
                            + CLOCK.instant() + "')");
                }
            });
        }
        try (Database db = SqliteDatabase.open(file, Migrations.ALL)) {
            assertThat(new DeliverySettingsStore(db, CLOCK).get(1)).isEqualTo(DeliverySettings.DEFAULTS);
            assertThat(new DeliveryStore(db, CLOCK).activeAfter(DeliveryStore.Page.START, 1_000).rows()).singleElement()
                    .satisfies(c -> assertThat(c.time()).isEqualTo(LocalTime.of(8, 30)))
                    .satisfies(c -> assertThat(c.settings()).isEqualTo(DeliverySettings.DEFAULTS));
        }
    }

    @Test
    void settingsSurviveReopeningAndReachTheScheduler() {
        Path file = dir.resolve("paperbot.db");
        DeliverySettings chosen = new DeliverySettings(true, true, Optional.of(MAY_17));
        try (Database db = SqliteDatabase.open(file, Migrations.ALL)) {
            new SubscriptionStore(db, CLOCK, LocalTime.of(9, 0), MOSCOW).subscribe(1, Optional.empty());
            assertThat(new DeliverySettingsStore(db, CLOCK).set(1, chosen)).isTrue();
        }
        try (Database db = SqliteDatabase.open(file, Migrations.ALL)) {
            assertThat(new DeliverySettingsStore(db, CLOCK).get(1)).isEqualTo(chosen);
            assertThat(new DeliveryStore(db, CLOCK).activeAfter(DeliveryStore.Page.START, 1_000).rows()).singleElement()
                    .satisfies(c -> assertThat(c.settings()).isEqualTo(chosen));
            assertThat(new DeliverySettingsStore(db, CLOCK).set(1, chosen.withResumeOn(Optional.empty()))).isTrue();
            assertThat(new DeliverySettingsStore(db, CLOCK).get(1).resumeOn()).isEmpty();
        }
    }

    @Test
    void aChatWithoutSubscriptionHasTheDefaultsAndCannotChangeThem() {
        try (Database db = TestDatabases.fresh()) {
            DeliverySettingsStore store = new DeliverySettingsStore(db, CLOCK);
            assertThat(store.set(5, DeliverySettings.DEFAULTS.withSilent(true))).isFalse();
            assertThat(store.get(5)).isEqualTo(DeliverySettings.DEFAULTS);
        }
    }

    @Test
    void unsubscribingAndSubscribingAgainKeepsTheSettings() {
        try (Database db = TestDatabases.fresh()) {
            SubscriptionStore subscriptions = new SubscriptionStore(db, CLOCK, LocalTime.of(9, 0), MOSCOW);
            DeliverySettingsStore store = new DeliverySettingsStore(db, CLOCK);
            subscriptions.subscribe(1, Optional.empty());
            store.set(1, DeliverySettings.DEFAULTS.withSilent(true).withWeekdaysOnly(true));
            subscriptions.unsubscribe(1);
            subscriptions.subscribe(1, Optional.empty());
            assertThat(store.get(1)).isEqualTo(new DeliverySettings(true, true, Optional.empty()));
        }
    }
}
