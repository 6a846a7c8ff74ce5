package org.paperbot.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Migration 10 turns the wide delivery rows into compact ones and keeps what is still needed of each. */
class CompactDeliveriesUpgradeTest {
    static final LocalDate MAY_10 = LocalDate.of(2026, 5, 10);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-10T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Chats 1–4 at version 9: sent yesterday and today, in flight, failed and retryable, failed for good. */
    private Path version9() {
        Path file = dir.resolve("paperbot.db");
        try (Database old = OldSchema.before(file, 10)) {
            old.transaction(c -> {
                try (var s = c.createStatement()) {
                    for (int chat = 1; chat <= 4; chat++) {
                        s.executeUpdate("INSERT INTO subscription (chat_id, active, send_time, zone, created_at, updated_at, "
                                + "next_due, last_sent_date) VALUES (" + chat + ", 1, '09:00', 'Europe/Moscow', 'x', 'x', 0, "
                                + (chat == 1 ? "'2026-05-10'" : "'2026-05-09'") + ")");
                    }
                    s.executeUpdate("INSERT INTO delivery (chat_id, local_date, paper_id, state, attempts, last_error, "
                            + "message_id, claimed_at, sent_at, updated_at) VALUES "
                            + "(1, '2026-05-09', 'p9', 'sent', 1, NULL, 41, '2026-05-09T06:00:00Z', '2026-05-09T06:00:01Z', "
                            + "'2026-05-09T06:00:01Z'), "
                            + "(1, '2026-05-10', 'p10', 'sent', 2, NULL, 42, '2026-05-10T06:00:00Z', "
                            + "'2026-05-10T06:00:02.123456Z', '2026-05-10T06:00:02.123456Z'), "
                            + "(2, '2026-05-10', 'p10', 'sending', 1, NULL, NULL, '2026-05-10T06:00:00Z', NULL, "
                            + "'2026-05-10T06:00:00Z'), "
                            + "(3, '2026-05-10', 'p10', 'failed', 2, 'TRANSIENT 502', NULL, '2026-05-10T06:00:00Z', NULL, "
                            + "'2026-05-10T06:05:00Z'), "
                            + "(4, '2026-05-10', 'p10', 'failed', 5, 'BAD_REQUEST 400', NULL, '2026-05-10T06:00:00Z', NULL, "
                            + "'2026-05-10T06:07:00Z')");
                }
                return null;
            });
        }
        return file;
    }

    @Test
    void everyRowKeepsItsStateAttemptsErrorMessageAndTime() {
        try (Database db = OldSchema.current(version9())) {
            DeliveryStore deliveries = new DeliveryStore(db, CLOCK);

            assertThat(deliveries.find(1, MAY_10.minusDays(1))).contains(new DeliveryStore.Delivery(1, MAY_10.minusDays(1),
                    DeliveryStore.State.SENT, 1, Optional.empty(), Optional.of(41), Optional.of(Instant.parse("2026-05-09T06:00:01Z"))));
            assertThat(deliveries.find(1, MAY_10)).contains(new DeliveryStore.Delivery(1, MAY_10, DeliveryStore.State.SENT, 2,
                    Optional.empty(), Optional.of(42), Optional.of(Instant.parse("2026-05-10T06:00:02Z"))));
            assertThat(deliveries.find(2, MAY_10)).map(DeliveryStore.Delivery::state).contains(DeliveryStore.State.SENDING);
            assertThat(deliveries.find(3, MAY_10)).map(DeliveryStore.Delivery::lastError).contains(Optional.of("TRANSIENT 502"));
            assertThat(deliveries.find(4, MAY_10)).map(DeliveryStore.Delivery::attempts).contains(5);
            assertThat(deliveries.lastSent(1)).contains(MAY_10);
        }
    }

    @Test
    void whatTheRowsDecideStillHoldsAfterTheUpgrade() {
        try (Database db = OldSchema.current(version9())) {
            DeliveryStore deliveries = new DeliveryStore(db, CLOCK);

            assertThat(deliveries.activeAfter(DeliveryStore.Page.START, 10).rows())
                    .extracting(DeliveryStore.Candidate::chatId, DeliveryStore.Candidate::exhausted)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(1L, Optional.empty()),
                            org.assertj.core.groups.Tuple.tuple(2L, Optional.empty()),
                            org.assertj.core.groups.Tuple.tuple(3L, Optional.empty()),
                            org.assertj.core.groups.Tuple.tuple(4L, Optional.of(MAY_10)));
            assertThat(deliveries.claim(1, MAY_10)).as("sent before the upgrade").isFalse();
            assertThat(deliveries.claim(2, MAY_10)).as("in flight when the old version stopped: sent again").isTrue();
            assertThat(deliveries.find(2, MAY_10)).map(DeliveryStore.Delivery::attempts).contains(2);
            assertThat(deliveries.claim(3, MAY_10)).isTrue();
            assertThat(deliveries.find(3, MAY_10)).map(DeliveryStore.Delivery::attempts).contains(3);
        }
    }

    @Test
    void theOldTableAndItsDateIndexAreGoneAndThePaperOfEachDateIsKeptForTheCarryOver() {
        try (Database db = OldSchema.current(version9())) {
            List<String> objects = db.transaction(c -> {
                List<String> out = new ArrayList<>();
                try (var s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE tbl_name LIKE 'deliver%' ORDER BY name")) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            });
            assertThat(objects).contains("delivery", "delivered_paper")
                    .as("no rowid table, no date index, nothing left of the copy")
                    .doesNotContain("delivery_date", "sqlite_autoindex_delivery_1", "delivery_compact");
            java.util.Map<LocalDate, String> delivered = new DailyPickStore(db, CLOCK)
                    .inTransaction(tx -> tx.delivered(MAY_10.minusDays(1), MAY_10));
            assertThat(delivered)
                    .containsEntry(MAY_10.minusDays(1), "p9").containsEntry(MAY_10, "p10").hasSize(2);
        }
    }
}
