package org.paperbot.render;

import org.paperbot.catalog.Paper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a paper as a Telegram-HTML card. The card always fits a message with room for a header line
 * (e.g. "Статья дня"), however long the catalog's texts are.
 */
public final class CardRenderer {
    /** Room left for a header that handlers may put above a card. */
    public static final int HEADER_RESERVE = 200;
    static final int MAX_CARD_LENGTH = Html.MAX_MESSAGE_LENGTH - HEADER_RESERVE;
    static final int AUTHORS_SHOWN = 3;

    private final Texts texts;

    public CardRenderer(Texts texts) {
        this.texts = texts;
    }

    public String render(Paper paper) {
        List<String> keyPoints = paper.keyPoints();
        String summary = paper.summary();
        String html = compose(paper, summary, keyPoints);
        // Drop key points from the end, then shorten the summary, until the card fits.
        while (Html.visibleLength(html) > MAX_CARD_LENGTH && keyPoints.size() > 1) {
            keyPoints = keyPoints.subList(0, keyPoints.size() - 1);
            html = compose(paper, summary, keyPoints);
        }
        int excess = Html.visibleLength(html) - MAX_CARD_LENGTH;
        if (excess > 0) {
            summary = Html.shorten(summary, Math.max(1, summary.length() - excess));
            html = compose(paper, summary, keyPoints);
        }
        return html;
    }

    /** "A, B, C и ещё 11" for long author lists. */
    public String authors(List<String> authors) {
        if (authors.size() <= AUTHORS_SHOWN + 1) {
            return String.join(", ", authors);
        }
        int rest = authors.size() - AUTHORS_SHOWN;
        return texts.format("card.authors.more", String.join(", ", authors.subList(0, AUTHORS_SHOWN)), rest);
    }

    private String compose(Paper p, String summary, List<String> keyPoints) {
        StringBuilder sb = new StringBuilder(2048);
        sb.append(Html.bold(p.title())).append('\n');
        sb.append(Html.italic(authors(p.authors()))).append('\n');
        sb.append(texts.format("card.venue", Html.escape(p.venue()), Html.escape(p.track()))).append("\n\n");
        sb.append(texts.format("card.teaser", Html.escape(p.teaser()))).append("\n\n");
        sb.append(Html.escape(summary)).append("\n\n");
        sb.append(texts.get("card.keyPoints")).append('\n');
        for (String point : keyPoints) {
            sb.append("• ").append(Html.escape(point)).append('\n');
        }
        sb.append('\n');
        sb.append(p.topics().stream().map(t -> "#" + Html.escape(t)).collect(Collectors.joining(" "))).append('\n');
        sb.append(links(p));
        return sb.toString();
    }

    private String links(Paper p) {
        StringBuilder sb = new StringBuilder();
        sb.append(texts.format("card.link.pdf", Html.escape(p.links().pdf().toString())));
        sb.append(" · ").append(texts.format("card.link.openreview", Html.escape(p.links().openReview().toString())));
        p.links().arxiv().ifPresent(a -> sb.append(" · ").append(texts.format("card.link.arxiv", Html.escape(a.toString()))));
        return sb.toString();
    }
}
