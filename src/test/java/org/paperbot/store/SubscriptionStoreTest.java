package org.paperbot.store;

import org.paperbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SubscriptionStoreTest {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    final Database db = TestDatabases.fresh();
    final Clock clock = Clock.fixed(Instant.parse("2026-05-10T06:00:00Z"), ZoneOffset.UTC);
    final SubscriptionStore store = new SubscriptionStore(db, clock, LocalTime.of(9, 0), MOSCOW);
    final DeliveryStore deliveries = new DeliveryStore(db, clock);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aNewChatHasDefaultsAndNoRow() {
        Subscription s = store.settings(5);
        assertThat(s.active()).isFalse();
        assertThat(s.time()).isEqualTo(LocalTime.of(9, 0));
        assertThat(s.zone()).isEqualTo(MOSCOW);
        assertThat(s.inactiveReason()).isEmpty();
        assertThat(store.find(5)).isEmpty();
    }

    @Test
    void subscribeUsesTheDefaultTimeOrTheGivenOne() {
        assertThat(store.subscribe(1, Optional.empty()).time()).isEqualTo(LocalTime.of(9, 0));
        Subscription s = store.subscribe(2, Optional.of(LocalTime.of(8, 30)));
        assertThat(s.active()).isTrue();
        assertThat(s.time()).isEqualTo(LocalTime.of(8, 30));
        assertThat(s.createdAt()).isEqualTo(clock.instant());
    }

    @Test
    void unsubscribeKeepsTheRowWithReasonAndDateAndSubscribeRestoresIt() {
        store.subscribe(1, Optional.of(LocalTime.of(7, 15)));
        assertThat(store.unsubscribe(1)).isTrue();
        assertThat(store.unsubscribe(1)).isFalse();
        Subscription off = store.find(1).orElseThrow();
        assertThat(off.active()).isFalse();
        assertThat(off.inactiveReason()).contains(Subscription.InactiveReason.UNSUBSCRIBED);
        assertThat(off.inactiveSince()).contains(clock.instant());

        Subscription back = store.subscribe(1, Optional.empty());
        assertThat(back.active()).isTrue();
        assertThat(back.time()).as("the time chosen before is kept").isEqualTo(LocalTime.of(7, 15));
        assertThat(back.inactiveReason()).isEmpty();
        assertThat(back.inactiveSince()).isEmpty();
    }

    @Test
    void theZoneCanBeSetBeforeSubscribing() {
        Subscription zoned = store.setZone(3, BERLIN);
        assertThat(zoned.active()).isFalse();
        assertThat(zoned.inactiveReason()).isEmpty();
        assertThat(store.counts()).isEqualTo(new SubscriptionStore.Counts(0, Map.of()));
        Subscription s = store.subscribe(3, Optional.empty());
        assertThat(s.zone()).isEqualTo(BERLIN);
        assertThat(s.time()).isEqualTo(LocalTime.of(9, 0));
    }

    @Test
    void deactivateRecordsTheReasonOnlyForActiveRows() {
        store.subscribe(1, Optional.empty());
        assertThat(store.deactivate(1, Subscription.InactiveReason.FORBIDDEN, "Forbidden: bot was blocked by the user"))
                .isTrue();
        assertThat(store.deactivate(1, Subscription.InactiveReason.CHAT_NOT_FOUND, "x")).isFalse();
        Subscription s = store.find(1).orElseThrow();
        assertThat(s.inactiveReason()).contains(Subscription.InactiveReason.FORBIDDEN);
        assertThat(s.inactiveDetail()).contains("Forbidden: bot was blocked by the user");
        assertThat(store.deactivate(99, Subscription.InactiveReason.FORBIDDEN, "x")).isFalse();
    }

    @Test
    void countsActiveAndInactiveByReason() {
        store.subscribe(1, Optional.empty());
        store.subscribe(2, Optional.empty());
        store.subscribe(3, Optional.empty());
        store.unsubscribe(2);
        store.deactivate(3, Subscription.InactiveReason.FORBIDDEN, null);
        store.setZone(4, BERLIN);
        SubscriptionStore.Counts counts = store.counts();
        assertThat(counts.active()).isEqualTo(1);
        assertThat(counts.inactive()).containsOnly(Map.entry(Subscription.InactiveReason.UNSUBSCRIBED, 1),
                Map.entry(Subscription.InactiveReason.FORBIDDEN, 1));
        assertThat(counts.inactiveTotal()).isEqualTo(2);
        assertThat(List.of(1L, 2L, 3L, 4L)).filteredOn(id -> store.find(id).orElseThrow().active()).containsExactly(1L);
    }

    @Test
    void migrateMovesTheSubscriptionAndItsDeliveries() {
        LocalDate today = LocalDate.of(2026, 5, 10);
        store.subscribe(-100, Optional.of(LocalTime.of(8, 0)));
        store.setZone(-100, BERLIN);
        assertThat(deliveries.claim(-100, today)).isTrue();

        store.migrate(-100, -1001);

        assertThat(store.find(-100)).isEmpty();
        Subscription moved = store.find(-1001).orElseThrow();
        assertThat(moved.active()).isTrue();
        assertThat(moved.time()).isEqualTo(LocalTime.of(8, 0));
        assertThat(moved.zone()).isEqualTo(BERLIN);
        assertThat(deliveries.find(-1001, today)).map(DeliveryStore.Delivery::state).contains(DeliveryStore.State.SENDING);
    }

    @Test
    void migrateOntoAnExistingChatKeepsItsSettingsAndLeavesTheOldRowInactive() {
        LocalDate today = LocalDate.of(2026, 5, 10);
        store.subscribe(-100, Optional.of(LocalTime.of(8, 0)));
        deliveries.claim(-100, today);
        deliveries.markSent(-100, today, 42);
        store.setZone(-1001, BERLIN); // set in the supergroup before the move was noticed; not subscribed there

        store.migrate(-100, -1001);

        Subscription target = store.find(-1001).orElseThrow();
        assertThat(target.active()).as("re-activated by the old active subscription").isTrue();
        assertThat(target.time()).isEqualTo(LocalTime.of(8, 0));
        Subscription old = store.find(-100).orElseThrow();
        assertThat(old.active()).isFalse();
        assertThat(old.inactiveReason()).contains(Subscription.InactiveReason.MIGRATED);
        assertThat(old.inactiveDetail()).contains("-1001");
        assertThat(deliveries.lastSent(-1001)).as("today's card is not sent again").contains(today);
        assertThat(deliveries.find(-100, today)).isEmpty();
    }

    @Test
    void migrateOfAnUnknownChatDoesNothing() {
        store.migrate(-1, -2);
        assertThat(store.find(-2)).isEmpty();
    }
}
