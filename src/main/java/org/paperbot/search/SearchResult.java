package org.paperbot.search;

import org.paperbot.catalog.Paper;

import java.util.List;

/**
 * One page of search results.
 *
 * @param papers       the requested page of the ranked list, best first
 * @param total        how many papers the ranked list holds, at most {@link SearchIndex#MAX_RESULTS}; every page up
 *                     to {@code total} can be fetched
 * @param firstPartial position in the whole ranked list of the first paper that matches only some of the query's
 *                     words (they all come after those matching every word); {@code total} when every paper matches
 *                     all of them
 */
public record SearchResult(List<Paper> papers, int total, int firstPartial) {
    private static final SearchResult EMPTY = new SearchResult(List.of(), 0, 0);

    public SearchResult {
        papers = List.copyOf(papers);
        if (total < papers.size()) {
            throw new IllegalArgumentException("total " + total + " < page size " + papers.size());
        }
        if (firstPartial < 0 || firstPartial > total) {
            throw new IllegalArgumentException("first partial match " + firstPartial + " outside 0.." + total);
        }
    }

    public static SearchResult empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return total == 0;
    }
}
