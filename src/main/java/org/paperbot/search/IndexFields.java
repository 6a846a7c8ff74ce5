package org.paperbot.search;

import java.util.List;

/** Names and weights of the index fields, shared by the index writer and the query builder. */
final class IndexFields {
    /**
     * A searchable text field and its weight. Weights order the fields by how much a match says about the paper:
     * a word of the title or a topic tag names what the paper is about, a word somewhere in the summary may be
     * incidental.
     *
     * @param lengthNorm whether BM25 normalises by field length. Only the long prose field needs it; in the short
     *                   fields it would only penalise a long author or keyword list, and without norms scoring reads
     *                   no norm per hit (a fifth of the scoring time in profiles).
     */
    record Text(String name, float boost, boolean lengthNorm) {
    }

    static final Text TITLE = new Text("title", 4.0f, false);
    static final Text TOPICS = new Text("topics", 3.5f, false);
    static final Text KEYWORDS = new Text("keywords", 2.5f, false);
    static final Text AUTHORS = new Text("authors", 2.5f, false);
    /** Venue and track («ICLR 2024 Spotlight»): shared by many papers, so a match there says little. */
    static final Text VENUE = new Text("venue", 1.5f, false);
    /** Teaser, summary and key points: long Russian prose, so one field with the lowest weight. */
    static final Text BODY = new Text("body", 1.0f, true);

    static final List<Text> TEXT = List.of(TITLE, TOPICS, KEYWORDS, AUTHORS, VENUE, BODY);

    /** Exact OpenReview id and arXiv id (without version), lower case; not analysed. */
    static final String IDS = "ids";
    /** Exact topic tags as {@code Catalog} keys them: lower case, ё→е, no '#'; not analysed. */
    static final String TAGS = "tag";
    /** Catalog position; the index is sorted by it so that document id = position. */
    static final String POSITION = "pos";

    private IndexFields() {
    }
}
