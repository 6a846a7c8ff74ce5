package org.paperbot.search;

import com.ibm.icu.text.Transliterator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Other spellings of a query word that the reader may have meant: the same keys on the other keyboard layout
 * (ЙЦУКЕН ↔ QWERTY: {@code nhfycajhvths} is «трансформеры»), and the word in the other script (ICU transliterators:
 * «альпака» → alpaka, transformery → трансформеры). English names are not spelt the way they sound, so a Cyrillic word
 * is also compared with the Latin words of the index by {@link #skeleton}: «Пиноккио» and Pinocchio, «Бенжио» and
 * Bengio, «гфлоунет» and GFlowNet have the same skeleton.
 *
 * <p>Thread-safe: ICU transliterators are not documented as such, so each use locks its instance; they are only asked
 * about words the index does not know, a few microseconds each.
 */
final class Spellings {
    private static final String QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
    private static final String JCUKEN = "йцукенгшщзхъфывапролджэячсмитьбюё";

    private final Transliterator toLatin = Transliterator.getInstance("Russian-Latin/BGN; Latin-ASCII");
    private final Transliterator toCyrillic = Transliterator.getInstance("Latin-Cyrillic");

    /** The word typed with the other layout on, or empty if some letter is on neither layout. */
    static String otherLayout(String word) {
        StringBuilder sb = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            int q = QWERTY.indexOf(c);
            int j = JCUKEN.indexOf(c);
            if (q >= 0) {
                sb.append(JCUKEN.charAt(q));
            } else if (j >= 0) {
                sb.append(QWERTY.charAt(j == JCUKEN.length() - 1 ? QWERTY.indexOf('`') : j));
            } else if (Character.isDigit(c)) {
                sb.append(c);
            } else {
                return "";
            }
        }
        return sb.toString();
    }

    /** Alternative spellings to try for a word the index does not know, most likely first; may be empty. */
    List<String> alternatives(String word) {
        List<String> out = new ArrayList<>(2);
        String layout = otherLayout(word);
        if (!layout.isEmpty()) {
            out.add(layout);
        }
        String script = otherScript(word);
        if (!script.isEmpty() && !out.contains(script)) {
            out.add(script);
        }
        return out;
    }

    /** The word transliterated into the other script (Cyrillic ↔ Latin); empty for a word of neither. */
    String otherScript(String word) {
        if (isCyrillic(word)) {
            return latin(word);
        }
        if (isLatin(word)) {
            synchronized (toCyrillic) {
                return toCyrillic.transliterate(word).toLowerCase(Locale.ROOT);
            }
        }
        return "";
    }

    /** A Cyrillic word in Latin letters, ASCII only (soft and hard signs dropped). */
    String latin(String word) {
        String s;
        synchronized (toLatin) {
            s = toLatin.transliterate(word);
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * A rough sound of a Latin word, for matching a name written in Cyrillic with its Latin original: the differences
     * between a phonetic transliteration and English, Italian or French spelling are folded away (c/k/q, ph/f, w/u,
     * y/i, g or zh before a front vowel, doubled letters, a silent h), and so are the doubled consonants. Only ever
     * compared for equality.
     */
    static String skeleton(String latin) {
        String s = latin.toLowerCase(Locale.ROOT)
                .replace("cch", "k")
                .replace("ph", "f").replace("ck", "k").replace("qu", "kv").replace("q", "k")
                .replace("zh", "j").replace("dj", "j").replace("kh", "h").replace("ts", "c").replace("tz", "c")
                .replace("ow", "ou").replace("w", "u").replace("x", "ks").replace("y", "i");
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
            if (c == 'c') {
                c = next == 'e' || next == 'i' ? 's' : next == 'h' ? 'c' : 'k';
            } else if (c == 'g' && (next == 'e' || next == 'i')) {
                c = 'j';
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) == c && !isVowel(c)) {
                continue; // doubled consonants: «Пиноккио» has kk where Pinocchio has cc
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static boolean isVowel(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    }

    static boolean isCyrillic(String word) {
        return !word.isEmpty() && word.codePoints().allMatch(cp -> Character.isDigit(cp)
                || Character.UnicodeScript.of(cp) == Character.UnicodeScript.CYRILLIC);
    }

    static boolean isLatin(String word) {
        return !word.isEmpty() && word.codePoints().allMatch(cp -> Character.isDigit(cp)
                || Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN);
    }
}
