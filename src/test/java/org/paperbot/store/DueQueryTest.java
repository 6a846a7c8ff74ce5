package org.paperbot.store;

import org.paperbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A tick reads the subscriptions whose due instant has come, through the index, page by page, and nothing else. */
class DueQueryTest {
    static final Instant NOW = Instant.parse("2026-05-10T06:00:00Z");
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    final Database db = TestDatabases.fresh();
    final DeliveryStore deliveries = new DeliveryStore(db, Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void tenThousandSubscriptionsNotDueAreNotRead() {
        seed(1, 10_000, NOW.plusSeconds(60), 1);
        seed(20_001, 3, NOW.minusSeconds(60), 1);
        seed(30_001, 5, NOW.minusSeconds(600), 0); // inactive rows keep whatever they had: never read
        new SubscriptionStore(db, Clock.fixed(NOW, ZoneOffset.UTC), LocalTime.of(9, 0), MOSCOW)
                .subscribe(40_000, Optional.of(LocalTime.of(9, 0))); // 09:00 Moscow: due exactly now

        DeliveryStore.Page page = deliveries.dueBy(NOW, DeliveryStore.Page.START, 100_000);

        assertThat(page.rows()).extracting(DeliveryStore.Candidate::chatId)
                .containsExactly(20_001L, 20_002L, 20_003L, 40_000L);
    }

    @Test
    void theDueQueryUsesThePartialIndexNotAScan() {
        // SQLite's plan; PostgreSQL's planner chooses by its statistics, which an almost empty test table does not have.
        org.junit.jupiter.api.Assumptions.assumeFalse(TestDatabases.postgres(), "SQLite's query plan");
        List<String> plan = db.transaction(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("EXPLAIN QUERY PLAN " + DeliveryStore.DUE_QUERY)) {
                for (int i = 1; i <= 6; i++) {
                    p.setLong(i, 1);
                }
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString("detail"));
                    }
                }
            }
            return out;
        });
        assertThat(plan).anySatisfy(step -> assertThat(step).contains("INDEX subscription_due"))
                .noneSatisfy(step -> assertThat(step).contains("TEMP B-TREE"));
    }

    @Test
    void pagesFollowOneAnotherWithoutRepeatingOrSkippingRows() {
        seed(1, 25, NOW.minusSeconds(5), 1);
        seed(101, 25, NOW.minusSeconds(10), 1);

        List<Long> read = new ArrayList<>();
        DeliveryStore.Page page = DeliveryStore.Page.START;
        do {
            page = deliveries.dueBy(NOW, page, 7);
            page.rows().forEach(r -> read.add(r.chatId()));
        } while (page.rows().size() == 7);

        List<Long> expected = new ArrayList<>();
        for (long id = 101; id <= 125; id++) {
            expected.add(id);
        }
        for (long id = 1; id <= 25; id++) {
            expected.add(id);
        }
        assertThat(read).containsExactlyElementsOf(expected);
    }

    private void seed(long firstChat, int n, Instant due, int active) {
        db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO subscription (chat_id, active, send_time, zone, "
                    + "created_at, updated_at, next_due) VALUES (?, ?, '09:00', 'Europe/Moscow', 'x', 'x', ?)")) {
                for (long chat = firstChat; chat < firstChat + n; chat++) {
                    p.setLong(1, chat);
                    p.setInt(2, active);
                    p.setLong(3, due.toEpochMilli());
                    p.addBatch();
                }
                p.executeBatch();
            }
            return null;
        });
    }
}
