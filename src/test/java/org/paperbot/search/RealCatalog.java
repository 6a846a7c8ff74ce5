package org.paperbot.search;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogLoader;

import java.nio.file.Path;

/** The real catalog shipped with the bot; Maven runs tests from the project root. */
final class RealCatalog {
    static final Path FILE = Path.of("config", "papers.json");

    private RealCatalog() {
    }

    static Catalog load() {
        return new CatalogLoader().load(FILE);
    }
}
