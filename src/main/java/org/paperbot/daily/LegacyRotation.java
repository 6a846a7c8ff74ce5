package org.paperbot.daily;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;

import java.time.LocalDate;
import java.util.Random;

/**
 * How the paper of the day was computed before dates were kept: days grouped into cycles of {@code n} days (n =
 * catalog size), each cycle a seeded shuffle of the papers ordered by id. Reproducible for any date, but any change
 * to the catalog reshuffles every date, which is why {@link PaperOfTheDay} now keeps its choices. Used only to carry
 * the dates people already saw over into the kept table on upgrade, and for dates before anything was kept.
 */
final class LegacyRotation {
    private static final long SALT = 0x5EED_0F_DA7EL;

    private LegacyRotation() {
    }

    static Paper forDate(Catalog catalog, LocalDate date) {
        // Papers ordered by id, as the catalog keeps them for lookups: only the paper of the date is read.
        int n = catalog.size();
        if (n <= 2) {
            return catalog.paperAt(catalog.positionInIdOrder((int) Math.floorMod(date.toEpochDay(), (long) n)));
        }
        long day = date.toEpochDay();
        long cycle = Math.floorDiv(day, n);
        int position = (int) Math.floorMod(day, (long) n);
        int[] order = shuffled(n, cycle);
        if (order[0] == shuffled(n, cycle - 1)[n - 1]) {
            // Avoid the same paper two days running across a cycle boundary.
            int t = order[0];
            order[0] = order[1];
            order[1] = t;
        }
        return catalog.paperAt(catalog.positionInIdOrder(order[position]));
    }

    private static int[] shuffled(int n, long cycle) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // java.util.Random's algorithm is fixed by its specification, so the schedule is stable across JVMs.
        Random random = new Random(SALT ^ (cycle * 0x9E3779B97F4A7C15L));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
