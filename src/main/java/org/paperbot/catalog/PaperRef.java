package org.paperbot.catalog;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A paper named the way people paste it: an OpenReview link, an arXiv link, or an arXiv id with or without
 * {@code arXiv:} and a version. The one reader of such references, shared by /paper and search.
 */
public sealed interface PaperRef {
    /** An OpenReview id, as written. */
    record OpenReview(String id) implements PaperRef {
        @Override
        public Optional<Paper> in(Catalog catalog) {
            return catalog.byId(id);
        }
    }

    /** An arXiv id without its version ({@link Keys#arxiv}). */
    record Arxiv(String id) implements PaperRef {
        public Arxiv {
            id = Keys.arxiv(id);
        }

        @Override
        public Optional<Paper> in(Catalog catalog) {
            return catalog.byArxivId(id);
        }
    }

    /** The paper this names in {@code catalog}, if it is there. */
    Optional<Paper> in(Catalog catalog);

    /** The OpenReview id as written, or the arXiv id without version. */
    String id();

    Pattern OPENREVIEW_URL = Pattern.compile(
            "(?:https?://)?(?:www\\.)?openreview\\.net/(?:forum|pdf|attachment)\\?(?:\\S*?&)?id=([A-Za-z0-9_-]{1,40})\\S*",
            Pattern.CASE_INSENSITIVE);
    Pattern ARXIV_URL = Pattern.compile(
            "(?:https?://)?(?:www\\.|export\\.)?arxiv\\.org/(?:abs|pdf|html)/(\\d{4}\\.\\d{4,5}(?:v\\d+)?)\\S*",
            Pattern.CASE_INSENSITIVE);
    /** "2310.12773", "arXiv:2310.12773v2", also with a space after the colon as some reference managers write it. */
    Pattern ARXIV_ID = Pattern.compile("(?:arxiv:\\s*)?(\\d{4}\\.\\d{4,5}(?:v\\d+)?)", Pattern.CASE_INSENSITIVE);

    /**
     * The reference in one word: a link anywhere in it (so surrounding punctuation does no harm), or the whole
     * word an arXiv id. Empty for anything else, including a bare OpenReview id, which looks like any word.
     */
    static Optional<PaperRef> parse(String word) {
        Matcher openReview = OPENREVIEW_URL.matcher(word);
        if (openReview.find()) {
            return Optional.of(new OpenReview(openReview.group(1)));
        }
        Matcher arxivUrl = ARXIV_URL.matcher(word);
        if (arxivUrl.find()) {
            return Optional.of(new Arxiv(arxivUrl.group(1)));
        }
        Matcher arxivId = ARXIV_ID.matcher(word);
        if (arxivId.matches()) {
            return Optional.of(new Arxiv(arxivId.group(1)));
        }
        return Optional.empty();
    }
}
