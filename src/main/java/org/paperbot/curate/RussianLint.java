package org.paperbot.curate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typography a reader notices in Russian text: straight quotes instead of «ёлочки», a number glued to % or
 * separated from it by a breakable space (Russian writes «5 %» with a non-breaking space), and words that mix
 * Latin and Cyrillic letters (a Latin «а» in «задача», a Cyrillic «М» in «LLM»), which search and readers'
 * screen readers trip over. Each finding names the problem in a few words.
 */
public final class RussianLint {
    private static final Pattern CYRILLIC = Pattern.compile("\\p{IsCyrillic}");
    private static final Pattern PERCENT = Pattern.compile("\\d( ?)%");
    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    public List<String> check(String text) {
        List<String> findings = new ArrayList<>();
        if (text.indexOf('"') >= 0 && CYRILLIC.matcher(text).find()) {
            findings.add("straight quotes \"…\": use «ёлочки»");
        }
        Matcher percent = PERCENT.matcher(text);
        while (percent.find()) {
            findings.add("'" + percent.group() + "': put a non-breaking space (U+00A0) between the number and %");
        }
        Matcher word = WORD.matcher(text);
        while (word.find()) {
            mixedScript(word.group()).ifPresent(findings::add);
        }
        return findings;
    }

    /** The letters of the rarer script in a word that has both, by position. */
    private static Optional<String> mixedScript(String word) {
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
        Character.UnicodeScript odd = cyrillic >= latin ? Character.UnicodeScript.LATIN : Character.UnicodeScript.CYRILLIC;
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            if (Character.UnicodeScript.of(word.charAt(i)) == odd) {
                letters.append(letters.isEmpty() ? "" : ", ").append(word.charAt(i)).append(" at ").append(i + 1);
            }
        }
        return Optional.of("'" + word + "' mixes Latin and Cyrillic letters ("
                + (odd == Character.UnicodeScript.LATIN ? "Latin " : "Cyrillic ") + letters + ")");
    }
}
