package org.paperbot.bot;

import org.paperbot.catalog.Catalog;

/**
 * Everything derived from one catalog file. A reload builds a new snapshot and swaps one reference, so a
 * request that started on the old snapshot finishes on it and never sees half a catalog.
 */
public record Snapshot(Catalog catalog) {
}
