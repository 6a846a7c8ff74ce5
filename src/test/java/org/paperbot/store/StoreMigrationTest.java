package org.paperbot.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.catalog.Catalog;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.store.FollowStore.Follow;
import org.paperbot.store.FollowStore.Kind;
import org.paperbot.telegram.UpdateInbox;
import org.paperbot.telegram.UpdateInbox.Entry;
import org.paperbot.testing.PostgresServer;
import org.paperbot.testing.TestPapers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link StoreMigration} from a real SQLite data directory, filled through the bot's own stores, into a real PostgreSQL
 * database: the same stores read the same state back there, and every refusal leaves the target as it was.
 */
class StoreMigrationTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
    static final LocalTime DEFAULT_TIME = LocalTime.of(9, 0);
    static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Moscow");
    /** A supergroup: above 2^31 in magnitude, as chat ids are. */
    static final long GROUP = -1001234567890L;
    static final long PAUSED = 42L;
    static final long GONE = 5_000_000_000L;
    static final long ZONE_ONLY = 77L;
    static final List<Long> CHATS = List.of(GROUP, PAUSED, GONE, ZONE_ONLY);
    static final long READER = 9_100_000_001L;
    static final long OTHER_READER = 31L;
    static final LocalDate YESTERDAY = LocalDate.of(2026, 11, 30);
    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    @TempDir
    Path dir;

    private final List<Database> open = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(db -> {
            if (!db.isClosed()) {
                db.close();
            }
        });
        urls.forEach(url -> PostgresServer.shared().dropDatabase(url));
    }

    private Database sqlite(Path dataDir) {
        Database db = Database.open(dataDir);
        open.add(db);
        return db;
    }

    private Database postgres() {
        PostgresServer server = PostgresServer.shared();
        String url = server.createDatabase();
        urls.add(url);
        Database db = PostgresDatabase.open(url, server.user(), server.password(), 2);
        open.add(db);
        return db;
    }

    private static SubscriptionStore subscriptions(Database db) {
        return new SubscriptionStore(db, CLOCK, DEFAULT_TIME, DEFAULT_ZONE);
    }

    private static Catalog catalog() {
        return TestPapers.realCatalog();
    }

    /** A bot's state of every kind, written as the bot writes it. */
    private static void fill(Database db) {
        SubscriptionStore subs = subscriptions(db);
        DeliverySettingsStore settings = new DeliverySettingsStore(db, CLOCK);
        subs.subscribe(GROUP, Optional.of(LocalTime.of(7, 30)));
        subs.setZone(GROUP, ZoneId.of("Asia/Tokyo"));
        settings.set(GROUP, new DeliverySettings(true, true, Optional.empty()));
        subs.subscribe(PAUSED, Optional.empty());
        settings.set(PAUSED, DeliverySettings.DEFAULTS.withResumeOn(Optional.of(LocalDate.of(2026, 12, 10))));
        subs.subscribe(GONE, Optional.of(LocalTime.of(18, 0)));
        subs.deactivate(GONE, Subscription.InactiveReason.FORBIDDEN, "Forbidden: bot was blocked by the user");
        subs.setZone(ZONE_ONLY, ZoneId.of("America/New_York"));

        DeliveryStore deliveries = new DeliveryStore(db, CLOCK);
        assertThat(deliveries.claim(GROUP, YESTERDAY)).isTrue();
        deliveries.markSent(GROUP, YESTERDAY, 123_456);
        assertThat(deliveries.claim(GROUP, TODAY)).isTrue(); // in flight: stays "sending"
        assertThat(deliveries.claim(PAUSED, YESTERDAY)).isTrue();
        deliveries.markFailed(PAUSED, YESTERDAY, "Too Many Requests: retry after 5", true);

        BroadcastLog log = new BroadcastLog(db);
        for (int i = 1; i <= 3; i++) {
            log.record(new BroadcastLog.Run(i == 3 ? "push" : "scheduled", Instant.parse("2026-11-2" + i + "T06:00:00Z"),
                    Instant.parse("2026-11-2" + i + "T06:01:00Z"), 10 * i, 9 * i, i, 0, 0, 1, i != 2));
        }
        // Ids are kept as they are, gaps included: the run /stats shows is found by id.
        db.transaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("DELETE FROM broadcast_run WHERE id = 2");
            }
        });

        PaperOfTheDay daily = new PaperOfTheDay(new DailyPickStore(db, CLOCK));
        daily.pick(catalog(), YESTERDAY.minusDays(2));
        daily.pick(catalog(), TODAY); // keeps the dates in between too
        db.transaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO delivered_paper (local_date, paper_id) VALUES ('2026-10-01', 'old')");
            }
        });

        ReaderStores readers = ReaderStores.over(db, CLOCK);
        readers.saved().toggle(READER, "MrR3rMxqqv", "press-1");
        readers.saved().toggle(READER, "paper-2", "press-2");
        readers.saved().toggle(OTHER_READER, "paper-3", "press-3");
        readers.votes().press(READER, "MrR3rMxqqv", VoteStore.UP, "press-4");
        readers.votes().press(OTHER_READER, "MrR3rMxqqv", VoteStore.DOWN, "press-5");
        readers.votes().press(OTHER_READER, "paper-2", VoteStore.UP, "press-6");
        readers.feedback().await(READER, "MrR3rMxqqv");
        readers.feedback().save(OTHER_READER, OTHER_READER, "paper-2", "Хорошая статья, но длинно");
        readers.follows().add(GROUP, new Follow(Kind.TOPIC, "nlp", "NLP"), 10);
        readers.follows().add(GROUP, new Follow(Kind.AUTHOR, "vaswani", "Vaswani"), 10);
        readers.follows().add(READER, new Follow(Kind.KEYWORD, "attention", "Attention"), 10);
        // More than one batch of rows.
        readers.follows().firstSeen(IntStream.range(0, 2_345).mapToObj(i -> "seen-" + i).toList());
    }

    /** Row counts of every table, copied or not, read with plain SQL. */
    private static Map<String, Long> counts(Database db) {
        List<String> tables = new ArrayList<>(StoreMigration.COPIED);
        tables.addAll(StoreMigration.NOT_COPIED);
        return db.transaction(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    out.put(table, rs.getLong(1));
                }
            }
            return out;
        });
    }

    private static List<Long> broadcastIds(Database db) {
        return db.transaction(c -> {
            List<Long> ids = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM broadcast_run ORDER BY id")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        });
    }

    private static void execute(Database db, String sql) {
        db.transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    private static void assertCopiedTablesEmpty(Database db) {
        counts(db).forEach((table, rows) -> {
            if (StoreMigration.COPIED.contains(table)) {
                assertThat(rows).as(table).isZero();
            }
        });
    }

    /** What the same stores read from {@code from} they read from {@code to}. */
    private static void assertSameState(Database from, Database to) {
        SubscriptionStore subsFrom = subscriptions(from);
        SubscriptionStore subsTo = subscriptions(to);
        DeliverySettingsStore settingsFrom = new DeliverySettingsStore(from, CLOCK);
        DeliverySettingsStore settingsTo = new DeliverySettingsStore(to, CLOCK);
        DeliveryStore deliveriesFrom = new DeliveryStore(from, CLOCK);
        DeliveryStore deliveriesTo = new DeliveryStore(to, CLOCK);
        for (long chat : CHATS) {
            assertThat(subsTo.find(chat)).as("subscription of %d", chat).isPresent().isEqualTo(subsFrom.find(chat));
            assertThat(settingsTo.get(chat)).as("settings of %d", chat).isEqualTo(settingsFrom.get(chat));
            assertThat(deliveriesTo.lastSent(chat)).as("last sent to %d", chat).isEqualTo(deliveriesFrom.lastSent(chat));
            assertThat(deliveriesTo.nextDue(chat)).as("next due of %d", chat).isEqualTo(deliveriesFrom.nextDue(chat));
            for (LocalDate date : List.of(YESTERDAY, TODAY)) {
                assertThat(deliveriesTo.find(chat, date)).as("delivery to %d on %s", chat, date)
                        .isEqualTo(deliveriesFrom.find(chat, date));
            }
        }
        assertThat(subsTo.counts()).isEqualTo(subsFrom.counts());
        assertThat(deliveriesTo.activeAfter(DeliveryStore.Page.START, 100).rows())
                .isEqualTo(deliveriesFrom.activeAfter(DeliveryStore.Page.START, 100).rows()).hasSize(2);
        assertThat(deliveriesTo.dueBy(Instant.parse("2026-12-31T00:00:00Z"), DeliveryStore.Page.START, 100).rows())
                .isEqualTo(deliveriesFrom.dueBy(Instant.parse("2026-12-31T00:00:00Z"), DeliveryStore.Page.START, 100).rows());
        for (DeliveryStore.State state : DeliveryStore.State.values()) {
            assertThat(deliveriesTo.inState(state)).isEqualTo(deliveriesFrom.inState(state));
        }

        assertThat(new BroadcastLog(to).last()).isPresent().isEqualTo(new BroadcastLog(from).last());

        ReaderStores readersFrom = ReaderStores.over(from, CLOCK);
        ReaderStores readersTo = ReaderStores.over(to, CLOCK);
        for (long user : List.of(READER, OTHER_READER)) {
            assertThat(readersTo.saved().list(user)).isEqualTo(readersFrom.saved().list(user)).isNotEmpty();
            assertThat(readersTo.feedback().pending(user)).isEqualTo(readersFrom.feedback().pending(user));
        }
        assertThat(readersTo.votes().totals()).isEqualTo(readersFrom.votes().totals())
                .isEqualTo(new VoteStore.Totals(2, 1, 2));
        assertThat(readersTo.votes().mostVoted(10)).isEqualTo(readersFrom.votes().mostVoted(10));
        assertThat(readersTo.votes().voteOf(OTHER_READER, "MrR3rMxqqv")).isEqualTo(VoteStore.DOWN);
        assertThat(readersTo.feedback().count()).isEqualTo(1);
        assertThat(readersTo.follows().all()).isEqualTo(readersFrom.follows().all()).containsKeys(GROUP, READER);
        assertThat(readersTo.follows().counts()).isEqualTo(readersFrom.follows().counts());

        DailyPickStore picksFrom = new DailyPickStore(from, CLOCK);
        DailyPickStore picksTo = new DailyPickStore(to, CLOCK);
        assertThat(picksTo.between(YESTERDAY.minusDays(5), TODAY)).isEqualTo(picksFrom.between(YESTERDAY.minusDays(5), TODAY))
                .hasSize(4);
        Map<LocalDate, String> delivered = picksTo.inTransaction(
                tx -> tx.delivered(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 1)));
        assertThat(delivered).containsEntry(LocalDate.of(2026, 10, 1), "old");
    }

    @Test
    void theSameStoresReadTheSameStateFromPostgresAfterTheCopy() {
        Database from = sqlite(dir);
        fill(from);
        Database to = postgres();

        StoreMigration.Report report = StoreMigration.copy(from, to);

        assertThat(report.tables()).extracting(StoreMigration.Copied::table).containsExactlyElementsOf(StoreMigration.COPIED);
        Map<String, Long> source = counts(from);
        Map<String, Long> target = counts(to);
        for (String table : StoreMigration.COPIED) {
            assertThat(report.rows(table)).as(table).isEqualTo(source.get(table)).isEqualTo(target.get(table));
        }
        assertThat(report.rows("subscription")).isEqualTo(4);
        assertThat(report.rows("delivery")).isEqualTo(3);
        assertThat(report.rows("broadcast_run")).isEqualTo(2);
        assertThat(report.rows("paper_seen")).isEqualTo(2_345);
        assertThat(report.total()).isEqualTo(source.entrySet().stream()
                .filter(e -> StoreMigration.COPIED.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum());
        assertThat(report.pendingSkipped()).isZero();
        // Not copied: the presses the stores recorded, the health probe, the version rows are the target's own.
        assertThat(source.get("button_press")).isEqualTo(6);
        assertThat(target.get("button_press")).isZero();
        assertThat(target.get("inbox")).isZero();
        assertThat(target.get("schema_version")).isEqualTo(Migrations.ALL.size());

        assertSameState(from, to);

        // What the stores do next comes out the same too: the next paper of the day, the papers already seen.
        PaperOfTheDay dailyFrom = new PaperOfTheDay(new DailyPickStore(from, CLOCK));
        PaperOfTheDay dailyTo = new PaperOfTheDay(new DailyPickStore(to, CLOCK));
        LocalDate next = TODAY.plusDays(1);
        assertThat(dailyTo.pick(catalog(), next).paperId()).isEqualTo(dailyFrom.pick(catalog(), next).paperId());
        assertThat(ReaderStores.over(to, CLOCK).follows().firstSeen(List.of("seen-0", "seen-2344", "brand-new")))
                .containsExactly("brand-new");
        // The chat ids beyond 32 bits work as keys there: a delivery claimed and sent on PostgreSQL.
        DeliveryStore deliveriesTo = new DeliveryStore(to, CLOCK);
        deliveriesTo.markSent(GROUP, TODAY, 2_000_000_000);
        assertThat(deliveriesTo.lastSent(GROUP)).contains(TODAY);
        assertThat(deliveriesTo.claim(GROUP, TODAY)).isFalse();
    }

    @Test
    void broadcastRunIdsAreKeptAndNewRunsContinueAfterThem() {
        Database from = sqlite(dir);
        fill(from);
        Database to = postgres();
        StoreMigration.copy(from, to);
        assertThat(broadcastIds(to)).containsExactly(1L, 3L).isEqualTo(broadcastIds(from));

        BroadcastLog log = new BroadcastLog(to);
        BroadcastLog.Run next = new BroadcastLog.Run("scheduled", Instant.parse("2026-12-01T06:00:00Z"),
                Instant.parse("2026-12-01T06:02:00Z"), 5, 5, 0, 0, 0, 0, true);
        log.record(next); // would collide with a copied id if the sequence still started at 1
        assertThat(broadcastIds(to)).containsExactly(1L, 3L, 4L);
        assertThat(log.last()).contains(next);
    }

    @Test
    void anEmptySourceCopiesNothingAndTheTargetStartsItsRunsAtOne() {
        Database from = sqlite(dir);
        Database to = postgres();
        StoreMigration.Report report = StoreMigration.copy(from, to);
        assertThat(report.total()).isZero();
        assertThat(report.tables()).hasSize(StoreMigration.COPIED.size());
        new BroadcastLog(to).record(new BroadcastLog.Run("push", Instant.EPOCH, Instant.EPOCH, 0, 0, 0, 0, 0, 0, true));
        assertThat(broadcastIds(to)).containsExactly(1L);
    }

    @Test
    void aSecondCopyIntoTheSameTargetIsRefusedAndChangesNothing() {
        Database from = sqlite(dir);
        fill(from);
        Database to = postgres();
        StoreMigration.copy(from, to);
        Map<String, Long> before = counts(to);

        assertThatThrownBy(() -> StoreMigration.copy(from, to))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("already holds data")
                .hasMessageContaining("subscription: 4 rows")
                .hasMessageContaining("paper_seen: 2345 rows");
        assertThat(counts(to)).isEqualTo(before);
        assertSameState(from, to);

        // One row in any copied table is enough to refuse: here a follow made by a replica already running.
        Database other = postgres();
        ReaderStores.over(other, CLOCK).follows().add(1L, new Follow(Kind.TOPIC, "cv", "CV"), 10);
        assertThatThrownBy(() -> StoreMigration.copy(from, other))
                .hasMessageContaining("already holds data (follow: 1 row)");
        assertThat(counts(other).get("subscription")).isZero();
    }

    @Test
    void aCopyThatFailsMidwayLeavesTheTargetEmpty() {
        Database from = sqlite(dir);
        fill(from);
        Database to = postgres();
        // paper_seen is copied last: everything else is written when this refuses one of its rows.
        execute(to, "ALTER TABLE paper_seen ADD CONSTRAINT refuse_one CHECK (paper_id <> 'seen-2000')");

        assertThatThrownBy(() -> StoreMigration.copy(from, to))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("refuse_one");
        assertCopiedTablesEmpty(to);

        // Nothing was left behind: once the obstacle is gone, the same copy goes through, ids and sequence included.
        execute(to, "ALTER TABLE paper_seen DROP CONSTRAINT refuse_one");
        StoreMigration.Report report = StoreMigration.copy(from, to);
        assertThat(report.rows("paper_seen")).isEqualTo(2_345);
        assertSameState(from, to);
        new BroadcastLog(to).record(new BroadcastLog.Run("push", Instant.EPOCH, Instant.EPOCH, 0, 0, 0, 0, 0, 0, true));
        assertThat(broadcastIds(to)).containsExactly(1L, 3L, 4L);
    }

    @Test
    void aValueTheTargetColumnCannotHoldIsRefusedNotTruncated() {
        Database from = sqlite(dir);
        fill(from);
        // SQLite's INTEGER is 64-bit; delivery.attempts is a 32-bit INTEGER on PostgreSQL.
        execute(from, "UPDATE delivery SET attempts = 5000000000 WHERE chat_id = " + PAUSED);
        Database to = postgres();

        assertThatThrownBy(() -> StoreMigration.copy(from, to))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("column delivery.attempts")
                .hasMessageContaining("5000000000 does not fit");
        assertCopiedTablesEmpty(to);
    }

    @Test
    void pendingUpdatesInTheInboxRefuseTheCopyUnlessSkippingIsAsked() {
        Database from = sqlite(dir);
        fill(from);
        InboxStore inbox = new InboxStore(from, CLOCK);
        inbox.add(List.of(new Entry(1001, "42", "{\"update_id\":1001}"), new Entry(1002, "42", "{\"update_id\":1002}"),
                new Entry(1003, "31", "{\"update_id\":1003}")));
        inbox.finish(List.of(1001L), UpdateInbox.Outcome.HANDLED);
        Database to = postgres();

        assertThatThrownBy(() -> StoreMigration.copy(from, to))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("holds 2 updates received but not handled")
                .hasMessageContaining("--skip-pending");
        assertCopiedTablesEmpty(to);

        StoreMigration.Report report = StoreMigration.copy(from, to, true);
        assertThat(report.pendingSkipped()).isEqualTo(2);
        assertThat(report.rows("subscription")).isEqualTo(4);
        assertThat(counts(to).get("inbox")).isZero();
        assertThat(new InboxStore(to, CLOCK).claimUnfinished()).isEmpty();
        // The source keeps them: the copy only reads it.
        assertThat(inbox.claimUnfinished()).extracting(Entry::updateId).containsExactly(1002L, 1003L);
    }

    @Test
    void databasesAtDifferentSchemaVersionsAreRefused() {
        Path file = dir.resolve("old.db");
        Database from = SqliteDatabase.open(file, Migrations.ALL.subList(0, Migrations.ALL.size() - 1));
        open.add(from);
        Database to = postgres();

        assertThatThrownBy(() -> StoreMigration.copy(from, to))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version " + (Migrations.ALL.size() - 1))
                .hasMessageContaining("at " + Migrations.ALL.size() + ": both must be at the same version");
        assertCopiedTablesEmpty(to);
    }

    @Test
    void aDatabaseIsNotCopiedIntoItself() {
        Database db = postgres();
        assertThatThrownBy(() -> StoreMigration.copy(db, db)).hasMessageContaining("the same database");
    }

    @Test
    void copiesIntoSqliteToo() {
        // The copy is generic: any PaperBot database into an empty one (here the other way round's kin, SQLite).
        Database from = sqlite(dir);
        fill(from);
        Database to = sqlite(dir.resolve("other"));
        StoreMigration.Report report = StoreMigration.copy(from, to);
        assertThat(report.rows("subscription")).isEqualTo(4);
        assertSameState(from, to);
        new BroadcastLog(to).record(new BroadcastLog.Run("push", Instant.EPOCH, Instant.EPOCH, 0, 0, 0, 0, 0, 0, true));
        assertThat(broadcastIds(to)).containsExactly(1L, 3L, 4L);
    }

    @Test
    void openSqliteRefusesADataDirectoryWithoutADatabaseAndCreatesNothing() {
        Path missing = dir.resolve("nowhere");
        assertThatThrownBy(() -> StoreMigration.openSqlite(missing))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("no PaperBot database at " + missing.resolve("paperbot.db").toAbsolutePath());
        assertThat(missing).doesNotExist();
    }

    @Test
    void openSqliteSaysToStopTheBotWhileOneRunsOnTheDataDirectory() {
        Database running = sqlite(dir); // holds the data directory's lock, as the bot does
        assertThatThrownBy(() -> StoreMigration.openSqlite(dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("in use by a running PaperBot")
                .hasMessageContaining("stop the bot first");
        running.close();

        Database stopped = StoreMigration.openSqlite(dir);
        open.add(stopped);
        assertThat(stopped.dialect()).isEqualTo(Database.Dialect.SQLITE);
        assertThat(Files.exists(dir.resolve(Database.FILE_NAME))).isTrue();
    }

    @Test
    void integersAreBoundAsTheTargetColumnWantsThem() throws Exception {
        // The conversions on their own, against PostgreSQL's own parameter types.
        Database to = postgres();
        List<Object> read = to.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT CAST(? AS BIGINT), CAST(? AS INTEGER), CAST(? AS TEXT),"
                    + " pg_typeof(?)::text")) {
                StoreMigration.bind(p, 1, Integer.valueOf(7), java.sql.Types.BIGINT, false, "t", "a", 1);
                StoreMigration.bind(p, 2, Long.valueOf(8), java.sql.Types.INTEGER, false, "t", "b", 1);
                StoreMigration.bind(p, 3, Long.valueOf(GROUP), java.sql.Types.VARCHAR, false, "t", "c", 1);
                StoreMigration.bind(p, 4, Integer.valueOf(9), java.sql.Types.BIGINT, false, "t", "d", 1);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return List.of(rs.getObject(1), rs.getObject(2), rs.getObject(3), rs.getObject(4));
                }
            }
        });
        assertThat(read).containsExactly(7L, 8, String.valueOf(GROUP), "bigint");
        assertThatThrownBy(() -> to.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT CAST(? AS BIGINT)")) {
                StoreMigration.bind(p, 1, "12:30", java.sql.Types.BIGINT, false, "subscription", "next_due", 3);
                return null;
            }
        })).hasMessageContaining("column subscription.next_due, row 3 of the source: '12:30' is not an integer");
    }
}
