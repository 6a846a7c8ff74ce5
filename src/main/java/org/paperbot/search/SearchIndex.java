package org.paperbot.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.MMapDirectory;
import org.paperbot.catalog.Paper;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Keys;
import org.paperbot.concurrent.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.stream.Stream;
import java.util.Map;
import java.util.Arrays;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Full-text search over one catalog snapshot: a Lucene index built once, immutable afterwards and safe for concurrent
 * searches. A new catalog gets a new index (and with it an empty result cache). A small catalog's index lives in the
 * heap ({@link #build}) and is simply dropped; a large one's is written to a directory ({@link #write}) and opened
 * from it ({@link #open}), and must be {@link #close closed} once no search runs on it.
 *
 * <p>What a query matches (see {@link QueryBuilder} for the details): Russian and English words in any inflection
 * (stemming, see {@link PaperAnalyzer}), the last word as a prefix (as-you-type), words of 5+ letters with a typo, an
 * OpenReview or arXiv id or link (that paper first), a topic tag with or without '#' (the topic's papers first, in
 * catalog order). Papers matching more of the words rank first; then title and topic matches above keyword and
 * author matches above summary matches; equal scores keep catalog order.
 */
public final class SearchIndex {
    /** The ranked list is cut here: nobody pages through more, and it bounds the work and the cache entry size. */
    public static final int MAX_RESULTS = 1000;
    /** Queries are cut to this many characters before anything else (and so is the cache key). */
    public static final int MAX_QUERY_LENGTH = 256;
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    /**
     * The ranked list is first computed this deep (a Telegram inline answer holds up to 50 results); a deeper page
     * recomputes it deeper. Collecting only what is shown lets Lucene skip papers that cannot make the top.
     */
    static final int MIN_DEPTH = 50;
    /** Below this, starting threads costs more than it saves. */
    static final int PARALLEL_BUILD_MIN_PAPERS = 5_000;
    static final int MAX_BUILD_THREADS = 4;

    private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);

    /** ICU transliterators take milliseconds to build and hold no state between words: one set serves every index. */
    private static final Spellings SPELLINGS = new Spellings();

    /** Stateless: one instance serves every index, written or searched. */
    private static final Similarity SIMILARITY = new QuantizedBM25Similarity();

    private static final FieldType TEXT = fieldType(true, false, IndexOptions.DOCS_AND_FREQS);
    private static final FieldType SHORT_TEXT = fieldType(true, true, IndexOptions.DOCS_AND_FREQS);
    private static final FieldType KEYWORD = fieldType(false, true, IndexOptions.DOCS);

    private final Catalog catalog;
    private final IndexSearcher searcher;
    private final QueryBuilder queries;
    /** Analyses a paper's own text into index terms, for {@link #similar}. */
    private final Analyzer termsAnalyzer = PaperAnalyzer.forIndexing(null);
    /** Normalised query → ranked catalog positions; null when caching is disabled. */
    private final Cache<String, Ranked> cache;

    /**
     * Catalog positions best first (a prefix of the full ranked list), the size of the full list, and how many of the
     * prefix match every part of the query (they come first).
     */
    private record Ranked(int[] positions, int total, int full) {
        /** Position of the first partial match in the full list; {@code total} if none is known to be partial. */
        int firstPartial() {
            return full < positions.length ? full : total;
        }

        boolean covers(int depth) {
            return positions.length >= depth || positions.length == total;
        }
    }

    private SearchIndex(Catalog catalog, IndexSearcher searcher, QueryBuilder queries, Cache<String, Ranked> cache) {
        this.catalog = catalog;
        this.searcher = searcher;
        this.queries = queries;
        this.cache = cache;
    }

    /** Indexes the catalog with a result cache of {@link #DEFAULT_CACHE_SIZE} queries. */
    public static SearchIndex build(Catalog catalog) {
        return build(catalog, Synonyms.none(), DEFAULT_CACHE_SIZE);
    }

    /** Indexes the catalog with the synonym groups and a result cache of {@link #DEFAULT_CACHE_SIZE} queries. */
    public static SearchIndex build(Catalog catalog, Synonyms synonyms) {
        return build(catalog, synonyms, DEFAULT_CACHE_SIZE);
    }

    /** Indexes the catalog without synonyms. */
    public static SearchIndex build(Catalog catalog, int maxCachedQueries) {
        return build(catalog, Synonyms.none(), maxCachedQueries);
    }

    /**
     * Indexes the catalog.
     *
     * @param maxCachedQueries how many normalised queries keep their ranked list; 0 disables the cache (benchmarks)
     */
    public static SearchIndex build(Catalog catalog, Synonyms synonyms, int maxCachedQueries) {
        Objects.requireNonNull(catalog, "catalog");
        Set<String> writtenWords = ConcurrentHashMap.newKeySet();
        Directory directory;
        try {
            directory = writeIndex(catalog, PaperAnalyzer.forIndexing(writtenWords), IN_HEAP);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory indexing failed", e);
        }
        try {
            DirectoryReader reader = DirectoryReader.open(directory);
            return open(catalog, reader, Vocabulary.of(reader, writtenWords), synonyms, maxCachedQueries);
        } catch (IOException e) {
            throw new UncheckedIOException("opening the in-memory index failed", e);
        }
    }

    /**
     * Writes the catalog's index into {@code dir} (created; it must not exist), and into {@code vocabularyFile} the
     * vocabulary searches need — the index's terms and the words as written that indexing reduced to stems, which are
     * not in the index — so that {@link #open} neither analyses a paper nor walks the index again.
     */
    public static void write(Catalog catalog, Path dir, Path vocabularyFile) throws IOException {
        Set<String> writtenWords = ConcurrentHashMap.newKeySet();
        Files.createDirectories(dir);
        try (Directory directory = writeIndex(catalog, PaperAnalyzer.forIndexing(writtenWords), new OnDisk(dir));
             DirectoryReader reader = DirectoryReader.open(directory);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(vocabularyFile,
                     StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16))) {
            Vocabulary.of(reader, writtenWords).write(out);
        }
    }

    /**
     * Opens an index {@link #write} put in {@code dir} for the same catalog, without analysing a paper again.
     *
     * <p>MMapDirectory rather than NIOFSDirectory: searching reads postings all over the index, and through a memory
     * map that is a memory access, not a system call per block, which is what keeps a search within its
     * milliseconds. The mapped pages are the kernel's page cache: they count in RSS only while touched and the kernel
     * takes them back under pressure, and unmapping happens on {@link #close}. Java 17's mapped buffers must never be
     * read once unmapped, so the owner closes an index only when no search can still run on it (see the snapshot's
     * lease).
     */
    public static SearchIndex open(Catalog catalog, Path dir, Path vocabularyFile, Synonyms synonyms,
                                   int maxCachedQueries) throws IOException {
        Directory directory = new MMapDirectory(dir);
        try {
            Vocabulary vocabulary;
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(vocabularyFile),
                    1 << 16))) {
                vocabulary = Vocabulary.read(in);
            }
            return open(catalog, DirectoryReader.open(directory), vocabulary, synonyms, maxCachedQueries);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    private static SearchIndex open(Catalog catalog, DirectoryReader reader, Vocabulary vocabulary, Synonyms synonyms,
                                    int maxCachedQueries) throws IOException {
        try {
            Objects.requireNonNull(synonyms, "synonyms");
            if (maxCachedQueries < 0) {
                throw new IllegalArgumentException("maxCachedQueries must be >= 0: " + maxCachedQueries);
            }
            checkDocIdsArePositions(reader, catalog.size());
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setSimilarity(SIMILARITY);
            // The default query cache is a JVM-wide static; our own result cache covers repeated queries.
            searcher.setQueryCache(null);
            Cache<String, Ranked> cache = maxCachedQueries == 0 ? null
                    // Evicting on the calling thread is cheap and keeps the cache off the shared common pool.
                    : Caffeine.newBuilder().maximumSize(maxCachedQueries).executor(Runnable::run).recordStats().build();
            QueryBuilder queries = new QueryBuilder(PaperAnalyzer.forQueries(), vocabulary, reader, synonyms, SPELLINGS);
            return new SearchIndex(catalog, searcher, queries, cache);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Closes the index reader and its directory (unmapping an on-disk index); no search may run on it after. */
    public void close() throws IOException {
        IndexReader reader = searcher.getIndexReader();
        if (reader instanceof DirectoryReader directoryReader) {
            Directory directory = directoryReader.directory();
            reader.close();
            directory.close();
        }
    }

    /** Where index slices and the final index are written. */
    private interface Target {
        Directory slice(int number) throws IOException;

        Directory whole() throws IOException;

        /** The slices' room is given back once they are copied into the whole. */
        void dropSlice(int number, Directory slice) throws IOException;

        /** IndexWriter's RAM buffer per writer: flushed to a segment beyond this. */
        double ramBufferMb(int writers);
    }

    /** In the heap: the index is in the heap anyway, so a large buffer just saves flushes. */
    private static final Target IN_HEAP = new Target() {
        @Override
        public Directory slice(int number) {
            return new ByteBuffersDirectory();
        }

        @Override
        public Directory whole() {
            return new ByteBuffersDirectory();
        }

        @Override
        public void dropSlice(int number, Directory slice) throws IOException {
            slice.close();
        }

        @Override
        public double ramBufferMb(int writers) {
            return 128;
        }
    };

    /**
     * In a directory: slices in sub-directories removed once copied, and RAM buffers that together stay within
     * {@link #DISK_BUILD_RAM_MB}, so that building a large catalog's index beside the one serving fits the heap.
     */
    private record OnDisk(Path dir) implements Target {
        @Override
        public Directory slice(int number) throws IOException {
            return FSDirectory.open(dir.resolve("slice-" + number));
        }

        @Override
        public Directory whole() throws IOException {
            return FSDirectory.open(dir);
        }

        @Override
        public void dropSlice(int number, Directory slice) throws IOException {
            slice.close();
            Path sliceDir = dir.resolve("slice-" + number);
            try (Stream<Path> files = Files.list(sliceDir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(sliceDir);
        }

        @Override
        public double ramBufferMb(int writers) {
            return Math.max(4, DISK_BUILD_RAM_MB / writers);
        }
    }

    /** IndexWriter RAM of an on-disk build, all threads together. */
    public static final int DISK_BUILD_RAM_MB = 32;

    /**
     * Writes the index, in parallel for a large catalog: analysis and inversion dominate the build, so each thread
     * indexes a contiguous slice of the catalog into its own index (flush included), and the slices are then
     * appended in catalog order to one index — addIndexes copies segments, it does not merge them, so document ids
     * stay catalog positions across the segments. A small catalog is one segment written on the calling thread.
     */
    private static Directory writeIndex(Catalog catalog, Analyzer analyzer, Target target) throws IOException {
        int size = catalog.size();
        int threads = size < PARALLEL_BUILD_MIN_PAPERS ? 1
                : Math.max(1, Math.min(MAX_BUILD_THREADS, Runtime.getRuntime().availableProcessors()));
        if (threads == 1) {
            Directory whole = target.whole();
            writeSlice(catalog, 0, size, analyzer, whole, target.ramBufferMb(1));
            return whole;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, DaemonThreads.named("search-index-build"));
        List<Directory> parts = new ArrayList<>(threads);
        try {
            List<Future<?>> slices = new ArrayList<>(threads);
            int slice = (size + threads - 1) / threads;
            for (int from = 0; from < size; from += slice) {
                int start = from;
                int end = Math.min(size, from + slice);
                Directory part = target.slice(parts.size());
                parts.add(part);
                slices.add(pool.submit(() -> {
                    writeSlice(catalog, start, end, analyzer, part, target.ramBufferMb(threads));
                    return null;
                }));
            }
            for (Future<?> f : slices) {
                f.get();
            }
            Directory directory = target.whole();
            // No merging: a merge would cost as much as indexing the catalog once more on one thread.
            try (IndexWriter writer = new IndexWriter(directory, writerConfig(analyzer, target.ramBufferMb(1))
                    .setMergePolicy(NoMergePolicy.INSTANCE))) {
                writer.addIndexes(parts.toArray(Directory[]::new));
                writer.commit();
            }
            for (int i = 0; i < parts.size(); i++) {
                target.dropSlice(i, parts.get(i));
            }
            return directory;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while indexing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("indexing failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Papers [from, to) as one segment of {@code directory}, read past the paper cache. */
    private static void writeSlice(Catalog catalog, int from, int to, Analyzer analyzer, Directory directory,
                                   double ramBufferMb) throws IOException {
        try (IndexWriter writer = new IndexWriter(directory, writerConfig(analyzer, ramBufferMb))) {
            for (int i = from; i < to; i++) {
                writer.addDocument(document(catalog.source().read(i), i));
            }
            writer.forceMerge(1);
            writer.commit();
        }
    }

    /**
     * Sorting the index by catalog position makes document id = position: results map to papers without stored
     * fields, and Lucene's tie-break on equal scores (lower document id first) is catalog order.
     */
    private static IndexWriterConfig writerConfig(Analyzer analyzer, double ramBufferMb) {
        return new IndexWriterConfig(analyzer)
                .setSimilarity(SIMILARITY)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setIndexSort(new Sort(new SortField(IndexFields.POSITION, SortField.Type.LONG)))
                .setRAMBufferSizeMB(ramBufferMb)
                .setUseCompoundFile(false)
                .setCommitOnClose(false);
    }

    /**
     * The page {@code [offset, offset + limit)} of the ranked results for a query. Never throws: a null, blank or
     * unsearchable query (only punctuation, say) gives an empty result, a negative offset counts as 0. A failure
     * inside the search is a bug, not bad input: it is logged at ERROR and the chat gets an empty result.
     */
    public SearchResult search(String rawQuery, int offset, int limit) {
        String key = normalize(rawQuery);
        if (key.isEmpty()) {
            return SearchResult.empty();
        }
        int from = Math.max(0, offset);
        int to = (int) Math.min((long) from + Math.max(0, limit), MAX_RESULTS);
        Ranked ranked;
        try {
            ranked = ranked(key, to);
        } catch (RuntimeException e) {
            // "Nothing found" keeps the chat going, so the log must say loudly that it was a failure; it describes the
            // query's shape, not the user's text.
            log.error("Search failed for a query of {}", shapeOf(key), e);
            return SearchResult.empty();
        }
        List<Paper> page = new ArrayList<>(Math.max(0, Math.min(to, ranked.positions().length) - from));
        for (int i = from; i < to && i < ranked.positions().length; i++) {
            page.add(catalog.paperAt(ranked.positions()[i]));
        }
        // A page beyond the prefix never happens (ranked() went deep enough), so firstPartial is exact for it.
        return new SearchResult(page, ranked.total(), ranked.firstPartial());
    }

    /** What a normalised query is made of ("2 words, 1 tags, 2 id-like chunks, 17 characters"), for log lines. */
    private String shapeOf(String key) {
        try {
            QueryBuilder.Parsed parsed = queries.parse(key);
            return parsed.words().size() + " words, " + parsed.tags().size() + " tags, " + parsed.ids().size()
                    + " id-like chunks, " + key.length() + " characters";
        } catch (RuntimeException e) {
            return key.length() + " characters that cannot even be parsed";
        }
    }

    /**
     * The cache key of a query: surrounding whitespace stripped, runs of whitespace (any Unicode space or control
     * character) collapsed to one space, invisible format characters (zero-width space/joiners, bidi marks, BOM, soft
     * hyphen) removed, lower case, ё→е, at most {@link #MAX_QUERY_LENGTH} characters. Null gives "".
     */
    public static String normalize(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), MAX_QUERY_LENGTH));
        boolean space = false;
        for (int i = 0; i < raw.length() && sb.length() < MAX_QUERY_LENGTH; ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
                space = sb.length() > 0;
            } else if (Character.getType(cp) != Character.FORMAT) {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.appendCodePoint(cp);
            }
        }
        // Lower-casing can lengthen the text (İ becomes two chars), so cut after it, and never inside a surrogate pair.
        String s = Keys.fold(sb.toString());
        if (s.length() > MAX_QUERY_LENGTH) {
            int end = Character.isHighSurrogate(s.charAt(MAX_QUERY_LENGTH - 1)) ? MAX_QUERY_LENGTH - 1 : MAX_QUERY_LENGTH;
            s = s.substring(0, end).stripTrailing();
        }
        return s;
    }

    /**
     * How many terms of a paper describe it for {@link #similar}: its most telling ones. Each more is a posting list
     * to read; past a dozen they are the paper's commonest words, which rank nothing (SimilarAndTopicTest).
     */
    static final int SIMILAR_TERMS = 12;
    /**
     * A term in more than this share of a large catalog («модель», «обучение») is left out of {@link #similar}: it
     * says little about what a paper is like, and its long posting list would be most of the query's cost.
     */
    static final double SIMILAR_MAX_DOC_FREQ_SHARE = 0.2;
    /** Below this many papers every shared term counts: in a small catalog no term is that common by chance. */
    static final int SIMILAR_MIN_DOC_FREQ_LIMIT = 100;

    /**
     * The papers most like this one, best first, at most {@code max}: a query of the paper's most telling terms (the
     * MoreLikeThis idea: frequent in the paper, rare in the catalog) over its title, topics, keywords and summary,
     * each in its own field. Terms only this paper has say nothing about others and are left out. Empty for a paper
     * not in this index.
     */
    public List<Paper> similar(Paper paper, int max) {
        int self = catalog.positionOf(paper.id());
        if (self < 0 || max <= 0) {
            return List.of();
        }
        Map<Term, float[]> weights = new HashMap<>();
        List<String> body = new ArrayList<>(paper.keyPoints());
        body.add(paper.teaser());
        body.add(paper.summary());
        try {
            collectTerms(weights, IndexFields.TITLE, List.of(paper.title()));
            collectTerms(weights, IndexFields.TOPICS, paper.topics().stream().map(t -> t.replace('_', ' ')).toList());
            collectTerms(weights, IndexFields.KEYWORDS, paper.keywords());
            collectTerms(weights, IndexFields.BODY, body);
            int n = searcher.getIndexReader().numDocs();
            long maxDf = Math.max(SIMILAR_MIN_DOC_FREQ_LIMIT, (long) (n * SIMILAR_MAX_DOC_FREQ_SHARE));
            Map<Term, Integer> docFreqs = docFreqs(weights.keySet());
            List<Map.Entry<Term, Float>> scored = new ArrayList<>();
            for (var e : weights.entrySet()) {
                int df = docFreqs.get(e.getKey());
                if (df > 1 && df <= maxDf) {
                    scored.add(Map.entry(e.getKey(), e.getValue()[0] * (float) Math.log(1.0 + (double) n / df)));
                }
            }
            scored.sort(Map.Entry.<Term, Float>comparingByValue().reversed());
            BooleanQuery.Builder q = new BooleanQuery.Builder();
            scored.stream().limit(SIMILAR_TERMS).forEach(e -> q.add(new BoostQuery(
                    new TermQuery(e.getKey()), e.getValue()),
                    BooleanClause.Occur.SHOULD));
            List<Paper> out = new ArrayList<>(max);
            // Uncounted: nobody sees how many papers share a term, and counting would score the first thousand.
            for (ScoreDoc hit : best(q.build(), max + 1)) {
                if (hit.doc != self && out.size() < max) {
                    out.add(catalog.paperAt(hit.doc));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How many papers have each term. One terms enumerator per field and segment, seeking the terms in order: asking
     * the reader term by term opens a new enumerator for each, which was most of {@link #similar}'s cost.
     */
    private Map<Term, Integer> docFreqs(Set<Term> terms) throws IOException {
        Map<Term, Integer> out = new HashMap<>();
        Map<String, List<Term>> byField = new HashMap<>();
        terms.forEach(t -> byField.computeIfAbsent(t.field(), f -> new ArrayList<>()).add(t));
        for (var field : byField.entrySet()) {
            List<Term> sorted = new ArrayList<>(field.getValue());
            sorted.sort(null);
            sorted.forEach(t -> out.put(t, 0));
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Terms indexed = leaf.reader().terms(field.getKey());
                if (indexed == null) {
                    continue;
                }
                TermsEnum seek = indexed.iterator();
                for (Term t : sorted) {
                    if (seek.seekExact(t.bytes())) {
                        out.merge(t, seek.docFreq(), Integer::sum);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Up to {@code max} papers whose authors have every word of {@code text} (as indexing analyses it) among their
     * names: the candidates for "is this a catalog author", found without reading every paper.
     */
    public List<Paper> withAuthorWords(String text, int max) {
        Map<Term, float[]> terms = new HashMap<>();
        try {
            collectTerms(terms, IndexFields.AUTHORS, List.of(text));
            if (terms.isEmpty()) {
                return List.of();
            }
            BooleanQuery.Builder q = new BooleanQuery.Builder();
            terms.keySet().forEach(t -> q.add(new TermQuery(t), BooleanClause.Occur.MUST));
            List<Paper> out = new ArrayList<>(max);
            for (ScoreDoc hit : searcher.search(q.build(), max).scoreDocs) {
                out.add(catalog.paperAt(hit.doc));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds each analysed term of the texts to the weights, as field boost × its count. */
    private void collectTerms(Map<Term, float[]> weights, IndexFields.Text field, List<String> texts)
            throws IOException {
        for (String text : texts) {
            try (TokenStream ts = termsAnalyzer.tokenStream(field.name(), text)) {
                var term = ts.addAttribute(CharTermAttribute.class);
                ts.reset();
                while (ts.incrementToken()) {
                    weights.computeIfAbsent(new Term(field.name(), term.toString()), k -> new float[1])[0] += field.boost();
                }
                ts.end();
            }
        }
    }

    /**
     * The catalog topic a text names, by the stems of its words and by synonyms («трансформер» is #трансформеры,
     * «обучение в контексте» is #обучение_в_контексте, in-context learning too), or else the topics closest to it.
     */
    public TopicMatch topic(String text) {
        String key = normalize(text);
        if (key.isEmpty()) {
            return new TopicMatch(Optional.empty(), List.of());
        }
        List<List<String>> meanings = queries.meanings(key);
        List<String> typed = meanings.isEmpty() ? List.of() : meanings.get(0);
        String folded = Keys.topic(key).replace('_', ' ');
        List<String> closest = new ArrayList<>();
        int[] best = new int[catalog.topics().size()];
        for (int i = 0; i < catalog.topics().size(); i++) {
            String topic = catalog.topics().get(i).topic();
            List<String> stems = queries.stems(topic.replace('_', ' '));
            if (!stems.isEmpty() && meanings.contains(stems)) {
                return new TopicMatch(Optional.of(topic), List.of());
            }
            int shared = 0;
            for (String stem : stems) {
                if (typed.stream().anyMatch(t -> t.equals(stem) || t.length() >= 3 && stem.startsWith(t))) {
                    shared++;
                }
            }
            int distance = editDistance(folded, Keys.topic(topic).replace('_', ' '));
            best[i] = shared * 10 + Math.max(0, TOPIC_MAX_EDITS + 1 - distance);
        }
        Integer[] order = new Integer[best.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(best[b], best[a])); // stable: catalog order on ties
        for (int i : order) {
            if (best[i] > 0 && closest.size() < TOPIC_SUGGESTIONS) {
                closest.add(catalog.topics().get(i).topic());
            }
        }
        return new TopicMatch(Optional.empty(), closest);
    }

    /** A topic spelt this many edits from the text still counts as close. */
    static final int TOPIC_MAX_EDITS = 3;
    static final int TOPIC_SUGGESTIONS = 3;

    private static int editDistance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }

    /** Number of papers indexed. */
    public int size() {
        return catalog.size();
    }

    /** Cache statistics, for tests and diagnostics; all zero when caching is disabled. */
    CacheStats cacheStats() {
        return cache == null ? CacheStats.empty() : cache.stats();
    }

    /** Queries in the cache, after pending evictions are done. */
    long cachedQueries() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private Ranked ranked(String key, int depth) {
        if (cache == null) {
            return rank(key, Math.max(depth, MIN_DEPTH));
        }
        Ranked ranked = cache.get(key, k -> rank(k, Math.max(depth, MIN_DEPTH)));
        if (!ranked.covers(depth)) {
            // A page past the cached prefix: go deeper, doubling so that paging on does not recompute every time.
            ranked = rank(key, Math.min(MAX_RESULTS, Math.max(depth, 2 * ranked.positions().length)));
            cache.put(key, ranked);
        }
        return ranked;
    }

    private Ranked rank(String key, int depth) {
        Optional<QueryBuilder.Built> found = queries.plan(key);
        if (found.isEmpty()) {
            return new Ranked(new int[0], 0, 0);
        }
        QueryBuilder.Built plan = found.get();
        try {
            // A shortcut's hits are the query's first hits in its order; when they fill the page, they are the page.
            for (Optional<Query> shortcut : List.of(plan.tagged(), plan.allParts())) {
                if (shortcut.isPresent()) {
                    ScoreDoc[] first = best(shortcut.get(), depth);
                    if (first.length == depth) {
                        // The query's hits include the shortcut's, so a shortcut that alone reaches the cap is the
                        // total (a topic's papers are counted off one posting list, the query's would be many).
                        int total = shortcut == plan.tagged() && countUpTo(shortcut.get(), MAX_RESULTS) == MAX_RESULTS
                                ? MAX_RESULTS : countUpTo(plan.query(), MAX_RESULTS);
                        // Every hit shown matches every part (as before: the partial ones are further down).
                        return new Ranked(positions(first), total, first.length);
                    }
                }
            }
            ScoreDoc[] top = best(plan.query(), depth);
            int total = top.length < depth ? top.length : countUpTo(plan.query(), MAX_RESULTS);
            int full = 0;
            for (int i = 0; i < top.length; i++) {
                if (top[i].score >= plan.fullMatchScore()) {
                    full = i + 1; // scores only fall, so the full matches are a prefix
                }
            }
            return new Ranked(positions(top), total, full);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The best {@code depth} hits, best first. Hits are not counted: that lets Lucene start skipping papers that cannot
     * make the top as soon as it has {@code depth} of them, instead of after scoring the first thousand.
     */
    private ScoreDoc[] best(Query query, int depth) throws IOException {
        return searcher.search(query, new TopScoreDocCollectorManager(depth, null, depth)).scoreDocs;
    }

    /**
     * How many papers match, counted up to {@code limit} (what the list shows) without scoring any: the count stops at
     * the limit, so a common word costs the first thousand matches, not all of them.
     */
    private int countUpTo(Query query, int limit) throws IOException {
        return searcher.search(query, new CollectorManager<CountingCollector, Integer>() {
            @Override
            public CountingCollector newCollector() {
                return new CountingCollector(limit);
            }

            @Override
            public Integer reduce(Collection<CountingCollector> collectors) {
                return (int) Math.min(limit, collectors.stream().mapToLong(c -> c.count).sum());
            }
        });
    }

    /** Counts hits and ends the search when {@code limit} is reached. Single-threaded, like the searcher. */
    private static final class CountingCollector implements Collector {
        private final int limit;
        private int count;

        CountingCollector(int limit) {
            this.limit = limit;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) {
            if (count >= limit) {
                throw new CollectionTerminatedException();
            }
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {
                }

                @Override
                public void collect(int doc) {
                    if (++count >= limit) {
                        throw new CollectionTerminatedException();
                    }
                }
            };
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }

    private static int[] positions(ScoreDoc[] hits) {
        int[] positions = new int[hits.length];
        for (int i = 0; i < hits.length; i++) {
            positions[i] = hits[i].doc;
        }
        return positions;
    }

    /**
     * The best {@code depth} hits of a normalised query (document id = catalog position). Hits are counted exactly
     * up to {@code exactCount}; past that Lucene may skip papers that cannot make the top. Package-private so tests
     * can compare the skipping search with an exhaustive one ({@code exactCount = Integer.MAX_VALUE}).
     */
    TopDocs topDocs(String normalizedQuery, int depth, int exactCount) {
        return topDocs(queries.plan(normalizedQuery), depth, exactCount);
    }

    private TopDocs topDocs(Optional<QueryBuilder.Built> plan, int depth, int exactCount) {
        Optional<Query> query = plan.map(QueryBuilder.Built::query);
        if (query.isEmpty()) {
            return new TopDocs(new TotalHits(0, TotalHits.Relation.EQUAL_TO), new ScoreDoc[0]);
        }
        try {
            return searcher.search(query.get(), new TopScoreDocCollectorManager(depth, null, exactCount));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document document(Paper paper, int position) {
        Document doc = new Document();
        doc.add(new NumericDocValuesField(IndexFields.POSITION, position));
        addText(doc, IndexFields.TITLE, paper.title());
        for (String topic : paper.topics()) {
            // '_' joins the words of a tag; as text they are separate words.
            addText(doc, IndexFields.TOPICS, topic.replace('_', ' '));
            doc.add(new Field(IndexFields.TAGS, Keys.topic(topic), KEYWORD));
        }
        paper.keywords().forEach(k -> addText(doc, IndexFields.KEYWORDS, k));
        paper.authors().forEach(a -> addText(doc, IndexFields.AUTHORS, a));
        for (String venue : new String[] {paper.venue(), paper.track()}) {
            if (venue != null) { // imported drafts (issue 12) may not know them yet
                addText(doc, IndexFields.VENUE, venue);
            }
        }
        addText(doc, IndexFields.BODY, paper.teaser());
        addText(doc, IndexFields.BODY, paper.summary());
        paper.keyPoints().forEach(p -> addText(doc, IndexFields.BODY, p));
        doc.add(new Field(IndexFields.IDS, Keys.fold(paper.id()), KEYWORD));
        paper.arxivId().ifPresent(a -> doc.add(new Field(IndexFields.IDS, Keys.fold(Keys.arxiv(a)), KEYWORD)));
        return doc;
    }

    private static void addText(Document doc, IndexFields.Text field, String value) {
        doc.add(new Field(field.name(), value, field.lengthNorm() ? TEXT : SHORT_TEXT));
    }

    /** The index sort and the slice order guarantee it; checked once per build because every result relies on it. */
    private static void checkDocIdsArePositions(DirectoryReader reader, int size) throws IOException {
        if (reader.maxDoc() != size) {
            throw new IllegalStateException("index has " + reader.maxDoc() + " documents, expected " + size);
        }
        for (LeafReaderContext leaf : reader.leaves()) {
            NumericDocValues position = leaf.reader().getNumericDocValues(IndexFields.POSITION);
            for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                if (position == null || !position.advanceExact(doc) || position.longValue() != leaf.docBase + doc) {
                    throw new IllegalStateException("document " + (leaf.docBase + doc) + " is not at its catalog position");
                }
            }
        }
    }

    /**
     * Text fields keep frequencies for BM25 but no positions, because no query needs them (no phrase search); keyword
     * fields (ids, tags) are single exact terms: documents only, no norms.
     */
    private static FieldType fieldType(boolean tokenized, boolean omitNorms, IndexOptions options) {
        FieldType t = new FieldType();
        t.setTokenized(tokenized);
        t.setOmitNorms(omitNorms);
        t.setIndexOptions(options);
        t.freeze();
        return t;
    }
}
