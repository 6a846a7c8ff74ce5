package org.paperbot.catalog;

import java.time.LocalDate;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.stream.IntStream;

/**
 * An immutable snapshot of the catalog: papers in catalog order plus lookups built once. The lookups (ids, arXiv ids,
 * topics, publication dates) are what every request needs and live in the heap, a few hundred bytes a paper; the
 * papers themselves come from a {@link PaperSource}: the heap for a catalog given as a list, or an on-disk
 * {@link PaperStore} behind a weight-bounded cache for a large one. A request reads the papers it shows by position
 * ({@link #paperAt}, {@link #range}), never all of them.
 */
public final class Catalog {
    /** A topic tag and how many papers carry it. */
    public record TopicCount(String topic, int count) {
    }

    /**
     * What the heap keeps of one paper. {@code arxivKey} is the arXiv id without version ({@link Keys#arxiv}) or null;
     * {@code published} null when the catalog does not record it (papers.json).
     */
    public record Entry(String id, String arxivKey, List<String> topics, LocalDate published) {
        public static Entry of(Paper paper, LocalDate published) {
            return new Entry(paper.id(), paper.arxivId().map(Keys::arxiv).orElse(null), paper.topics(), published);
        }
    }

    private final PaperSource source;
    private final List<Venue> venues;
    private final String[] ids;
    private final LocalDate[] published;
    /** Positions in id order: a lookup by id is a binary search, 4 bytes a paper instead of a map entry's ~60. */
    private final int[] positionsById;
    /** arXiv ids packed as numbers ({@link #arxivNumber}), sorted, with the position of each: 12 bytes a paper. */
    private final long[] arxivNumbers;
    private final int[] arxivPositions;
    /** The few arXiv keys that do not pack (none the loader accepts; tests may build others). */
    private final Map<String, Integer> otherArxivIds;
    private final Map<String, int[]> positionsByTopicKey;
    private final Map<String, String> topicSpellingByKey;
    private final List<TopicCount> topics;

    public Catalog(List<Paper> papers, List<Venue> venues) {
        this(papers, venues, Map.of());
    }

    /** {@code publishedOn}: when each paper was published, as a catalog directory records it (papers.json does not). */
    public Catalog(List<Paper> papers, List<Venue> venues, Map<String, LocalDate> publishedOn) {
        this(entries(papers, publishedOn), venues, PaperSource.inHeap(papers));
    }

    /** A catalog whose papers, in the order of {@code entries}, come from {@code source}. */
    public Catalog(List<Entry> entries, List<Venue> venues, PaperSource source) {
        this.source = source;
        this.venues = List.copyOf(venues);
        int n = entries.size();
        if (source.size() != n) {
            throw new IllegalArgumentException(n + " entries for " + source.size() + " papers");
        }
        this.ids = new String[n];
        this.published = new LocalDate[n];
        Map<String, Integer> otherArxiv = new HashMap<>();
        long[] packedArxiv = new long[n];
        int arxivCount = 0;
        Map<String, IntList> byTopic = new LinkedHashMap<>();
        Map<String, String> topicSpelling = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            ids[i] = e.id();
            published[i] = e.published();
            if (e.arxivKey() != null) {
                long number = arxivNumber(e.arxivKey());
                if (number < 0) {
                    otherArxiv.putIfAbsent(e.arxivKey(), i);
                } else {
                    // The number in the high bits, the position in the low 32: sorting keeps the first position.
                    packedArxiv[arxivCount++] = number << 32 | i;
                }
            }
            for (String t : e.topics()) {
                String key = Keys.topic(t);
                topicSpelling.putIfAbsent(key, t);
                IntList carrying = byTopic.computeIfAbsent(key, k -> new IntList());
                carrying.addOnce(i); // "LLM" and "llm" (or "ёлка" and "елка") in one paper are one topic
            }
        }
        this.positionsById = IntStream.range(0, n).boxed().sorted(Comparator.comparing((Integer i) -> ids[i]))
                .mapToInt(Integer::intValue).toArray();
        for (int k = 1; k < n; k++) {
            if (ids[positionsById[k]].equals(ids[positionsById[k - 1]])) {
                throw new IllegalArgumentException("duplicate paper id " + ids[positionsById[k]]);
            }
        }
        long[] packed = Arrays.copyOf(packedArxiv, arxivCount);
        Arrays.sort(packed);
        int distinct = 0;
        long[] numbers = new long[packed.length];
        int[] positions = new int[packed.length];
        for (long p : packed) {
            long number = p >>> 32;
            if (distinct == 0 || numbers[distinct - 1] != number) {
                numbers[distinct] = number;
                positions[distinct++] = (int) p;
            }
        }
        this.arxivNumbers = Arrays.copyOf(numbers, distinct);
        this.arxivPositions = Arrays.copyOf(positions, distinct);
        this.otherArxivIds = otherArxiv;
        Map<String, int[]> frozen = new HashMap<>(byTopic.size() * 2);
        List<TopicCount> counts = new ArrayList<>(byTopic.size());
        byTopic.forEach((key, carrying) -> {
            frozen.put(key, carrying.toArray());
            counts.add(new TopicCount(topicSpelling.get(key), carrying.size));
        });
        this.positionsByTopicKey = frozen;
        this.topicSpellingByKey = topicSpelling;
        counts.sort(Comparator.comparingInt(TopicCount::count).reversed()
                .thenComparing(c -> c.topic().toLowerCase(Locale.ROOT)));
        this.topics = Collections.unmodifiableList(counts);
    }

    private static List<Entry> entries(List<Paper> papers, Map<String, LocalDate> publishedOn) {
        List<Entry> entries = new ArrayList<>(papers.size());
        for (Paper p : papers) {
            entries.add(Entry.of(p, publishedOn.get(p.id())));
        }
        return entries;
    }

    /**
     * Every paper in catalog order, read on demand: for tools and tests. A request reads what it shows through
     * {@link #paperAt} or {@link #range}; walking this list reads the whole store.
     */
    public List<Paper> papers() {
        return range(0, size());
    }

    /** Papers at positions {@code [from, to)}, read as they are used (a /list page reads only its own). */
    public List<Paper> range(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + size());
        }
        return new Papers(this, from, to);
    }

    /** The paper at a 0-based catalog position. */
    public Paper paperAt(int position) {
        return source.at(position);
    }

    /** The id of the paper at a 0-based position, without reading the paper. */
    public String idAt(int position) {
        return ids[position];
    }

    /** Every id in catalog order, without reading a paper. */
    public List<String> ids() {
        return Collections.unmodifiableList(Arrays.asList(ids));
    }

    public List<Venue> venues() {
        return venues;
    }

    public int size() {
        return ids.length;
    }

    /** Releases the file the papers are read from (a stored catalog); no paper may be read after. */
    public void close() throws java.io.IOException {
        source.close();
    }

    /** Where the papers come from; tells whether they all live in the heap. */
    public PaperSource source() {
        return source;
    }

    /** The paper at a 1-based number, as shown in /list. */
    public Optional<Paper> byNumber(long number) {
        return number >= 1 && number <= size() ? Optional.of(paperAt((int) number - 1)) : Optional.empty();
    }

    public Optional<Paper> byId(String id) {
        int i = positionOf(id);
        return i < 0 ? Optional.empty() : Optional.of(paperAt(i));
    }

    /** The position of the {@code k}-th paper in id order (String order), 0-based: kept sorted for lookups anyway. */
    public int positionInIdOrder(int k) {
        return positionsById[k];
    }

    /** The 0-based position of the paper with this id, or -1. */
    public int positionOf(String id) {
        int low = 0;
        int high = positionsById.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = ids[positionsById[mid]].compareTo(id);
            if (c == 0) {
                return positionsById[mid];
            }
            if (c < 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return -1;
    }

    /** The paper with this arXiv id, whatever version either side names (2310.10638 finds 2310.10638v2). */
    public Optional<Paper> byArxivId(String arxivId) {
        String key = Keys.arxiv(arxivId);
        long number = arxivNumber(key);
        if (number < 0) {
            Integer i = otherArxivIds.get(key);
            return i == null ? Optional.empty() : Optional.of(paperAt(i));
        }
        int k = Arrays.binarySearch(arxivNumbers, number);
        return k < 0 ? Optional.empty() : Optional.of(paperAt(arxivPositions[k]));
    }

    /**
     * An arXiv id without version ({@code 2310.10638}, or the older four digits after the dot) as one number: its
     * digits, then how many follow the dot (so 2310.1063 and 2310.01063 differ). -1 for anything else.
     */
    static long arxivNumber(String key) {
        int dot = key.indexOf('.');
        int after = key.length() - dot - 1;
        if (dot != 4 || after < 4 || after > 5) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (i == dot) {
                continue;
            }
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n * 10 + after;
    }

    /** 1-based number of the paper in the catalog. */
    public int numberOf(Paper paper) {
        int i = positionOf(paper.id());
        if (i < 0) {
            throw new IllegalArgumentException("paper not in this catalog: " + paper.id());
        }
        return i + 1;
    }

    /** The date the paper was published, if the catalog records it. */
    public Optional<LocalDate> publishedOn(Paper paper) {
        int i = positionOf(paper.id());
        return i < 0 ? Optional.empty() : publishedAt(i);
    }

    /** The date the paper at a 0-based position was published, if the catalog records it. */
    public Optional<LocalDate> publishedAt(int position) {
        return Optional.ofNullable(published[position]);
    }

    /** Topics, most used first. */
    public List<TopicCount> topics() {
        return topics;
    }

    /** Papers carrying the tag, read as they are used; a leading '#' and letter case are ignored, ё equals е. */
    public List<Paper> withTopic(String tag) {
        int[] positions = positionsByTopicKey.get(Keys.topic(tag));
        return positions == null ? List.of() : new Positions(this, positions);
    }

    /** The tag as spelled in the catalog, if any paper carries it. */
    public Optional<String> topicSpelling(String tag) {
        return Optional.ofNullable(topicSpellingByKey.get(Keys.topic(tag)));
    }

    /** A contiguous run of the catalog's papers, read on access. */
    private static final class Papers extends AbstractList<Paper> implements RandomAccess {
        private final Catalog catalog;
        private final int from;
        private final int to;

        Papers(Catalog catalog, int from, int to) {
            this.catalog = catalog;
            this.from = from;
            this.to = to;
        }

        @Override
        public Paper get(int index) {
            if (index < 0 || index >= to - from) {
                throw new IndexOutOfBoundsException(index);
            }
            return catalog.paperAt(from + index);
        }

        @Override
        public int size() {
            return to - from;
        }
    }

    /** The papers at some positions, read on access. */
    private static final class Positions extends AbstractList<Paper> implements RandomAccess {
        private final Catalog catalog;
        private final int[] positions;

        Positions(Catalog catalog, int[] positions) {
            this.catalog = catalog;
            this.positions = positions;
        }

        @Override
        public Paper get(int index) {
            return catalog.paperAt(positions[index]);
        }

        @Override
        public int size() {
            return positions.length;
        }
    }

    /** A growable int array: a topic's positions cost 4 bytes each, not an Integer and a list slot. */
    private static final class IntList {
        int[] items = new int[4];
        int size;

        void addOnce(int value) {
            if (size > 0 && items[size - 1] == value) {
                return;
            }
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(items, size);
        }
    }
}
