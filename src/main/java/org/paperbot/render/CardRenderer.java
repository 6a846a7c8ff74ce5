package org.paperbot.render;

import org.paperbot.catalog.Paper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a paper as a compact Telegram-HTML card that a phone shows on one screen: title, authors, venue, teaser,
 * key points and topics, then the full summary in an expandable quote (collapsed until tapped, Bot API 7.4+).
 * Links are not in the text: they are the buttons under the card. The card always fits a message with room for
 * a header line (e.g. "Статья дня"), however long the catalog's texts are.
 */
public final class CardRenderer {
    /** Room left for a header that handlers may put above a card. */
    public static final int HEADER_RESERVE = 200;
    static final int MAX_CARD_LENGTH = Html.MAX_MESSAGE_LENGTH - HEADER_RESERVE;
    static final int AUTHORS_SHOWN = 3;
    /** When a card is too long, the collapsed summary gives way first, down to this many characters. */
    static final int SUMMARY_KEPT = 300;

    private final Texts texts;

    public CardRenderer(Texts texts) {
        this.texts = texts;
    }

    /**
     * The card, shortened if it must be: first the collapsed summary (down to {@link #SUMMARY_KEPT}), then key
     * points from the end (one always stays), then the summary further, then the teaser, then the title. What is visible
     * without tapping gives way last.
     */
    public String render(Paper paper) {
        Parts parts = new Parts(paper.title(), paper.teaser(), paper.summary(), paper.keyPoints());
        int excess = excess(paper, parts);
        if (excess > 0) {
            parts = parts.withSummary(Html.shorten(parts.summary, Math.max(SUMMARY_KEPT, parts.summary.length() - excess)));
        }
        while (excess(paper, parts) > 0 && parts.keyPoints.size() > 1) {
            parts = parts.withKeyPoints(parts.keyPoints.subList(0, parts.keyPoints.size() - 1));
        }
        if (excess(paper, parts) > 0) {
            parts = parts.withSummary(shortenBy(parts.summary, excess(paper, parts)));
        }
        // Only texts beyond the loader's limits get here (it caps the teaser at 200 characters, the title at 300).
        if (excess(paper, parts) > 0) {
            parts = new Parts(parts.title, shortenBy(parts.teaser, excess(paper, parts)), parts.summary, parts.keyPoints);
        }
        if (excess(paper, parts) > 0) {
            parts = new Parts(shortenBy(parts.title, excess(paper, parts)), parts.teaser, parts.summary, parts.keyPoints);
        }
        return compose(paper, parts);
    }

    /** "A, B, C и ещё 11" for long author lists. */
    public String authors(List<String> authors) {
        if (authors.size() <= AUTHORS_SHOWN + 1) {
            return String.join(", ", authors);
        }
        int rest = authors.size() - AUTHORS_SHOWN;
        return texts.format("card.authors.more", String.join(", ", authors.subList(0, AUTHORS_SHOWN)), rest);
    }

    /** The texts of a card that may be shortened to make it fit. */
    private record Parts(String title, String teaser, String summary, List<String> keyPoints) {
        Parts withSummary(String s) {
            return new Parts(title, teaser, s, keyPoints);
        }

        Parts withKeyPoints(List<String> k) {
            return new Parts(title, teaser, summary, k);
        }
    }

    /** How many visible characters the card has over {@link #MAX_CARD_LENGTH}; zero or less when it fits. */
    private int excess(Paper paper, Parts parts) {
        return Html.visibleLength(compose(paper, parts)) - MAX_CARD_LENGTH;
    }

    private static String shortenBy(String plain, int excess) {
        return Html.shorten(plain, Math.max(1, plain.length() - excess));
    }

    private String compose(Paper p, Parts parts) {
        StringBuilder sb = new StringBuilder(2048);
        sb.append(Html.bold(parts.title)).append('\n');
        sb.append(Html.italic(authors(p.authors()))).append('\n');
        sb.append(texts.format("card.venue", Html.escape(p.venue()), Html.escape(p.track()))).append("\n\n");
        sb.append(texts.format("card.teaser", Html.escape(parts.teaser))).append("\n\n");
        sb.append(texts.get("card.keyPoints")).append('\n');
        for (String point : parts.keyPoints) {
            sb.append("• ").append(Html.escape(point)).append('\n');
        }
        sb.append('\n');
        sb.append(p.topics().stream().map(t -> "#" + Html.escape(t)).collect(Collectors.joining(" "))).append('\n');
        sb.append(texts.format("card.summary", Html.escape(parts.summary)));
        return sb.toString();
    }
}
