package org.paperbot.catalog;

import java.util.List;
import java.util.Optional;

/** One paper of the catalog, as validated by {@link CatalogLoader}. All text is plain (not HTML). */
public record Paper(
        String id,
        Optional<String> arxivId,
        String title,
        List<String> authors,
        String venue,
        String track,
        List<String> topics,
        List<String> keywords,
        String teaser,
        String summary,
        List<String> keyPoints,
        PaperLinks links) {

    public Paper {
        authors = List.copyOf(authors);
        topics = List.copyOf(topics);
        keywords = List.copyOf(keywords);
        keyPoints = List.copyOf(keyPoints);
    }
}
