package org.paperbot.daily;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The paper of the day: one per calendar date, the same for everyone, reproducible for any date.
 *
 * <p>Days are grouped into cycles of {@code n} days (n = catalog size). Each cycle shows every paper once, in an
 * order shuffled with a seed derived from the cycle number, so nothing repeats until the catalog is exhausted
 * and the next cycle never starts with the paper that ended the previous one. Papers are ordered by id before
 * shuffling, so reordering the file does not change the schedule; adding or removing papers does.
 */
public final class PaperOfTheDay {
    private static final long SALT = 0x5EED_0F_DA7EL;

    private record Memo(Catalog catalog, LocalDate date, Paper paper) {
    }

    private volatile Memo last;

    public Paper forDate(Catalog catalog, LocalDate date) {
        Memo m = last;
        if (m != null && m.catalog == catalog && m.date.equals(date)) {
            return m.paper;
        }
        Paper paper = compute(catalog, date);
        last = new Memo(catalog, date, paper);
        return paper;
    }

    private static Paper compute(Catalog catalog, LocalDate date) {
        List<Paper> byId = catalog.papers().stream().sorted(Comparator.comparing(Paper::id)).toList();
        int n = byId.size();
        if (n <= 2) {
            return byId.get((int) Math.floorMod(date.toEpochDay(), (long) n));
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
        return byId.get(order[position]);
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
