package org.paperbot.search;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.catalog.PaperLinks;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Hand-made papers for tests that need exact control over the text. */
final class TestPapers {
    private TestPapers() {
    }

    static Paper paper(String id, String title, List<String> topics, String summary) {
        return new Paper(id, Optional.empty(), title, List.of("Ann Author"), "ICLR 2024", "Poster", topics, List.of(),
                "Тизер.", summary, List.of("Пункт."),
                new PaperLinks(URI.create("https://openreview.net/pdf?id=" + id),
                        Optional.of(URI.create("https://openreview.net/forum?id=" + id)), Optional.empty()));
    }

    static Catalog catalog(Paper... papers) {
        return new Catalog(List.of(papers), List.of());
    }
}
