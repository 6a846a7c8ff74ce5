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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryStoreTest {
    static final LocalDate MAY_10 = LocalDate.of(2026, 5, 10);
    final Database db = TestDatabases.fresh();
    final Clock clock = Clock.fixed(Instant.parse("2026-05-10T06:00:00Z"), ZoneOffset.UTC);
    final SubscriptionStore subscriptions = new SubscriptionStore(db, clock, LocalTime.of(9, 0), ZoneId.of("Europe/Moscow"));
    final DeliveryStore deliveries = new DeliveryStore(db, clock);

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void claimThenSentIsFinalForTheDate() {
        subscriptions.subscribe(1, Optional.empty());
        assertThat(deliveries.claim(1, MAY_10)).isTrue();
        assertThat(deliveries.find(1, MAY_10).orElseThrow().state()).isEqualTo(DeliveryStore.State.SENDING);
        deliveries.markSent(1, MAY_10, 77);

        DeliveryStore.Delivery d = deliveries.find(1, MAY_10).orElseThrow();
        assertThat(d.state()).isEqualTo(DeliveryStore.State.SENT);
        assertThat(d.messageId()).contains(77);
        assertThat(d.sentAt()).contains(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(deliveries.claim(1, MAY_10)).as("never twice").isFalse();
        assertThat(deliveries.claim(1, MAY_10.minusDays(1))).as("nor an earlier date").isFalse();
        assertThat(deliveries.claim(1, MAY_10.plusDays(1))).isTrue();
    }

    @Test
    void aLeftoverSendingRowCanBeClaimedAgain() {
        subscriptions.subscribe(1, Optional.empty());
        deliveries.claim(1, MAY_10);
        // the process died here
        assertThat(deliveries.claim(1, MAY_10)).isTrue();
        assertThat(deliveries.find(1, MAY_10).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void inactiveOrUnknownChatsCannotBeClaimed() {
        assertThat(deliveries.claim(9, MAY_10)).isFalse();
        subscriptions.subscribe(1, Optional.empty());
        subscriptions.unsubscribe(1);
        assertThat(deliveries.claim(1, MAY_10)).isFalse();
    }

    @Test
    void failuresAreRetryableUntilExhausted() {
        subscriptions.subscribe(1, Optional.empty());
        subscriptions.subscribe(2, Optional.empty());
        deliveries.claim(1, MAY_10);
        deliveries.markFailed(1, MAY_10, "TRANSIENT 502", true);
        deliveries.claim(2, MAY_10);
        deliveries.markFailed(2, MAY_10, "BAD_REQUEST 400", false);

        assertThat(deliveries.find(1, MAY_10).orElseThrow().lastError()).contains("TRANSIENT 502");
        assertThat(active()).extracting(DeliveryStore.Candidate::chatId, DeliveryStore.Candidate::exhausted)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, Optional.empty()),
                        org.assertj.core.groups.Tuple.tuple(2L, Optional.of(MAY_10)));
        for (int i = 1; i < DeliveryStore.MAX_ATTEMPTS; i++) {
            deliveries.claim(1, MAY_10);
            deliveries.markFailed(1, MAY_10, "TRANSIENT 502", true);
        }
        assertThat(active().get(0).exhausted()).contains(MAY_10);
        assertThat(deliveries.inState(DeliveryStore.State.FAILED)).hasSize(2);
    }

    /** Every active subscription, a page of 100. */
    private java.util.List<DeliveryStore.Candidate> active() {
        return deliveries.activeAfter(DeliveryStore.Page.START, 100).rows();
    }

    @Test
    void activeSubscriptionsComeInPagesByChatIdWithTheirLastSentDate() {
        subscriptions.subscribe(1, Optional.of(LocalTime.of(7, 0)));
        subscriptions.subscribe(2, Optional.of(LocalTime.of(6, 0)));
        subscriptions.subscribe(3, Optional.empty());
        subscriptions.unsubscribe(3);
        deliveries.claim(1, MAY_10.minusDays(1));
        deliveries.markSent(1, MAY_10.minusDays(1), 1);
        deliveries.claim(1, MAY_10); // in flight: not sent yet

        DeliveryStore.Page first = deliveries.activeAfter(DeliveryStore.Page.START, 1);
        DeliveryStore.Page second = deliveries.activeAfter(first, 1);
        assertThat(first.rows()).containsExactly(
                new DeliveryStore.Candidate(1, LocalTime.of(7, 0), ZoneId.of("Europe/Moscow"), Optional.of(MAY_10.minusDays(1)),
                        Optional.empty(), DeliverySettings.DEFAULTS));
        assertThat(second.rows()).containsExactly(
                new DeliveryStore.Candidate(2, LocalTime.of(6, 0), ZoneId.of("Europe/Moscow"), Optional.empty(), Optional.empty(),
                        DeliverySettings.DEFAULTS));
        assertThat(deliveries.activeAfter(second, 1).rows()).isEmpty();
    }

    @Test
    void pruneForgetsOldRows() {
        subscriptions.subscribe(1, Optional.empty());
        deliveries.claim(1, MAY_10.minusDays(60));
        deliveries.claim(1, MAY_10);
        assertThat(deliveries.pruneBefore(MAY_10.minusDays(45))).isEqualTo(1);
        assertThat(deliveries.find(1, MAY_10)).isPresent();
    }
}
