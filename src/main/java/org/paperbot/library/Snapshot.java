package org.paperbot.library;

import org.paperbot.catalog.Catalog;
import org.paperbot.search.SearchIndex;

/**
 * Everything derived from one catalog file: the catalog and its search index (with its result cache). A reload
 * builds a new snapshot and swaps one reference, so a request that started on the old snapshot finishes on it
 * and never sees half a catalog.
 */
public record Snapshot(Catalog catalog, SearchIndex search) {
    public static Snapshot of(Catalog catalog) {
        return new Snapshot(catalog, SearchIndex.build(catalog));
    }
}
