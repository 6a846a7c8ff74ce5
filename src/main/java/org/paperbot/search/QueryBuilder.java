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
import java.util.HashMap;
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
 * words ({@link MatchBonusQuery}, {@link #WORD_BONUS} each); then an exact topic tag ({@link #TAG_SCORE}; a tag
 * with nothing but its own words is a topic listing, see {@link #topicListing}); then
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
    /** Another phrase of the query's synonym group counts nearly as much as the phrase typed. */
    static final float SYNONYM_WEIGHT = 0.9f;
    /**
     * The fields (bits of {@link IndexFields#TEXT}) a synonym phrase is looked for in: title, topics and keywords,
     * which say what a paper is about. In a summary the words of a phrase the reader did not type are mostly passing
     * mentions («языковая модель» for LLM is in nearly every summary), and matching them there would make the
     * expansion a conjunction of words found in most papers, scored for each of them. The typed words are still
     * looked for everywhere.
     */
    static final int SYNONYM_FIELDS = fieldBits(IndexFields.TITLE, IndexFields.TOPICS, IndexFields.KEYWORDS);
    /** The word on the other keyboard layout or in the other script: the reader meant it, but did not write it. */
    static final float SPELLING_WEIGHT = 0.9f;
    /** A Cyrillic name matched to a Latin one by its sound only. */
    static final float SOUND_WEIGHT = 0.8f;
    /** Sound matching needs this many letters: short words sound like too many others. */
    static final int SOUND_MIN_LENGTH = 4;

    private static final Pattern PAPER_ID = Pattern.compile("[a-z0-9_-]{1,40}");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_]{1,28}");

    private final Analyzer analyzer;
    private final Vocabulary vocabulary;
    private final IndexReader reader;
    private final Spellings spellings;
    /** Synonym phrases by the stem of their first word that is not a stop word. */
    private final Map<String, List<Phrase>> phrasesByFirstStem = new HashMap<>();

    QueryBuilder(Analyzer analyzer, Vocabulary vocabulary, IndexReader reader, Synonyms synonyms, Spellings spellings) {
        this.analyzer = analyzer;
        this.vocabulary = vocabulary;
        this.reader = reader;
        this.spellings = spellings;
        for (List<String> group : synonyms.groups()) {
            List<List<Word>> analysed = group.stream().map(this::phraseWords).filter(w -> !w.isEmpty()).toList();
            for (int i = 0; i < analysed.size(); i++) {
                List<Word> phrase = analysed.get(i);
                List<List<Word>> others = new ArrayList<>(analysed);
                others.remove(i);
                phrasesByFirstStem.computeIfAbsent(phrase.get(0).stem(), k -> new ArrayList<>())
                        .add(new Phrase(phrase.stream().map(Word::stem).toList(), List.copyOf(others)));
            }
        }
    }

    /** Stems of the words of a text that are not stop words. */
    List<String> stems(String text) {
        return phraseWords(text).stream().map(Word::stem).toList();
    }

    /**
     * What a normalised query may mean, as lists of stems (stop words left out): as typed first, then, if the whole
     * query is one phrase of a synonym group, as each other phrase of the group.
     */
    List<List<String>> meanings(String normalized) {
        List<Word> words = words(normalized.replace('_', ' '));
        List<List<String>> out = new ArrayList<>();
        out.add(words.stream().filter(w -> !PaperAnalyzer.STOP_WORDS.contains(w.raw())).map(Word::stem).toList());
        // "in" of "in-context learning" is a part of its own, but a stop word alone says nothing.
        List<Part> parts = parts(words).stream()
                .filter(p -> !p.typed().stream().allMatch(w -> PaperAnalyzer.STOP_WORDS.contains(w.raw())))
                .toList();
        if (parts.size() == 1) {
            parts.get(0).synonyms().forEach(synonym -> out.add(synonym.stream().map(Word::stem).toList()));
        }
        return out;
    }

    /** A synonym phrase: the stems of its words (stop words left out) and the other phrases of its group. */
    private record Phrase(List<String> stems, List<List<Word>> others) {
    }

    /** The words of a synonym phrase that are not stop words, none of them being typed. */
    private List<Word> phraseWords(String phrase) {
        return words(Keys.fold(phrase).replace('-', ' ')).stream()
                .filter(w -> !PaperAnalyzer.STOP_WORDS.contains(w.raw()))
                .map(w -> new Word(w.raw(), w.stem(), false))
                .toList();
    }

    /** A query word: as written (lower case, ё→е) and its stem (unmarked); {@code last} marks the word being typed. */
    record Word(String raw, String stem, boolean last) {
    }

    /**
     * One thing a query asks for: a word, or a phrase of a synonym group together with the group's other phrases
     * (a paper matching any of them matches the part).
     */
    record Part(List<Word> typed, List<List<Word>> synonyms) {
    }

    /** What a query asks for, before it becomes Lucene clauses. */
    record Parsed(Set<String> ids, Set<String> tags, List<Word> words, List<Part> parts) {
        boolean isEmpty() {
            return ids.isEmpty() && tags.isEmpty() && words.isEmpty();
        }
    }

    /**
     * A query and the score from which a hit matches every part of it that the index knows (0: every hit does);
     * below it are the partial matches. {@code query} defines the ranking; the other two are shortcuts to its first
     * hits that read only what the first page needs, used when they fill it (see {@code SearchIndex.rank}):
     *
     * @param allParts a conjunction of the parts scored exactly as {@code query} scores a full match, so its hits are
     *                 {@code query}'s first hits in the same order; Lucene leaps over papers missing a part instead of
     *                 scoring every paper that has one of them
     * @param tagged   the papers with the query's tags, all with one constant score, so their order is catalog order
     *                 and the first page of them is read straight off the tag's postings; {@code query} ranks them
     *                 first and the rest after
     */
    record Built(Query query, float fullMatchScore, Optional<Query> allParts, Optional<Query> tagged) {
        Built(Query query, float fullMatchScore) {
            this(query, fullMatchScore, Optional.empty(), Optional.empty());
        }
    }

    /** The Lucene query for a normalised query, or empty when nothing in it is searchable. */
    Optional<Query> build(String normalized) {
        return plan(normalized).map(Built::query);
    }

    /** The query with its full-match score. */
    Optional<Built> plan(String normalized) {
        Parsed parsed = parse(normalized);
        List<Query> clauses = new ArrayList<>();
        // Only ids and tags that exist get a clause: almost every word looks like an id, and a clause that cannot
        // match still turns a one-word query into a two-clause one, which is slower to score (below).
        List<BytesRef> ids = existing(IndexFields.IDS, parsed.ids());
        if (!ids.isEmpty()) {
            clauses.add(constant(new TermInSetQuery(IndexFields.IDS, ids), ID_SCORE));
        }
        List<BytesRef> tags = existing(IndexFields.TAGS, parsed.tags());
        List<Query> words = parsed.parts().stream().map(this::partQuery).flatMap(Optional::stream).toList();
        if (ids.isEmpty() && !tags.isEmpty() && words.size() <= 1) {
            return Optional.of(topicListing(tags, words));
        }
        if (!tags.isEmpty()) {
            clauses.add(constant(anyTag(tags), TAG_SCORE));
        }
        if (clauses.isEmpty() && words.size() == 1) {
            // A lone word has no tiers to keep apart, so no match bonus; unwrapped, its disjunction is the top-level
            // query, and there Lucene skips papers that cannot make the first page (block-max WAND / MaxScore)
            // instead of scoring every paper that contains a common word.
            return Optional.of(new Built(words.get(0), 0));
        }
        // One word beside an id has no word count to rank by, so it keeps only the cap.
        float bonus = words.size() == 1 ? 0 : WORD_BONUS;
        List<Query> bonused = words.stream().<Query>map(w -> new MatchBonusQuery(w, bonus, WORD_CAP)).toList();
        clauses.addAll(bonused);
        if (clauses.isEmpty()) {
            return Optional.empty();
        }
        BooleanQuery.Builder top = new BooleanQuery.Builder();
        clauses.forEach(c -> top.add(c, BooleanClause.Occur.SHOULD));
        // An id names the paper outright, so its hit is a full match whatever the words; a tag alone has no tiers.
        float full = words.size() < 2 ? 0 : Math.min(words.size() * WORD_BONUS, ID_SCORE);
        Optional<Query> allParts = Optional.empty();
        if (ids.isEmpty() && words.size() >= 2) {
            // The same clauses, every word required: a full match scores here what it scores in the disjunction.
            BooleanQuery.Builder all = new BooleanQuery.Builder();
            bonused.forEach(w -> all.add(w, BooleanClause.Occur.MUST));
            if (!tags.isEmpty()) {
                all.add(constant(anyTag(tags), TAG_SCORE), BooleanClause.Occur.SHOULD);
            }
            allParts = Optional.of(all.build());
        }
        return Optional.of(new Built(top.build(), full, allParts, Optional.empty()));
    }

    /**
     * A topic tag, alone or with the one word (or synonym phrase) its own text is: the topic's papers first, in
     * catalog order as {@code /topic} lists them, then the other papers matching the word, by relevance. Every paper
     * with the tag has the tag's words in its topics; ranking them by those words again would only sort the topic by
     * where else the words happen to occur (a title, a summary repeating them), and a constant score lets the first
     * page be read off the tag's postings instead of scoring the topic's thousands of papers.
     */
    private Built topicListing(List<BytesRef> tags, List<Query> words) {
        Query tagged = new ConstantScoreQuery(anyTag(tags));
        BooleanQuery.Builder top = new BooleanQuery.Builder().add(new BoostQuery(tagged, TAG_SCORE), BooleanClause.Occur.SHOULD);
        if (!words.isEmpty()) {
            Query untagged = new BooleanQuery.Builder()
                    .add(words.get(0), BooleanClause.Occur.MUST)
                    .add(anyTag(tags), BooleanClause.Occur.MUST_NOT)
                    .build();
            // Capped below the tag's score: a paper without the tag never comes before one with it.
            top.add(new MatchBonusQuery(untagged, 0, WORD_CAP), BooleanClause.Occur.SHOULD);
        }
        return new Built(top.build(), 0, Optional.empty(), Optional.of(tagged));
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
            String tag = PaperAnalyzer.inOneScript(Keys.topic(bare));
            if (TAG.matcher(tag).matches()) {
                tags.add(tag);
            }
            // Tags join words with '_' (обучение_в_контексте) and are indexed as separate words, so split them here too.
            // A ':' inside a word keeps it one word for the tokenizer (UAX#29), but in a query it is a separator:
            // "title:transformer" means the two words.
            text.append(chunk.replace('_', ' ').replace(':', ' ')).append(' ');
        }
        List<Word> words = words(text.toString());
        return new Parsed(ids, tags, words, parts(words));
    }

    /**
     * The words grouped into parts: at each word the longest synonym phrase that starts there (stop words between its
     * words are skipped: «обучение с подкреплением» is the phrase обучение + подкреплением), else the word alone.
     */
    private List<Part> parts(List<Word> words) {
        List<Part> parts = new ArrayList<>(words.size());
        int i = 0;
        while (i < words.size()) {
            int end = i + 1;
            List<List<Word>> synonyms = List.of();
            for (Phrase phrase : phrasesByFirstStem.getOrDefault(words.get(i).stem(), List.of())) {
                int matchedEnd = matchEnd(words, i, phrase.stems());
                if (matchedEnd > end || matchedEnd == end && synonyms.isEmpty()) {
                    end = matchedEnd;
                    synonyms = phrase.others();
                }
            }
            parts.add(new Part(List.copyOf(words.subList(i, end)), synonyms));
            i = end;
        }
        return parts;
    }

    /** Where the phrase ends if the words from {@code start} spell it (stop words in between skipped), else -1. */
    private static int matchEnd(List<Word> words, int start, List<String> stems) {
        int w = start;
        for (int k = 0; k < stems.size(); k++) {
            while (k > 0 && w < words.size() && PaperAnalyzer.STOP_WORDS.contains(words.get(w).raw())) {
                w++;
            }
            if (w >= words.size() || !words.get(w).stem().equals(stems.get(k))) {
                return -1;
            }
            w++;
        }
        return w;
    }

    /** A part: its words as typed (all of them), or as any other phrase of its synonym group. */
    private Optional<Query> partQuery(Part part) {
        Optional<Query> typed = allOf(part.typed(), true);
        if (part.synonyms().isEmpty()) {
            return typed;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        if (typed.isPresent()) {
            b.add(typed.get(), BooleanClause.Occur.SHOULD);
            clauses++;
        }
        for (List<Word> synonym : part.synonyms()) {
            Optional<Query> q = allOf(synonym, false);
            if (q.isPresent()) {
                b.add(new BoostQuery(q.get(), SYNONYM_WEIGHT), BooleanClause.Occur.SHOULD);
                clauses++;
            }
        }
        return clauses == 0 ? Optional.empty() : Optional.of(clauses == 1 && typed.isPresent() ? typed.get() : b.build());
    }

    /**
     * Papers containing every word (stop words aside). {@code forgiving}: words the reader typed, with typos,
     * prefixes and other spellings, in every field; otherwise the words of a synonym phrase, exactly and only in
     * {@link #SYNONYM_FIELDS}. Empty if some word matches nothing.
     */
    private Optional<Query> allOf(List<Word> words, boolean forgiving) {
        if (words.size() == 1) {
            return wordQuery(words.get(0), forgiving);
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        for (Word w : words) {
            if (PaperAnalyzer.STOP_WORDS.contains(w.raw()) && !w.last()) {
                continue;
            }
            Optional<Query> q = wordQuery(w, forgiving);
            if (q.isEmpty()) {
                return Optional.empty();
            }
            b.add(q.get(), BooleanClause.Occur.MUST);
            clauses++;
        }
        return clauses == 0 ? Optional.empty() : Optional.of(b.build());
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
    private Optional<Query> wordQuery(Word word, boolean forgiving) {
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
        List<Vocabulary.Entry> spelt = forgiving && !stop && !known ? otherSpellings(word.raw(), length) : List.of();
        // A word found on the other layout or in the other script was not misspelt: its typo neighbours are noise.
        List<Vocabulary.Entry> typos = forgiving && !stop && !known && spelt.isEmpty() && length >= FUZZY_MIN_LENGTH
                && word.raw().chars().allMatch(Character::isLetter)
                ? vocabulary.neighbours(word.raw(), length >= FUZZY_TWO_EDITS_LENGTH ? 2 : 1, FUZZY_PREFIX_LENGTH, FUZZY_MAX_EXPANSIONS)
                : List.of();
        List<Vocabulary.Entry> completions = forgiving && word.last() && length >= (stop ? STOP_WORD_PREFIX_MIN_LENGTH : PREFIX_MIN_LENGTH)
                ? vocabulary.completions(word.raw(), PREFIX_MAX_EXPANSIONS).stream()
                        // a complete word "completes" to its own stem terms, already asked for exactly
                        .filter(e -> !e.term().equals(exactTerm))
                        .toList()
                : List.of();

        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int clauses = 0;
        for (int f = 0; f < IndexFields.TEXT.size(); f++) {
            if (!forgiving && (SYNONYM_FIELDS & (1 << f)) == 0) {
                continue;
            }
            IndexFields.Text field = IndexFields.TEXT.get(f);
            clauses += addSynonyms(b, field, f, spelt, e -> e.distance() == 0 ? 1f : SOUND_WEIGHT / SPELLING_WEIGHT,
                    SPELLING_WEIGHT);
            if ((exactFields & (1 << f)) != 0) {
                b.add(new BoostQuery(new TermQuery(new Term(field.name(), exactTerm)), field.boost()), BooleanClause.Occur.SHOULD);
                clauses++;
            }
            clauses += addSynonyms(b, field, f, typos, e -> e.distance() > 1 ? TWO_EDITS_WEIGHT : 1f, FUZZY_WEIGHT);
            clauses += addSynonyms(b, field, f, completions, e -> 1f, PREFIX_WEIGHT);
        }
        return clauses == 0 ? Optional.empty() : Optional.of(b.build());
    }

    /** Adds the entries found in field {@code f} as one SynonymQuery, if any; returns the clauses added (0 or 1). */
    private static int addSynonyms(BooleanQuery.Builder b, IndexFields.Text field, int f, List<Vocabulary.Entry> entries,
                                   java.util.function.ToDoubleFunction<Vocabulary.Entry> termWeight, float weight) {
        SynonymQuery.Builder q = new SynonymQuery.Builder(field.name());
        int terms = 0;
        for (Vocabulary.Entry e : entries) {
            if (e.in(f)) {
                q.addTerm(new Term(field.name(), e.term()), (float) termWeight.applyAsDouble(e));
                terms++;
            }
        }
        if (terms == 0) {
            return 0;
        }
        b.add(new BoostQuery(q.build(), field.boost() * weight), BooleanClause.Occur.SHOULD);
        return 1;
    }

    /**
     * Stem terms of what an unknown word may have been meant as: the word on the other keyboard layout or in the
     * other script, if the index knows that (distance 0), and for a Cyrillic word the Latin words that sound like it
     * (distance 1). Asked only for words the index does not know, so known words cost nothing more.
     */
    private List<Vocabulary.Entry> otherSpellings(String raw, int length) {
        List<Vocabulary.Entry> found = new ArrayList<>(2);
        for (String alternative : spellings.alternatives(raw)) {
            List<Word> words = words(alternative);
            if (words.size() == 1) {
                String marked = PaperAnalyzer.STEM_MARK + words.get(0).stem();
                String term = vocabulary.fieldsOf(marked) != 0 ? marked : words.get(0).raw();
                int fields = vocabulary.fieldsOf(term);
                if (fields != 0) {
                    found.add(new Vocabulary.Entry(term, fields, 0));
                }
            }
        }
        if (found.isEmpty() && length >= SOUND_MIN_LENGTH && Spellings.isCyrillic(raw)) {
            found.addAll(vocabulary.soundingLike(Spellings.skeleton(spellings.latin(raw))));
        }
        return found;
    }

    /**
     * Papers with any of the tags, as term queries rather than a TermInSetQuery: that one collects every match of a
     * common tag into a bit set before the first hit, while a term query's postings are read only as far as needed.
     */
    private static Query anyTag(List<BytesRef> tags) {
        if (tags.size() == 1) {
            return new TermQuery(new Term(IndexFields.TAGS, tags.get(0)));
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        tags.forEach(t -> any.add(new TermQuery(new Term(IndexFields.TAGS, t)), BooleanClause.Occur.SHOULD));
        return any.build();
    }

    private static int fieldBits(IndexFields.Text... fields) {
        int bits = 0;
        for (IndexFields.Text field : fields) {
            bits |= 1 << IndexFields.TEXT.indexOf(field);
        }
        return bits;
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
