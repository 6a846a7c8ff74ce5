package org.paperbot.catalog;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * A catalog kept in a directory: its papers in a {@link PaperStore} ({@value PaperStore#FILE}) and what the heap keeps
 * of each ({@link Catalog.Entry}, with where its record is) in {@value #ENTRIES}, so that opening it again reads no
 * catalog file and validates nothing. {@link #build} streams the catalog into the directory one paper at a time;
 * {@link #open} reads it back. A catalog whose papers all fit in the cache budget is read into the heap whole.
 */
public final class StoredCatalog {
    public static final String ENTRIES = "entries.bin";
    /** Bumped whenever what is written here changes, so an old directory is never read as a new one. */
    public static final int FORMAT = 1;
    private static final long NO_DATE = Long.MIN_VALUE;

    private StoredCatalog() {
    }

    /**
     * Validates the catalog at {@code source} and writes it into {@code dir} (which must exist and hold no store yet),
     * then opens it. {@code admitted} hears how many papers were read so far after each one: it may throw (a
     * {@link CatalogException}) to refuse a catalog that grows past what fits, before it does.
     */
    public static Catalog build(CatalogLoader loader, Path source, Path dir, long cacheBytes, IntConsumer admitted)
            throws IOException {
        Writing sink;
        List<Venue> venues;
        try (PaperStore.Writer writer = PaperStore.create(dir.resolve(PaperStore.FILE))) {
            sink = new Writing(writer, dir, admitted);
            venues = loader.stream(source, sink);
            sink.offsets[sink.entries.size()] = writer.position();
        }
        int n = sink.entries.size();
        // A catalog directory lists its papers in the order they were published, then by id (see CatalogLoader).
        int[] order = IntStream.range(0, n).toArray();
        if (n > 0 && sink.entries.get(0).published() != null) {
            order = IntStream.range(0, n).boxed()
                    .sorted(Comparator.comparing((Integer i) -> sink.entries.get(i).published())
                            .thenComparing(i -> sink.entries.get(i).id()))
                    .mapToInt(Integer::intValue).toArray();
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(
                dir.resolve(ENTRIES), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16))) {
            out.writeInt(FORMAT);
            out.writeInt(n);
            out.writeLong(sink.weight);
            for (int i : order) {
                Catalog.Entry e = sink.entries.get(i);
                out.writeUTF(e.id());
                out.writeUTF(e.arxivKey() == null ? "" : e.arxivKey());
                out.writeByte(e.topics().size());
                for (String t : e.topics()) {
                    out.writeUTF(t);
                }
                out.writeLong(e.published() == null ? NO_DATE : e.published().toEpochDay());
                out.writeLong(sink.offsets[i]);
                out.writeInt((int) (sink.offsets[i + 1] - sink.offsets[i]));
            }
            out.writeInt(venues.size());
            for (Venue v : venues) {
                out.writeUTF(v.name());
                out.writeInt(v.facts().size());
                for (String fact : v.facts()) {
                    out.writeUTF(fact);
                }
            }
        }
        return open(dir, cacheBytes);
    }

    /** Opens a catalog {@link #build} wrote into {@code dir}. */
    public static Catalog open(Path dir, long cacheBytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(ENTRIES)),
                1 << 16))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException(dir.resolve(ENTRIES) + " is of format " + format + ", not " + FORMAT);
            }
            int n = in.readInt();
            long weight = in.readLong();
            Map<String, String> spellings = new HashMap<>();
            List<Catalog.Entry> entries = new ArrayList<>(n);
            long[] offsets = new long[n];
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                String arxiv = in.readUTF();
                int topicCount = in.readUnsignedByte();
                String[] topics = new String[topicCount];
                for (int t = 0; t < topicCount; t++) {
                    topics[t] = spellings.computeIfAbsent(in.readUTF(), k -> k);
                }
                long day = in.readLong();
                offsets[i] = in.readLong();
                lengths[i] = in.readInt();
                entries.add(new Catalog.Entry(id, arxiv.isEmpty() ? null : arxiv, Arrays.asList(topics),
                        day == NO_DATE ? null : LocalDate.ofEpochDay(day)));
            }
            int venueCount = in.readInt();
            List<Venue> venues = new ArrayList<>(venueCount);
            for (int v = 0; v < venueCount; v++) {
                String name = in.readUTF();
                int facts = in.readInt();
                List<String> list = new ArrayList<>(facts);
                for (int f = 0; f < facts; f++) {
                    list.add(in.readUTF());
                }
                venues.add(new Venue(name, list));
            }
            PaperStore store = PaperStore.open(dir.resolve(PaperStore.FILE), offsets, lengths);
            if (weight > cacheBytes) {
                return new Catalog(entries, venues, PaperSource.cached(store, cacheBytes));
            }
            // Everything fits in the cache budget: the papers live in the heap, as a small catalog always did.
            try (store) {
                List<Paper> papers = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    papers.add(store.read(i));
                }
                return new Catalog(entries, venues, PaperSource.inHeap(papers));
            }
        }
    }

    /** Writes each streamed paper to the store and keeps its entry and record offset. */
    private static final class Writing implements CatalogLoader.PaperSink {
        final PaperStore.Writer writer;
        final Path dir;
        final IntConsumer admitted;
        final List<Catalog.Entry> entries = new ArrayList<>();
        /** One string per topic, not one per paper carrying it. */
        final Map<String, String> spellings = new HashMap<>();
        long[] offsets = new long[1024];
        long weight;

        Writing(PaperStore.Writer writer, Path dir, IntConsumer admitted) {
            this.writer = writer;
            this.dir = dir;
            this.admitted = admitted;
        }

        @Override
        public void accept(Paper paper, LocalDate published) {
            int n = entries.size();
            admitted.accept(n + 1);
            if (n + 1 >= offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            try {
                offsets[n] = writer.append(paper);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dir.resolve(PaperStore.FILE), e);
            }
            entries.add(new Catalog.Entry(paper.id(), paper.arxivId().map(Keys::arxiv).orElse(null),
                    paper.topics().stream().map(t -> spellings.computeIfAbsent(t, k -> k)).toList(), published));
            weight += PaperStore.weight(paper);
        }
    }
}
