package org.paperbot.daily;

import org.paperbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.store.DailyPickStore;
import org.paperbot.store.Database;
import org.paperbot.store.DeliveryStore;
import org.paperbot.testing.TestPapers;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PaperOfTheDayTest {
    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);

    private final List<Database> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(Database::close);
    }

    private Database memory() {
        Database db = TestDatabases.fresh();
        open.add(db);
        return db;
    }

    private static PaperOfTheDay over(Database db) {
        return new PaperOfTheDay(new DailyPickStore(db, CLOCK));
    }

    private static Catalog without(Catalog catalog, String id) {
        return new Catalog(catalog.papers().stream().filter(p -> !p.id().equals(id)).toList(), catalog.venues());
    }

    private static Catalog with(Catalog catalog, Paper... added) {
        List<Paper> papers = new ArrayList<>(catalog.papers());
        papers.addAll(List.of(added));
        return new Catalog(papers, catalog.venues());
    }

    private static List<String> run(PaperOfTheDay daily, Catalog catalog, LocalDate from, int days) {
        List<String> ids = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            ids.add(daily.pick(catalog, from.plusDays(d)).paperId());
        }
        return ids;
    }

    @Test
    void removingAPaperChangesNeitherTodayNorTheHistory() {
        Catalog catalog = TestPapers.realCatalog();
        PaperOfTheDay daily = over(memory());
        daily.carryOver(catalog, TODAY);
        List<String> before = run(daily, catalog, TODAY.minusDays(30), 31);
        String other = catalog.papers().stream().map(Paper::id).filter(id -> !id.equals(before.get(30))).findFirst().orElseThrow();

        assertThat(run(daily, without(catalog, other), TODAY.minusDays(30), 31)).isEqualTo(before);
    }

    @Test
    void aDateWhosePaperLeftTheCatalogStillSaysWhichItWas() {
        Catalog catalog = TestPapers.realCatalog();
        PaperOfTheDay daily = over(memory());
        PaperOfTheDay.Pick today = daily.pick(catalog, TODAY);

        PaperOfTheDay.Pick after = daily.pick(without(catalog, today.paperId()), TODAY);

        assertThat(after.paperId()).isEqualTo(today.paperId());
        assertThat(after.title()).isEqualTo(today.paper().orElseThrow().title());
        assertThat(after.paper()).isEmpty();
    }

    @Test
    void aRemovedPaperIsNeverChosenAgain() {
        Catalog catalog = TestPapers.realCatalog();
        PaperOfTheDay daily = over(memory());
        String removed = daily.pick(catalog, TODAY).paperId();

        assertThat(run(daily, without(catalog, removed), TODAY.plusDays(1), 50)).doesNotContain(removed);
    }

    @ParameterizedTest(name = "catalog of {0}")
    @ValueSource(ints = {3, 8, 13})
    void noPaperRepeatsBeforeEveryPaperHadItsDayNorSoonerThanTheCatalogHasPapers(int n) {
        Catalog catalog = n == 8 ? TestPapers.realCatalog() : TestPapers.catalogOf(TestPapers.synthetic(n));
        List<String> ids = run(over(memory()), catalog, TODAY, 6 * n);

        assertThat(new HashSet<>(ids.subList(0, n))).hasSize(n);
        Map<String, Integer> lastDay = new HashMap<>();
        for (int d = 0; d < ids.size(); d++) {
            Integer previous = lastDay.put(ids.get(d), d);
            if (previous != null) {
                assertThat(d - previous).as("%s on day %d and %d", ids.get(d), previous, d).isGreaterThanOrEqualTo(n);
            }
        }
    }

    @Test
    void aftertheUpgradeRepeatsComeAtLeastAWeekApartEvenAtTheOldCycleBoundary() {
        Catalog catalog = TestPapers.realCatalog();
        PaperOfTheDay daily = over(memory());
        daily.carryOver(catalog, TODAY);
        List<String> future = run(daily, catalog, TODAY.plusDays(2), 80);
        List<String> carried = run(daily, catalog, TODAY.minusDays(10), 12);

        List<String> all = new ArrayList<>(carried);
        all.addAll(future);
        Map<String, Integer> lastDay = new HashMap<>();
        for (int d = 0; d < all.size(); d++) {
            Integer previous = lastDay.put(all.get(d), d);
            if (previous != null && d >= carried.size()) {
                assertThat(d - previous).as("%s on day %d and %d", all.get(d), previous, d).isGreaterThanOrEqualTo(7);
            }
        }
    }

    @Test
    void newPapersComeBeforeRepeatsNewestFirst() {
        Catalog catalog = TestPapers.catalogOf(TestPapers.synthetic(5));
        PaperOfTheDay daily = over(memory());
        run(daily, catalog, TODAY, 7);
        Paper older = TestPapers.paper("added-1").build();
        Paper newer = TestPapers.paper("added-2").build();

        List<String> next = run(daily, with(catalog, older, newer), TODAY.plusDays(7), 2);

        assertThat(next).containsExactly("added-2", "added-1");
    }

    @Test
    void amongNewPapersTheLatestPublishedComesFirstWhateverTheirOrder() {
        Paper early = TestPapers.paper("early").build();
        Paper late = TestPapers.paper("late").build();
        Paper middle = TestPapers.paper("middle").build();
        Catalog catalog = new Catalog(List.of(late, early, middle), List.of(),
                Map.of("early", LocalDate.of(2026, 1, 5), "late", LocalDate.of(2026, 11, 30), "middle", LocalDate.of(2026, 6, 1)));

        assertThat(run(over(memory()), catalog, TODAY, 3)).containsExactly("late", "middle", "early");
    }

    @Test
    void upgradeKeepsWhatTheOldRotationShowedForTheLastTwoMonthsAndTomorrow() {
        Catalog catalog = TestPapers.realCatalog();
        PaperOfTheDay daily = over(memory());

        int kept = daily.carryOver(catalog, TODAY);

        assertThat(kept).isEqualTo(PaperOfTheDay.CARRY_OVER_DAYS + 2);
        for (int d = -PaperOfTheDay.CARRY_OVER_DAYS; d <= 1; d++) {
            LocalDate date = TODAY.plusDays(d);
            assertThat(daily.pick(catalog, date).paperId()).as(date.toString())
                    .isEqualTo(LegacyRotation.forDate(catalog, date).id());
        }
    }

    /**
     * A database from before kept dates and compact delivery records: the per-chat rows named the paper; the upgrade
     * keeps, per date, the one most chats were sent, and the first start carries it over.
     */
    @Test
    void upgradeKeepsThePaperSubscribersWereActuallySentOverTheRotation(@TempDir Path dir) {
        Catalog catalog = TestPapers.realCatalog();
        Path file = dir.resolve("paperbot.db");
        LocalDate sentDay = TODAY.minusDays(3);
        String rotation = LegacyRotation.forDate(catalog, sentDay).id();
        String sent = catalog.papers().stream().map(Paper::id).filter(id -> !id.equals(rotation)).findFirst().orElseThrow();
        try (Database old = org.paperbot.store.OldSchema.before(file, 8)) {
            old.transaction(c -> {
                try (var s = c.createStatement()) {
                    for (long chat = 1; chat <= 3; chat++) {
                        s.executeUpdate("INSERT INTO subscription (chat_id, active, send_time, zone, created_at, updated_at) "
                                + "VALUES (" + chat + ", 1, '09:00', 'Europe/Moscow', 'x', 'x')");
                        s.executeUpdate("INSERT INTO delivery (chat_id, local_date, paper_id, state, attempts, updated_at) "
                                + "VALUES (" + chat + ", '" + sentDay + "', '" + (chat == 3 ? rotation : sent)
                                + "', 'sent', 1, 'x')");
                    }
                }
                return null;
            });
        }
        try (Database db = org.paperbot.store.OldSchema.current(file)) {
            PaperOfTheDay daily = over(db);

            daily.carryOver(catalog, TODAY);

            assertThat(daily.pick(catalog, sentDay).paperId()).isEqualTo(sent);
            assertThat(new DeliveryStore(db, CLOCK).lastSent(1)).contains(sentDay);
        }
    }

    @Test
    void upgradeRunsOnlyOnce() {
        Catalog catalog = TestPapers.realCatalog();
        PaperOfTheDay daily = over(memory());
        daily.pick(catalog, TODAY);

        assertThat(daily.carryOver(catalog, TODAY)).isZero();
    }

    @Test
    void theDaysMissedWhileTheBotWasDownAreFilledInWithoutRepeats() {
        Catalog catalog = TestPapers.realCatalog();
        Database db = memory();
        PaperOfTheDay daily = over(db);
        daily.pick(catalog, TODAY);

        daily.pick(catalog, TODAY.plusDays(4));

        List<DailyPickStore.Pick> kept = new DailyPickStore(db, CLOCK).between(TODAY, TODAY.plusDays(4));
        assertThat(kept).extracting(DailyPickStore.Pick::date)
                .containsExactly(TODAY, TODAY.plusDays(1), TODAY.plusDays(2), TODAY.plusDays(3), TODAY.plusDays(4));
        assertThat(kept).extracting(DailyPickStore.Pick::paperId).doesNotHaveDuplicates();
    }

    @Test
    void theKeptPaperSurvivesARestartAndACatalogReorder(@TempDir Path dir) {
        Catalog catalog = TestPapers.realCatalog();
        String today;
        try (Database db = TestDatabases.open(dir)) {
            today = over(db).pick(catalog, TODAY).paperId();
        }
        List<Paper> reversed = new ArrayList<>(catalog.papers());
        java.util.Collections.reverse(reversed);
        try (Database db = TestDatabases.open(dir)) {
            assertThat(over(db).pick(new Catalog(reversed, catalog.venues()), TODAY).paperId()).isEqualTo(today);
        }
    }

    @Test
    void twoInstancesOverOneDatabaseAgree() {
        Database db = memory();
        Catalog catalog = TestPapers.realCatalog();
        String first = over(db).pick(catalog, TODAY).paperId();

        assertThat(over(db).pick(without(catalog, "nothing"), TODAY).paperId()).isEqualTo(first);
    }
}
