package org.paperbot.testing;

import org.paperbot.catalog.Catalog;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.store.DailyPickStore;
import org.paperbot.store.Database;

import java.time.Clock;
import java.time.LocalDate;

/** A paper of the day that keeps its choices in a database of its own, for tests that need one and no more. */
public final class Dailies {
    private Dailies() {
    }

    /** Over a fresh in-memory database (it lives as long as the returned object). */
    public static PaperOfTheDay inMemory() {
        return new PaperOfTheDay(new DailyPickStore(Database.inMemory(), Clock.systemUTC()));
    }

    /** As the bot starts on {@code today}: the dates around it carried over from the old rotation. */
    public static PaperOfTheDay carriedOver(Catalog catalog, LocalDate today) {
        PaperOfTheDay daily = inMemory();
        daily.carryOver(catalog, today);
        return daily;
    }
}
