package org.paperbot.search;

import org.paperbot.catalog.Paper;

import java.util.List;

/**
 * One page of search results.
 *
 * @param papers the requested page of the ranked list, best first
 * @param total  how many papers the ranked list holds, at most {@link SearchIndex#MAX_RESULTS}; every page up to
 *               {@code total} can be fetched
 */
public record SearchResult(List<Paper> papers, int total) {
    private static final SearchResult EMPTY = new SearchResult(List.of(), 0);

    public SearchResult {
        papers = List.copyOf(papers);
        if (total < papers.size()) {
            throw new IllegalArgumentException("total " + total + " < page size " + papers.size());
        }
    }

    public static SearchResult empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return total == 0;
    }
}
