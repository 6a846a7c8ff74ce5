package org.paperbot.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArrayMap;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.paperbot.catalog.Keys;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.RussianStemmer;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/**
 * One analysis chain for the bilingual catalog: UAX#29 words, lower case, ё→е, then each word's stem — the Russian
 * Snowball stemmer for Cyrillic words, the English (Porter2) one for Latin words; other words (numbers, other scripts)
 * stay as written. Stems carry a {@link #STEM_MARK} prefix, so they can never be confused with a word as written.
 *
 * <p>Why one script-aware chain rather than every field indexed twice (Russian- and English-analysed): the catalog
 * mixes both languages inside one sentence («дообучение Alpaca-7B», «мягкий промпт (soft prompt)»), and the script of
 * a word tells its language reliably. One chain halves the index and, more importantly, the number of query clauses
 * per word, which is what the as-you-type latency budget is spent on.
 *
 * <p>The index holds stems only: every document containing any form of a word contains its stem term, so an exact
 * match is one term per field, whatever the inflection. Prefix and typo matching need the words as written instead —
 * a half-typed word («attentio», «обучени») or a typo («приватнсть») is close to «attention», «обучение»,
 * «приватность», not to the stems «attent», «обучен», «приватн» — so indexing collects the distinct words as
 * written on the side, and {@link Vocabulary} maps each to its stem term. Indexing them as terms as well would double
 * the tokens to invert, the largest cost of building the index.
 *
 * <p>The query side emits each word as written and then its stem at the same position, and keeps stop words, so that
 * the query builder can still treat a stop word that is the last, half-typed word as a prefix («обучение с под»).
 */
final class PaperAnalyzer extends Analyzer {
    /** Prefix of stem terms; analysed text never contains control characters. */
    static final char STEM_MARK = '\u0001';
    /** Russian and English stop words with ё folded to е, as the chain folds the text before looking words up. */
    static final CharArraySet STOP_WORDS = stopWords();

    private final boolean indexing;
    private final int maxCachedStems;
    private final Set<String> writtenWords;

    private PaperAnalyzer(boolean indexing, int maxCachedStems, Set<String> writtenWords) {
        this.indexing = indexing;
        this.maxCachedStems = maxCachedStems;
        this.writtenWords = writtenWords;
    }

    /**
     * Drops stop words and indexes stems only; every word as written that has a stem is added to
     * {@code writtenWords} (thread-safe: indexing runs on several threads). A large stem cache, as indexing runs
     * through the whole catalog text.
     */
    static PaperAnalyzer forIndexing(Set<String> writtenWords) {
        return new PaperAnalyzer(true, 50_000, writtenWords);
    }

    /** Keeps stop words and emits each word as written, then its stem; a small stem cache per searching thread. */
    static PaperAnalyzer forQueries() {
        return new PaperAnalyzer(false, 2_000, null);
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        Stemmer stemmer = new Stemmer(maxCachedStems, indexing, writtenWords);
        return new TokenStreamComponents(source, new VerbatimAndStemFilter(new LowerCaseYoFilter(source), stemmer, !indexing));
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseYoFilter(in);
    }

    private static CharArraySet stopWords() {
        CharArraySet set = new CharArraySet(256, false);
        for (CharArraySet source : new CharArraySet[] {RussianAnalyzer.getDefaultStopSet(), EnglishAnalyzer.ENGLISH_STOP_WORDS_SET}) {
            for (Object word : source) {
                set.add(Keys.fold(new String((char[]) word)));
            }
        }
        return CharArraySet.unmodifiableSet(set);
    }

    /**
     * Stems lower-cased words by script, with a bounded cache, and recognises stop words. Not thread-safe: each
     * analysis chain (one per thread, by Analyzer reuse) and each vocabulary build owns one. The cache matters:
     * profiling the 100 000-paper build showed Snowball stemming taking a third of the indexing time, and prose
     * repeats its words.
     */
    static final class Stemmer {
        /** Cached for words that have no stem (not Cyrillic or Latin). */
        private static final char[] SAME = new char[0];
        /** Cached for stop words when they are dropped: one hash lookup answers both "stop word?" and "stem?". */
        private static final char[] STOP = new char[0];

        private final SnowballStemmer russian = new RussianStemmer();
        private final SnowballStemmer english = new EnglishStemmer();
        private final CharArrayMap<char[]> cache = new CharArrayMap<>(1024, false);
        /** When full the cache is simply cleared (Zipf: the frequent words come straight back); 0: no cache. */
        private final int maxCached;
        private final boolean dropStopWords;
        /** Receives each word that has a stem, once per cache miss; null if nobody collects them. */
        private final Set<String> writtenWords;

        Stemmer(int maxCached, boolean dropStopWords, Set<String> writtenWords) {
            this.maxCached = maxCached;
            this.dropStopWords = dropStopWords;
            this.writtenWords = writtenWords;
        }

        /**
         * The marked stem term of a word; {@link #SAME} when the word has none; {@link #STOP} for a stop word that is
         * dropped.
         */
        private char[] lookup(char[] buffer, int length) {
            if (maxCached == 0) {
                return compute(buffer, length);
            }
            char[] cached = cache.get(buffer, 0, length);
            if (cached == null) {
                cached = compute(buffer, length);
                if (cache.size() >= maxCached) {
                    cache.clear();
                }
                char[] word = Arrays.copyOf(buffer, length);
                cache.put(word, cached);
                if (writtenWords != null && cached != SAME && cached != STOP) {
                    writtenWords.add(new String(word));
                }
            }
            return cached;
        }

        /** The term that every document containing the word also contains: its marked stem, else the word itself. */
        String stemTerm(String word) {
            char[] stem = lookup(word.toCharArray(), word.length());
            return stem == SAME || stem == STOP ? word : new String(stem);
        }

        private char[] compute(char[] buffer, int length) {
            if (dropStopWords && STOP_WORDS.contains(buffer, 0, length)) {
                return STOP;
            }
            SnowballStemmer stemmer = length == 0 ? null : switch (Character.UnicodeScript.of(Character.codePointAt(buffer, 0, length))) {
                case CYRILLIC -> russian;
                case LATIN -> english;
                default -> null;
            };
            if (stemmer == null) {
                return SAME;
            }
            // Snowball stems in place in the array it is given: hand it a copy, or the word as written is corrupted.
            stemmer.setCurrent(Arrays.copyOf(buffer, length), length);
            stemmer.stem();
            int n = stemmer.getCurrentBufferLength();
            char[] marked = new char[n + 1];
            marked[0] = STEM_MARK;
            System.arraycopy(stemmer.getCurrentBuffer(), 0, marked, 1, n);
            return marked;
        }
    }

    /**
     * Lower case, and ё as е: {@link Keys#fold} as a token filter, so words in the index and in queries fold like
     * the catalog's keys. One filter instead of LowerCaseFilter + a mapping filter, with a fast path for the ASCII and
     * basic Cyrillic letters that make up nearly all of the text; other letters are lowered one code point at a time
     * (İ becomes i, not String's i + combining dot, which no one types in a query).
     */
    static final class LowerCaseYoFilter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

        LowerCaseYoFilter(TokenStream in) {
            super(in);
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (!input.incrementToken()) {
                return false;
            }
            char[] buffer = term.buffer();
            int length = term.length();
            int latin = 0;
            int cyrillic = 0;
            for (int i = 0; i < length; ) {
                char c = buffer[i];
                if (c >= 'A' && c <= 'Z') {
                    buffer[i++] = (char) (c + ('a' - 'A'));
                    latin++;
                } else if (c < 0x80) {
                    latin += c >= 'a' && c <= 'z' ? 1 : 0;
                    i++;
                } else if (c >= 'а' && c <= 'я') {
                    cyrillic++;
                    i++;
                } else if (c >= 'А' && c <= 'Я') {
                    buffer[i++] = (char) (c + ('а' - 'А'));
                    cyrillic++;
                } else if (c == 'ё' || c == 'Ё') {
                    buffer[i++] = 'е';
                    cyrillic++;
                } else {
                    int cp = Character.codePointAt(buffer, i, length);
                    i += Character.toChars(Character.toLowerCase(cp), buffer, i);
                }
            }
            if (latin > 0 && cyrillic > 0) {
                foldLookAlikes(buffer, length, latin >= cyrillic);
            }
            return true;
        }
    }

    /** Lower-case letters that look the same in Latin and Cyrillic, at the same index in both strings. */
    private static final String LATIN_LOOK_ALIKES = "aceopxykmhtb";
    private static final String CYRILLIC_LOOK_ALIKES = "асеорхукмнтв";

    /**
     * A lower-case word written in one script the way the analyzer writes it ({@link #foldLookAlikes}), for exact
     * terms that are not analysed (topic tags: «#LLМ» with a Cyrillic М is #LLM).
     */
    static String inOneScript(String word) {
        int latin = 0;
        int cyrillic = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            latin += c >= 'a' && c <= 'z' ? 1 : 0;
            cyrillic += c >= 'а' && c <= 'я' ? 1 : 0;
        }
        if (latin == 0 || cyrillic == 0) {
            return word;
        }
        char[] buffer = word.toCharArray();
        foldLookAlikes(buffer, buffer.length, latin >= cyrillic);
        return new String(buffer);
    }

    /**
     * A word mixing Latin and Cyrillic letters (LLМ with a Cyrillic М, «трансформер» with a Latin о) is written in the
     * script most of its letters are in: the others are look-alikes typed with the wrong layout or pasted from a PDF.
     * If some letter of the other script has no look-alike, the word is left as it is.
     */
    static void foldLookAlikes(char[] buffer, int length, boolean toLatin) {
        String from = toLatin ? CYRILLIC_LOOK_ALIKES : LATIN_LOOK_ALIKES;
        String to = toLatin ? LATIN_LOOK_ALIKES : CYRILLIC_LOOK_ALIKES;
        for (int i = 0; i < length; i++) {
            char c = buffer[i];
            boolean foreign = toLatin ? c >= 'а' && c <= 'я' : c >= 'a' && c <= 'z';
            if (foreign && from.indexOf(c) < 0) {
                return;
            }
        }
        for (int i = 0; i < length; i++) {
            int k = from.indexOf(buffer[i]);
            if (k >= 0) {
                buffer[i] = to.charAt(k);
            }
        }
    }

    /**
     * Replaces each word by the forms the index or the query needs, and drops stop words when indexing: a word with a
     * stem becomes its marked stem, preceded (for queries) by the word as written at the same position; a word
     * without one stays as it is. KeywordRepeatFilter + a stemmer + RemoveDuplicatesTokenFilter + StopFilter in one
     * pass and one hash lookup per word, without attribute-state cloning and per-position sets, which profiling showed
     * to cost about as much as the stemming itself.
     */
    static final class VerbatimAndStemFilter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
        private final Stemmer stemmer;
        private final boolean keepVerbatim;
        private char[] pendingStem;

        VerbatimAndStemFilter(TokenStream in, Stemmer stemmer, boolean keepVerbatim) {
            super(in);
            this.stemmer = stemmer;
            this.keepVerbatim = keepVerbatim;
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (pendingStem != null) {
                term.copyBuffer(pendingStem, 0, pendingStem.length);
                increment.setPositionIncrement(0);
                pendingStem = null;
                return true;
            }
            while (input.incrementToken()) {
                char[] stem = stemmer.lookup(term.buffer(), term.length());
                if (stem == Stemmer.STOP) {
                    continue; // positions are not indexed, so a dropped stop word needs no position gap
                }
                if (stem != Stemmer.SAME) {
                    if (keepVerbatim) {
                        pendingStem = stem;
                    } else {
                        term.copyBuffer(stem, 0, stem.length);
                    }
                }
                return true;
            }
            return false;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            pendingStem = null;
        }
    }
}
