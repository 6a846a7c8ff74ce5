package org.paperbot.search;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogLoader;

import java.nio.file.Path;

/** The real catalog and synonyms shipped with the bot; Maven runs tests from the project root. */
final class RealCatalog {
    static final Path FILE = Path.of("config", "papers.json");
    static final Path SYNONYMS = Path.of("config", "synonyms-ru.txt");

    private RealCatalog() {
    }

    static Catalog load() {
        return new CatalogLoader().load(FILE);
    }

    static Synonyms synonyms() {
        return Synonyms.load(SYNONYMS);
    }

    /** The index the bot builds from the shipped files. */
    static SearchIndex index() {
        return SearchIndex.build(load(), synonyms());
    }
}
