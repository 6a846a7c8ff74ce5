package org.paperbot.bot;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.library.Snapshot;
import org.paperbot.render.Html;
import org.paperbot.render.ListRenderer;
import org.paperbot.render.Texts;
import org.paperbot.search.SearchIndex;
import org.paperbot.search.SearchResult;

import java.util.List;
import java.util.Optional;

/**
 * Pages of search results, with paging buttons that carry the query (or a short key for a long one); papers matching
 * only some of the words come last, under a line of their own. A query with one match opens its card at once. Also
 * the papers similar to one.
 */
public final class SearchScreens {
    /** «Похожие» lists this many papers at most. */
    static final int MAX_SIMILAR = 5;

    private final Texts texts;
    private final ListRenderer renderer;
    private final Keyboards keyboards;
    private final CardScreens cards;
    private final int pageSize;
    private final SearchQueries searchQueries = new SearchQueries();

    SearchScreens(Texts texts, Keyboards keyboards, CardScreens cards, int pageSize) {
        this.texts = texts;
        this.renderer = new ListRenderer(texts);
        this.keyboards = keyboards;
        this.cards = cards;
        this.pageSize = pageSize;
    }

    /**
     * A page of search results, or the "nothing found" reply. {@code query} is what the user typed; it is shown
     * back (escaped) and kept in the paging buttons.
     */
    public View searchPage(Snapshot snapshot, String query, int page) {
        String q = tidy(query);
        SearchResult first = snapshot.search().search(q, Math.max(0, page) * pageSize, pageSize);
        int pages = ListRenderer.pageCount(first.total(), pageSize);
        SearchResult result = first;
        int p = Math.max(0, Math.min(page, pages - 1));
        if (p != page) {
            result = snapshot.search().search(q, p * pageSize, pageSize); // a stale page number: show the last page
        }
        String shown = Html.escape(Html.shorten(q, 60));
        if (result.total() == 0) {
            return new View(texts.format("search.nothing", shown), keyboards.nothingFound());
        }
        Catalog catalog = snapshot.catalog();
        if (result.total() == 1) {
            // A pasted link or a precise query: a list with one button would only be one more tap.
            return cards.card(catalog, result.papers().get(0));
        }
        String header = result.firstPartial() == 0
                ? texts.format("search.headerPartialOnly", shown, texts.count("plural.papers", result.total()))
                : texts.format("search.header", shown, texts.count("plural.papers", result.total()));
        int dividerAt = result.firstPartial() > 0 ? result.firstPartial() - p * pageSize : -1;
        ListRenderer.Page rendered = renderer.renderSlice(header, result.papers(), p, pages, catalog::numberOf,
                dividerAt, texts.get("search.partial"));
        CallbackData probe = new CallbackData.SearchPage(q, pages - 1);
        String key = CallbackData.fits(probe) ? null : searchQueries.keyFor(q);
        return new View(rendered.html(), keyboards.list(rendered.papers(), catalog::numberOf, p, pages,
                target -> key == null ? new CallbackData.SearchPage(q, target) : new CallbackData.SearchByKey(key, target)));
    }

    /** The query as shown and kept: single spaces, no invisible characters at the ends, at most 256 characters. */
    static String tidy(String query) {
        String q = query.strip().replaceAll("[\\s\\u00A0]+", " ");
        if (q.length() > SearchIndex.MAX_QUERY_LENGTH) {
            int end = Character.isHighSurrogate(q.charAt(SearchIndex.MAX_QUERY_LENGTH - 1))
                    ? SearchIndex.MAX_QUERY_LENGTH - 1 : SearchIndex.MAX_QUERY_LENGTH;
            q = q.substring(0, end);
        }
        return q;
    }

    /** The papers most like this one, as a numbered list with buttons opening their cards. */
    public View similar(Snapshot snapshot, Paper paper) {
        List<Paper> similar = snapshot.search().similar(paper, MAX_SIMILAR);
        String title = Html.escape(Html.shorten(paper.title(), 80));
        if (similar.isEmpty()) {
            return View.text(texts.format("similar.none", title));
        }
        Catalog catalog = snapshot.catalog();
        ListRenderer.Page rendered = renderer.renderSlice(texts.format("similar.header", title), similar, 0, 1,
                catalog::numberOf);
        return new View(rendered.html(), keyboards.list(rendered.papers(), catalog::numberOf, 0, 1, target -> new CallbackData.Noop()));
    }

    /** A results page for a query kept under a key; empty if the key expired. */
    public Optional<View> searchPageByKey(Snapshot snapshot, String key, int page) {
        return searchQueries.query(key).map(q -> searchPage(snapshot, q, page));
    }
}
