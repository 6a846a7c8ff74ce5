package org.paperbot.render;

import org.paperbot.catalog.Paper;

import java.util.List;
import java.util.function.ToIntFunction;

/** Renders numbered, paged lists of papers (the catalog, a topic, search results). */
public final class ListRenderer {
    /** One page of a list: the HTML, which page it is, and the papers on it with their numbers. */
    public record Page(String html, int page, int pages, List<Paper> papers) {
    }

    private final Texts texts;

    public ListRenderer(Texts texts) {
        this.texts = texts;
    }

    public static int pageCount(int items, int pageSize) {
        return Math.max(1, (items + pageSize - 1) / pageSize);
    }

    /**
     * @param header   ready HTML for the first line
     * @param papers   all papers of the list
     * @param page     0-based page, clamped into range
     * @param number   the number shown before a paper (its catalog number, so /paper N works)
     */
    public Page render(String header, List<Paper> papers, int page, int pageSize, ToIntFunction<Paper> number) {
        int pages = pageCount(papers.size(), pageSize);
        int p = Math.max(0, Math.min(page, pages - 1));
        List<Paper> onPage = papers.subList(Math.min(p * pageSize, papers.size()), Math.min((p + 1) * pageSize, papers.size()));
        return renderSlice(header, onPage, p, pages, number);
    }

    /** One page whose papers were already picked (e.g. by the search engine). */
    public Page renderSlice(String header, List<Paper> onPage, int p, int pages, ToIntFunction<Paper> number) {
        return renderSlice(header, onPage, p, pages, number, -1, null);
    }

    /**
     * The same with a line ({@code dividerHtml}) above entry {@code dividerAt} of the page; no line when
     * {@code dividerAt} is outside the page.
     */
    public Page renderSlice(String header, List<Paper> onPage, int p, int pages, ToIntFunction<Paper> number,
                            int dividerAt, String dividerHtml) {
        StringBuilder sb = new StringBuilder(header);
        if (pages > 1) {
            sb.append(texts.format("list.pageOf", p + 1, pages));
        }
        // Each entry is capped so that a page never exceeds the message limit, whatever the page size.
        int perEntry = (Html.MAX_MESSAGE_LENGTH - 400) / Math.max(1, onPage.size());
        for (int i = 0; i < onPage.size(); i++) {
            Paper paper = onPage.get(i);
            if (i == dividerAt) {
                sb.append("\n\n").append(dividerHtml);
            }
            String title = Html.shorten(paper.title(), Math.min(200, perEntry / 2));
            String teaser = Html.shorten(paper.teaser(), Math.max(20, perEntry - title.length() - 10));
            sb.append("\n\n").append(texts.format("list.item", number.applyAsInt(paper), Html.escape(title), Html.escape(teaser)));
        }
        sb.append("\n\n").append(texts.get("list.footer"));
        return new Page(sb.toString(), p, pages, onPage);
    }
}
