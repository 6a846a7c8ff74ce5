package org.paperbot.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.paperbot.catalog.Keys;
import org.paperbot.catalog.PaperRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a normalised user query into a Lucene query. The query is never parsed as Lucene syntax: it is split into
 * whitespace chunks (checked for ids, URLs and tags) and analysed into words, and every clause is built from those
 * tokens, so {@code +-&&||!(){}[]^"~*?:\/} are just punctuation.
 *
 * <p>Score layout, from the top: an exact id match ({@link #ID_SCORE}) beats everything; then the number of matched
 * words ({@link MatchBonusQuery}, {@link #WORD_BONUS} each); then an exact topic tag ({@link #TAG_SCORE}); then
 * BM25 relevance with field weights, capped per word at {@link #WORD_CAP}. The constants keep these tiers apart:
 * {@code MAX_WORDS × WORD_CAP + TAG_SCORE < WORD_BONUS} and {@code MAX_WORDS × (WORD_BONUS + WORD_CAP) + TAG_SCORE <
 * ID_SCORE}.
 */
final class QueryBuilder {
    /** Words beyond this are ignored: it bounds the clause count (Lucene refuses more than 1024) and the latency. */
    static final int MAX_WORDS = 10;
    static final float WORD_BONUS = 10_000f;
    static final float WORD_CAP = 800f;
    static final float TAG_SCORE = 1_000f;
    static final float ID_SCORE = 1_000_000f;

    /** Typos are only forgiven in words this long: shorter ones have too many neighbours at distance 1. */
    static final int FUZZY_MIN_LENGTH = 5;
    /** From this length on, two edits are allowed. */
    static final int FUZZY_TWO_EDITS_LENGTH = 8;
    /** The first letter of a misspelt word is assumed right: it cuts the vocabulary walk many times over. */
    static final int FUZZY_PREFIX_LENGTH = 1;
    /** Closest (then most frequent) terms a misspelt word stands for. */
    static final int FUZZY_MAX_EXPANSIONS = 8;
    /** Most frequent completions of the word being typed; more would cost postings, not help the first page. */
    static final int PREFIX_MAX_EXPANSIONS = 16;
    /** A one-letter prefix matches half the vocabulary and says nothing. */
    static final int PREFIX_MIN_LENGTH = 2;
    /** A half-typed word that is also a stop word («под», «для») needs one more letter before it is a prefix. */
    static final int STOP_WORD_PREFIX_MIN_LENGTH = 3;

    static final float FUZZY_WEIGHT = 0.5f;
    /** Within a typo match, one edit counts more than two. */
    static final float TWO_EDITS_WEIGHT = 0.7f;
    static final float PREFIX_WEIGHT = 0.7f;

    private static final Pattern PAPER_ID = Pattern.compile("[a-z0-9_-]{1,40}");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_]{1,28}");

    private final Analyzer analyzer;
    private final Vocabulary vocabulary;
    private final IndexReader reader;

    QueryBuilder(Analyzer analyzer, Vocabulary vocabulary, IndexReader reader) {
        this.analyzer = analyzer;
        this.vocabulary = vocabulary;
        this.reader = reader;
    }

    /** A query word: as written (lower case, ё→е) and its stem (unmarked); {@code last} marks the word being typed. */
    record Word(String raw, String stem, boolean last) {
    }

    /** What a query asks for, before it becomes Lucene clauses. */
    record Parsed(Set<String> ids, Set<String> tags, List<Word> words) {
        boolean isEmpty() {
            return ids.isEmpty() && tags.isEmpty() && words.isEmpty();
        }
    }

    /** The Lucene query for a normalised query, or empty when nothing in it is searchable. */
    Optional<Query> build(String normalized) {
        Parsed parsed = parse(normalized);
        List<Query> clauses = new ArrayList<>();
        // Only ids and tags that exist get a clause: almost every word looks like an id, and a clause that cannot
        // match still turns a one-word query into a two-clause one, which is slower to score (below).
        List<BytesRef> ids = existing(IndexFields.IDS, parsed.ids());
        if (!ids.isEmpty()) {
            clauses.add(constant(new TermInSetQuery(IndexFields.IDS, ids), ID_SCORE));
        }
        List<BytesRef> tags = existing(IndexFields.TAGS, parsed.tags());
        if (!tags.isEmpty()) {
            clauses.add(constant(new TermInSetQuery(IndexFields.TAGS, tags), TAG_SCORE));
        }
        List<Query> words = parsed.words().stream().map(this::wordQuery).flatMap(Optional::stream).toList();
        if (clauses.isEmpty() && words.size() == 1) {
            // A lone word has no tiers to keep apart, so no match bonus; unwrapped, its disjunction is the top-level
            // query, and there Lucene skips papers that cannot make the first page (block-max WAND / MaxScore)
            // instead of scoring every paper that contains a common word.
            return Optional.of(words.get(0));
        }
        words.forEach(w -> clauses.add(new MatchBonusQuery(w, WORD_BONUS, WORD_CAP)));
        if (clauses.isEmpty()) {
            return Optional.empty();
        }
        BooleanQuery.Builder top = new BooleanQuery.Builder();
        clauses.forEach(c -> top.add(c, BooleanClause.Occur.SHOULD));
        return Optional.of(top.build());
    }

    Parsed parse(String normalized) {
        Set<String> ids = new LinkedHashSet<>();
        Set<String> tags = new LinkedHashSet<>();
        StringBuilder text = new StringBuilder();
        for (String chunk : normalized.split(" ")) {
            if (chunk.isEmpty()) {
                continue;
            }
            String bare = trimPunctuation(chunk);
            Optional<PaperRef> ref = PaperRef.parse(chunk).or(() -> PaperRef.parse(bare));
            if (ref.isPresent()) {
                // A pasted link or arXiv id names one paper; the parts of a link ("https", "forum", "abs") are not words.
                ids.add(Keys.fold(ref.get().id()));
                continue;
            }
            if (PAPER_ID.matcher(bare).matches()) {
                // Any word might be an OpenReview id (they look like "y01kgvd9bw"); an exact-term lookup is cheap, and
                // the chunk stays in the text because it is far more often an ordinary word.
                ids.add(bare);
            }
            String tag = Keys.topic(bare);
            if (TAG.matcher(tag).matches()) {
                tags.add(tag);
            }
            // Tags join words with '_' (обучение_в_контексте) and are indexed as separate words, so split them here too.
            // A ':' inside a word keeps it one word for the tokenizer (UAX#29), but in a query it is a separator:
            // "title:transformer" means the two words.
            text.append(chunk.replace('_', ' ').replace(':', ' ')).append(' ');
        }
        return new Parsed(ids, tags, words(text.toString()));
    }

    private List<Word> words(String text) {
        List<String[]> tokens = new ArrayList<>(); // {raw, stem}
        try (TokenStream ts = analyzer.tokenStream("query", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                String value = term.toString();
                if (increment.getPositionIncrement() > 0 || tokens.isEmpty()) {
                    // The analyzer emits the word as written first, then its marked stem (if it has one) at the same
                    // position.
                    tokens.add(new String[] {value, value});
                } else {
                    tokens.get(tokens.size() - 1)[1] = value.substring(1); // drop the stem mark
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing a string cannot fail", e);
        }
        Map<String, Word> unique = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size() && unique.size() < MAX_WORDS; i++) {
            String raw = tokens.get(i)[0];
            boolean last = i == tokens.size() - 1;
            Word previous = unique.get(raw);
            unique.put(raw, new Word(raw, tokens.get(i)[1], last || previous != null && previous.last()));
        }
        return List.copyOf(unique.values());
    }

    /**
     * One word across all text fields, as one flat disjunction of per-field clauses weighted by field: the word's
     * stem term; if the word is not in the index at all and is long enough, the stems of the closest indexed words
     * (a typo); for the word being typed, the stems of its most frequent completions. Terms are only asked of the
     * fields that contain them.
     *
     * <p>Scores of the fields add up (a word in the title and the summary beats one only in the title). A flat
     * disjunction rather than a per-field DisjunctionMaxQuery: Lucene skips non-competitive papers (block-max WAND)
     * through a disjunction but not through a DisjunctionMaxQuery with a tie-breaker, and without skipping a common
     * word costs a score for every paper containing it — several milliseconds at 100 000 papers.
     */
    private Optional<Query> wordQuery(Word word) {
        boolean stop = PaperAnalyzer.STOP_WORDS.contains(word.raw());
        int length = word.raw().codePointCount(0, word.raw().length());
        String stem = word.stem();
        String markedStem = PaperAnalyzer.STEM_MARK + stem;
        // Every document containing any form of the word contains its marked stem; a word without a stem (a number,
        // another script) is matched as written.
        String exactTerm = vocabulary.fieldsOf(markedStem) != 0 ? markedStem : word.raw();
        int exactFields = stop ? 0 : vocabulary.fieldsOf(exactTerm);
        // A word that is in the index was most likely typed as meant; its neighbours (модели ~ модель) would only add
        // noise and postings to read, and the stem already covers the inflections.
        boolean known = exactFields != 0 || vocabulary.fieldsOf(word.raw()) != 0;
        List<Vocabulary.Entry> typos = !stop && !known && length >= FUZZY_MIN_LENGTH
                && word.raw().chars().allMatch(Character::isLetter)
                ? vocabulary.neighbours(word.raw(), length >= FUZZY_TWO_EDITS_LENGTH ? 2 : 1, FUZZY_PREFIX_LENGTH, FUZZY_MAX_EXPANSIONS)
                : List.of();
        List<Vocabulary.Entry> completions = word.last() && length >= (stop ? STOP_WORD_PREFIX_MIN_LENGTH : PREFIX_MIN_LENGTH)
                ? vocabulary.completions(word.raw(), PREFIX_MAX_EXPANSIONS).stream()
                        // a complete word "completes" to its own stem terms, already asked for exactly
                        .filter(e -> !e.term().equals(exactTerm))
                        .toList()
                : List.of();

        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        for (int f = 0; f < IndexFields.TEXT.size(); f++) {
            IndexFields.Text field = IndexFields.TEXT.get(f);
            if ((exactFields & (1 << f)) != 0) {
                b.add(new BoostQuery(new TermQuery(new Term(field.name(), exactTerm)), field.boost()), BooleanClause.Occur.SHOULD);
                clauses++;
            }
            SynonymQuery.Builder typo = new SynonymQuery.Builder(field.name());
            int typoTerms = 0;
            for (Vocabulary.Entry e : typos) {
                if (e.in(f)) {
                    typo.addTerm(new Term(field.name(), e.term()), e.distance() > 1 ? TWO_EDITS_WEIGHT : 1f);
                    typoTerms++;
                }
            }
            if (typoTerms > 0) {
                b.add(new BoostQuery(typo.build(), field.boost() * FUZZY_WEIGHT), BooleanClause.Occur.SHOULD);
                clauses++;
            }
            SynonymQuery.Builder prefix = new SynonymQuery.Builder(field.name());
            int prefixTerms = 0;
            for (Vocabulary.Entry e : completions) {
                if (e.in(f)) {
                    prefix.addTerm(new Term(field.name(), e.term()));
                    prefixTerms++;
                }
            }
            if (prefixTerms > 0) {
                b.add(new BoostQuery(prefix.build(), field.boost() * PREFIX_WEIGHT), BooleanClause.Occur.SHOULD);
                clauses++;
            }
        }
        return clauses == 0 ? Optional.empty() : Optional.of(b.build());
    }

    private static Query constant(Query q, float score) {
        return new BoostQuery(new ConstantScoreQuery(q), score);
    }

    /** The values that are terms of the (untokenised) field. */
    private List<BytesRef> existing(String field, Set<String> values) {
        List<BytesRef> found = new ArrayList<>(values.size());
        try {
            for (String value : values) {
                BytesRef term = new BytesRef(value);
                for (LeafReaderContext leaf : reader.leaves()) {
                    Terms terms = leaf.reader().terms(field);
                    if (terms != null && terms.iterator().seekExact(term)) {
                        found.add(term);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Drops quotes, brackets and sentence punctuation around a chunk; keeps '#', '_' and '-' that ids and tags use. */
    private static String trimPunctuation(String chunk) {
        int start = 0;
        int end = chunk.length();
        while (start < end && !keep(chunk.charAt(start))) {
            start++;
        }
        while (end > start && !keep(chunk.charAt(end - 1))) {
            end--;
        }
        return chunk.substring(start, end);
    }

    private static boolean keep(char c) {
        return Character.isLetterOrDigit(c) || c == '#' || c == '_' || c == '-';
    }
}
