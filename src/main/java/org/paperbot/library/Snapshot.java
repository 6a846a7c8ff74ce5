package org.paperbot.library;

import org.paperbot.catalog.Catalog;
import org.paperbot.search.SearchIndex;
import org.paperbot.search.Synonyms;

/**
 * Everything derived from one catalog file: the catalog and its search index (with its result cache). A reload
 * builds a new snapshot and swaps one reference, so a request that started on the old snapshot finishes on it
 * and never sees half a catalog; the {@link Lease} releases the old one's files once the last such request is done.
 */
public record Snapshot(Catalog catalog, SearchIndex search, Lease lease) {
    /** A snapshot in the heap only: nothing to release. */
    public Snapshot(Catalog catalog, SearchIndex search) {
        this(catalog, search, Lease.none());
    }

    /** A snapshot whose search knows no synonyms (tests that do not need them). */
    public static Snapshot of(Catalog catalog) {
        return of(catalog, Synonyms.none());
    }

    public static Snapshot of(Catalog catalog, Synonyms synonyms) {
        return new Snapshot(catalog, SearchIndex.build(catalog, synonyms));
    }
}
