package org.paperbot.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typographic checks of the Russian prose a reader sees: the catalog's teasers, summaries, key points and venue
 * facts, and the bot's own texts. Each rule catches a slip that the loader cannot see and a reader does: straight
 * quotes instead of «ёлочки», a percent sign that can wrap away from its number, «80+» instead of words, and
 * Latin letters hiding inside Cyrillic words (a search for «LLМ» with a Cyrillic М finds nothing). The catalog
 * tests run it over {@code config/papers.json}; the curator's {@code catalog check} can run it over drafts.
 */
public final class RussianLint {
    /** One problem in one field, e.g. {@code keyPoints[2]: write «более чем 80» instead of «80+»}. */
    public record Finding(String field, String problem) {
        @Override
        public String toString() {
            return field + ": " + problem;
        }
    }

    static final char NBSP = '\u00A0';
    private static final char NARROW_NBSP = '\u202F';
    private static final Pattern NUMBER_PLUS = Pattern.compile("\\d+\\+(?![\\d\\p{L}])");
    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    /** Every finding for the paper's Russian fields (title, authors and keywords are English by design). */
    public List<Finding> check(Paper paper) {
        List<Finding> findings = new ArrayList<>();
        findings.addAll(check("teaser", paper.teaser()));
        findings.addAll(check("summary", paper.summary()));
        for (int i = 0; i < paper.keyPoints().size(); i++) {
            findings.addAll(check("keyPoints[" + i + "]", paper.keyPoints().get(i)));
        }
        return findings;
    }

    public List<Finding> check(Venue venue) {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < venue.facts().size(); i++) {
            findings.addAll(check("facts[" + i + "]", venue.facts().get(i)));
        }
        return findings;
    }

    /** Findings for one plain-text field (not HTML: markup attributes would read as straight quotes). */
    public List<Finding> check(String field, String text) {
        List<Finding> findings = new ArrayList<>();
        if (text.indexOf('"') >= 0) {
            findings.add(new Finding(field, "straight quote \" in Russian text, use «ёлочки» (and „лапки“ inside them)"));
        }
        for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
            char before = i == 0 ? ' ' : text.charAt(i - 1);
            if (before != NBSP && before != NARROW_NBSP) {
                findings.add(new Finding(field, "'%' without a non-breaking space (U+00A0) before it: "
                        + excerpt(text, i)));
            }
        }
        Matcher plus = NUMBER_PLUS.matcher(text);
        while (plus.find()) {
            String n = plus.group().substring(0, plus.group().length() - 1);
            findings.add(new Finding(field, "write «более чем " + n + "» instead of «" + plus.group() + "»"));
        }
        Matcher word = WORD.matcher(text);
        while (word.find()) {
            mixedScripts(word.group()).ifPresent(p -> findings.add(new Finding(field, p)));
        }
        return findings;
    }

    /**
     * A word made of Cyrillic and Latin letters at once is almost always a look-alike typed on the wrong
     * keyboard (Latin «a», «e», «o», «c», «p», «x» inside a Russian word, or Cyrillic «М» inside «LLM»).
     * Words are runs of letters, so «NLP-специалисты» and «GPT-3.5» are two and one clean words.
     */
    private static Optional<String> mixedScripts(String word) {
        int cyrillic = 0;
        int latin = 0;
        for (int i = 0; i < word.length(); i++) {
            Character.UnicodeScript s = Character.UnicodeScript.of(word.charAt(i));
            if (s == Character.UnicodeScript.CYRILLIC) {
                cyrillic++;
            } else if (s == Character.UnicodeScript.LATIN) {
                latin++;
            }
        }
        if (cyrillic == 0 || latin == 0) {
            return Optional.empty();
        }
        // Name the letters of the minority script: those are the ones typed by mistake.
        Character.UnicodeScript odd = latin <= cyrillic ? Character.UnicodeScript.LATIN : Character.UnicodeScript.CYRILLIC;
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.UnicodeScript.of(c) == odd) {
                letters.append(letters.isEmpty() ? "" : ", ").append(c).append(String.format(" (U+%04X)", (int) c));
            }
        }
        return Optional.of("«" + word + "» mixes Cyrillic and Latin letters; "
                + (odd == Character.UnicodeScript.LATIN ? "Latin" : "Cyrillic") + ": " + letters);
    }

    private static String excerpt(String text, int at) {
        return "«" + text.substring(Math.max(0, at - 12), Math.min(text.length(), at + 1)) + "»";
    }
}
