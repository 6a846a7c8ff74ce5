package org.paperbot.daily;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.testing.TestPapers;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The old rotation, still used to carry the dates people saw over on upgrade. */
class LegacyRotationTest {
    static final int DAYS = 2000;
    static final LocalDate START = LocalDate.of(2025, 1, 1);

    /** The rotation as the tests call it: the class itself has no state. */
    private final Rotation daily = LegacyRotation::forDate;

    @FunctionalInterface
    interface Rotation {
        Paper forDate(Catalog catalog, LocalDate date);
    }

    static Catalog catalogOfSize(int n) {
        return n == 8 ? TestPapers.realCatalog() : TestPapers.catalogOf(TestPapers.synthetic(n));
    }

    @Test
    void theSameDateGivesTheSamePaperInAnyOrderOfCalls() {
        Catalog catalog = TestPapers.realCatalog();
        LocalDate date = LocalDate.of(2026, 11, 27);
        Paper first = daily.forDate(catalog, date);
        daily.forDate(catalog, date.plusDays(1));
        daily.forDate(catalog, date.minusYears(3));
        assertThat(daily.forDate(catalog, date)).isEqualTo(first);
        assertThat(LegacyRotation.forDate(TestPapers.realCatalog(), date)).isEqualTo(first);
    }

    @ParameterizedTest(name = "catalog of {0}")
    @ValueSource(ints = {2, 3, 5, 8, 13})
    void eachCycleOfNDaysShowsEveryPaperExactlyOnce(int n) {
        Catalog catalog = catalogOfSize(n);
        long firstCycle = Math.floorDiv(START.toEpochDay(), n);
        for (long cycle = firstCycle; cycle < firstCycle + DAYS / n; cycle++) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < n; i++) {
                seen.add(daily.forDate(catalog, LocalDate.ofEpochDay(cycle * n + i)).id());
            }
            assertThat(seen).as("cycle %d", cycle).hasSize(n);
        }
    }

    @ParameterizedTest(name = "catalog of {0}")
    @ValueSource(ints = {2, 3, 5, 8, 13})
    void noPaperTwoDaysInARowAcrossCycleBoundaries(int n) {
        Catalog catalog = catalogOfSize(n);
        String previous = null;
        for (int d = 0; d < DAYS; d++) {
            LocalDate date = START.plusDays(d);
            String id = daily.forDate(catalog, date).id();
            assertThat(id).as("%s after %s", date, previous).isNotEqualTo(previous);
            previous = id;
        }
    }

    @Test
    void datesBeforeTheEpochWorkToo() {
        Catalog catalog = catalogOfSize(5);
        String previous = null;
        for (long day = -400; day < 400; day++) {
            String id = daily.forDate(catalog, LocalDate.ofEpochDay(day)).id();
            assertThat(id).as("epoch day %d", day).isNotEqualTo(previous);
            previous = id;
        }
        Set<String> cycle = new HashSet<>();
        for (long day = -5; day < 0; day++) {
            cycle.add(daily.forDate(catalog, LocalDate.ofEpochDay(day)).id());
        }
        assertThat(cycle).hasSize(5);
    }

    @Test
    void aCatalogOfOneShowsItsOnlyPaperEveryDay() {
        Catalog one = catalogOfSize(1);
        for (int d = 0; d < 50; d++) {
            assertThat(daily.forDate(one, START.plusDays(d))).isSameAs(one.papers().get(0));
        }
    }

    @Test
    void everyPaperKeepsComingBack() {
        Catalog catalog = TestPapers.realCatalog();
        List<String> ids = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            ids.add(daily.forDate(catalog, START.plusDays(d)).id());
        }
        for (Paper p : catalog.papers()) {
            // At most 2n - 1 days pass between two showings of a paper (last of one cycle, first of the next but one).
            int gap = 0;
            for (String id : ids) {
                gap = id.equals(p.id()) ? 0 : gap + 1;
                assertThat(gap).as(p.id()).isLessThan(2 * catalog.size() - 1);
            }
        }
    }

    @ParameterizedTest(name = "catalog of {0}")
    @ValueSource(ints = {2, 3, 5, 8})
    void theOrderOfPapersInTheFileDoesNotMatter(int n) {
        Catalog catalog = catalogOfSize(n);
        List<Paper> shuffled = new ArrayList<>(catalog.papers());
        Collections.shuffle(shuffled, new Random(n));
        Collections.reverse(shuffled);
        Catalog reordered = new Catalog(shuffled, catalog.venues());
        Rotation other = LegacyRotation::forDate;
        for (int d = 0; d < DAYS; d++) {
            LocalDate date = START.plusDays(d);
            assertThat(other.forDate(reordered, date).id()).as(date.toString()).isEqualTo(daily.forDate(catalog, date).id());
        }
    }

    @Test
    void theScheduleIsNotJustTheFileOrder() {
        Catalog catalog = TestPapers.realCatalog();
        List<String> sorted = catalog.papers().stream().map(Paper::id).sorted().toList();
        int differentCycles = 0;
        long firstCycle = Math.floorDiv(START.toEpochDay(), 8);
        for (long cycle = firstCycle; cycle < firstCycle + 20; cycle++) {
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                shown.add(daily.forDate(catalog, LocalDate.ofEpochDay(cycle * 8 + i)).id());
            }
            if (!shown.equals(sorted)) {
                differentCycles++;
            }
        }
        assertThat(differentCycles).isGreaterThan(15);
    }
}
