package org.paperbot.reader;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Keys;
import org.paperbot.catalog.Paper;
import org.paperbot.search.SearchIndex;
import org.paperbot.store.FollowStore.Follow;
import org.paperbot.store.FollowStore.Kind;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a follow means: reading "/follow …" into a {@link Follow}, and whether a paper matches one. Topics compare by
 * their topic key ({@link Keys#topic}); authors and keywords by words, after case and ё folding and with accents
 * dropped ("Schölkopf" = "scholkopf"). Cyrillic spellings of Latin names are not matched («Бенжио» is not "Bengio").
 */
public final class FollowMatch {
    /** Longer follows are refused: they fit a button's 64 bytes with room to spare, and no name or topic is longer. */
    public static final int MAX_LENGTH = 28;
    public static final int MIN_LENGTH = 2;
    /** Where the Latin letters with accents end (after Latin Extended-B). */
    private static final char LATIN_END = '\u0250';
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    /** Papers the index offers as having the words in an author's name; a name matches in the first few. */
    static final int AUTHOR_CANDIDATES = 20;

    private FollowMatch() {
    }

    /**
     * The follow "/follow {@code text}" asks for: "#тема" is a topic; otherwise a topic of the catalog if one is
     * spelled so, an author if one of the catalog's authors has all these words in their name, else a keyword.
     * Empty when the text has nothing to compare by (punctuation only).
     */
    public static Optional<Follow> parse(String text, Catalog catalog, SearchIndex search) {
        String label = text.strip();
        if (label.startsWith("#")) {
            String tag = label.substring(1).strip();
            String key = Keys.topic(tag);
            return words(key).isEmpty() ? Optional.empty() : Optional.of(new Follow(Kind.TOPIC, key, "#" + tag));
        }
        String words = words(label);
        if (words.isBlank()) {
            return Optional.empty();
        }
        String topicKey = Keys.topic(label);
        if (catalog.topics().stream().anyMatch(t -> Keys.topic(t.topic()).equals(topicKey))) {
            return Optional.of(new Follow(Kind.TOPIC, topicKey, "#" + label));
        }
        // The index narrows the catalog to papers with these words among their authors' names; the words are then
        // compared as a follow compares them.
        boolean author = search.withAuthorWords(label, AUTHOR_CANDIDATES).stream().flatMap(p -> p.authors().stream())
                .anyMatch(a -> containsWords(words(a), words));
        return Optional.of(new Follow(author ? Kind.AUTHOR : Kind.KEYWORD, words, label));
    }

    /** Whether {@code paper} is one the follow asks about. */
    public static boolean matches(Follow follow, Paper paper) {
        return switch (follow.kind()) {
            case TOPIC -> paper.topics().stream().anyMatch(t -> Keys.topic(t).equals(follow.key()));
            case AUTHOR -> paper.authors().stream().anyMatch(a -> containsWords(words(a), follow.key()));
            case KEYWORD -> containsWords(words(String.join(" ", paper.title(), String.join(" ", paper.keywords()),
                    String.join(" ", paper.topics()), String.join(" ", paper.authors()))), follow.key());
        };
    }

    /**
     * Text as words for comparison: folded, accents dropped from Latin letters (Cyrillic й stays й), one space between
     * words.
     */
    public static String words(String text) {
        String decomposed = Normalizer.normalize(Keys.fold(text), Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        char base = 0;
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) == Character.NON_SPACING_MARK) {
                if (base >= LATIN_END) {
                    out.append(c);
                }
            } else {
                base = c;
                out.append(c);
            }
        }
        String folded = Normalizer.normalize(out, Normalizer.Form.NFC);
        return NOT_WORD.matcher(folded).replaceAll(" ").strip();
    }

    /** Whether {@code words} occur in {@code text} as whole words, in that order. */
    private static boolean containsWords(String text, String words) {
        return (" " + text + " ").contains(" " + words + " ");
    }
}
