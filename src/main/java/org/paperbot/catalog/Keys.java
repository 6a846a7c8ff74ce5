package org.paperbot.catalog;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How what people type is compared with the catalog, one rule each: letter case and ё, topic tags, arXiv versions.
 * The catalog's lookups, the loader's duplicate checks and the search index all key by these.
 */
public final class Keys {
    private static final Pattern ARXIV_VERSION = Pattern.compile("v\\d+$", Pattern.CASE_INSENSITIVE);

    private Keys() {
    }

    /** Lower case, and ё as е: Russian text writes ё only sometimes, and a lookup must not depend on it. */
    public static String fold(String text) {
        return text.toLowerCase(Locale.ROOT).replace('ё', 'е');
    }

    /** A topic tag as a key: a leading '#' and surrounding space ignored, then {@link #fold folded}. */
    public static String topic(String tag) {
        String t = tag.strip();
        return fold(t.startsWith("#") ? t.substring(1) : t);
    }

    /** An arXiv id without its version suffix: all versions of a preprint are the same paper. */
    public static String arxiv(String arxivId) {
        return ARXIV_VERSION.matcher(arxivId).replaceFirst("");
    }
}
