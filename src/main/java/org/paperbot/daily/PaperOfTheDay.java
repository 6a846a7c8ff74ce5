package org.paperbot.daily;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.store.DailyPickStore;
import org.paperbot.store.DailyPickStore.Origin;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paper of the day: one per date, the same for everyone, chosen the first time the date is needed and kept
 * ({@link DailyPickStore}), so that adding, removing or editing papers never changes a date already chosen.
 *
 * <p>The choice for a new date: a paper never shown yet, the newest first; once every paper of the catalog has been
 * shown, the one shown longest ago. So no paper repeats before every paper has had its day, and a repeat comes at
 * least as many days after the last showing as the catalog has papers (a week or more from eight papers on). A
 * paper removed from the catalog is never chosen again; a date that showed it keeps its id and title.
 *
 * <p>Dates are chosen in order: asking for a date after the last one kept first keeps every date in between
 * (up to {@value #MAX_FILL_DAYS} days back), so that the history has no holes after the bot was down.
 */
public final class PaperOfTheDay {
    /** How far back the dates missed while the bot was down are still filled in. */
    static final int MAX_FILL_DAYS = 31;
    /** How far back the upgrade carries over the dates people saw (the longest {@code /history} is 30 days). */
    static final int CARRY_OVER_DAYS = 60;

    /** The paper of a date: its kept id and title, and the paper itself while it is still in the catalog. */
    public record Pick(LocalDate date, String paperId, String title, Optional<Paper> paper) {
    }

    private final DailyPickStore store;
    /** Kept rows never change, so what was read once is good for ever (a few hundred dates a year). */
    private final Map<LocalDate, DailyPickStore.Pick> kept = new ConcurrentHashMap<>();

    public PaperOfTheDay(DailyPickStore store) {
        this.store = store;
    }

    /** The paper of {@code date}, choosing and keeping it if nobody asked for this date before. */
    public Pick pick(Catalog catalog, LocalDate date) {
        DailyPickStore.Pick row = kept.get(date);
        if (row == null) {
            row = store.inTransaction(tx -> findOrChoose(tx, catalog, date));
            kept.put(date, row);
        }
        return new Pick(row.date(), row.paperId(), row.title(), catalog.byId(row.paperId()));
    }

    /** The paper of {@code date}, or empty when the paper kept for it has since left the catalog. */
    public Optional<Paper> forDate(Catalog catalog, LocalDate date) {
        return pick(catalog, date).paper();
    }

    /**
     * On the first start with kept dates, keeps what people already saw, so the upgrade changes nobody's history:
     * for each date from {@value #CARRY_OVER_DAYS} days before {@code today} to the
     * day after (zones ahead of the bot's), the paper most subscribers were sent that day, else the date's paper by
     * the old rotation. Does nothing once any date is kept. Returns the number of dates kept.
     */
    public int carryOver(Catalog catalog, LocalDate today) {
        return store.inTransaction(tx -> {
            if (tx.last().isPresent()) {
                return 0;
            }
            LocalDate from = today.minusDays(CARRY_OVER_DAYS);
            LocalDate to = today.plusDays(1);
            Map<LocalDate, String> delivered = tx.delivered(from, to);
            int n = 0;
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                Optional<Paper> sent = Optional.ofNullable(delivered.get(d)).flatMap(catalog::byId);
                Paper paper = sent.isPresent() ? sent.get() : LegacyRotation.forDate(catalog, d);
                tx.keep(d, paper.id(), paper.title(), sent.isPresent() ? Origin.DELIVERED : Origin.ROTATION);
                n++;
            }
            return n;
        });
    }

    private DailyPickStore.Pick findOrChoose(DailyPickStore.Tx tx, Catalog catalog, LocalDate date) throws SQLException {
        Optional<DailyPickStore.Pick> found = tx.find(date);
        if (found.isPresent()) {
            return found.get();
        }
        Optional<LocalDate> last = tx.last();
        LocalDate from = date;
        if (last.isPresent() && last.get().isBefore(date)) {
            LocalDate next = last.get().plusDays(1);
            LocalDate earliest = date.minusDays(MAX_FILL_DAYS);
            from = next.isBefore(earliest) ? earliest : next;
        }
        Map<String, LocalDate> shown = new HashMap<>(tx.lastShown());
        DailyPickStore.Pick row = null;
        for (LocalDate d = from; !d.isAfter(date); d = d.plusDays(1)) {
            Paper chosen = choose(catalog, shown, d);
            row = tx.keep(d, chosen.id(), chosen.title(), Origin.CHOSEN);
            shown.merge(row.paperId(), d, (a, b) -> a.isAfter(b) ? a : b);
        }
        return row;
    }

    /**
     * Never shown first, the newest first (latest {@code published_at}; papers without one, as in papers.json, by
     * their place in the catalog, later ones newer); else the one shown longest before {@code date}.
     */
    static Paper choose(Catalog catalog, Map<String, LocalDate> shown, LocalDate date) {
        // Ids and dates are in the heap: only the chosen paper is read.
        int newest = -1;
        LocalDate newestOn = null;
        for (int i = catalog.size() - 1; i >= 0; i--) {
            if (shown.containsKey(catalog.idAt(i))) {
                continue;
            }
            LocalDate on = catalog.publishedAt(i).orElse(LocalDate.MIN);
            if (newest < 0 || on.isAfter(newestOn)) {
                newest = i;
                newestOn = on;
            }
        }
        if (newest >= 0) {
            return catalog.paperAt(newest);
        }
        return IntStream.range(0, catalog.size()).boxed()
                .min(Comparator.comparing((Integer i) -> shown.get(catalog.idAt(i))).thenComparing(catalog::idAt))
                .map(catalog::paperAt)
                .orElseThrow(() -> new IllegalStateException("the catalog has no papers to choose for " + date));
    }
}
