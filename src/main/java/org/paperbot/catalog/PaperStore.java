package org.paperbot.catalog;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Papers on disk: one append-only file of records in a small binary format (length-prefixed UTF-8 strings), read
 * back one record at a time with a positional {@link FileChannel} read. The record of each catalog position is found
 * through offset and length arrays kept in the heap (12 bytes a paper). A plain file rather than Lucene stored fields
 * or a memory map: a card needs exactly one paper, one read of a few kilobytes (well under a millisecond from the page
 * cache), the heap holds only what the cache keeps, and closing the channel releases everything at once — no
 * mapping that outlives a reload.
 */
public final class PaperStore implements Closeable {
    public static final String FILE = "papers.bin";

    private final Path file;
    private final long[] offsets;
    private final int[] lengths;
    private volatile FileChannel channel;
    private volatile boolean closed;

    private PaperStore(Path file, long[] offsets, int[] lengths) throws IOException {
        this.file = file;
        this.offsets = offsets;
        this.lengths = lengths;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /** Opens the store; {@code offsets[i]} and {@code lengths[i]} locate the record of catalog position i. */
    public static PaperStore open(Path file, long[] offsets, int[] lengths) throws IOException {
        if (offsets.length != lengths.length) {
            throw new IllegalArgumentException(offsets.length + " offsets for " + lengths.length + " lengths");
        }
        return new PaperStore(file, offsets, lengths);
    }

    public static Writer create(Path file) throws IOException {
        return new Writer(file);
    }

    public int size() {
        return offsets.length;
    }

    /** The paper at a catalog position, read from disk. */
    public Paper read(int position) {
        ByteBuffer buffer = ByteBuffer.allocate(lengths[position]);
        while (true) {
            FileChannel ch = channel;
            try {
                buffer.clear();
                while (buffer.hasRemaining()) {
                    if (ch.read(buffer, offsets[position] + buffer.position()) < 0) {
                        throw new IOException("record " + position + " ends past the end of " + file);
                    }
                }
                buffer.flip();
                return decode(buffer);
            } catch (ClosedChannelException e) {
                // An interrupted reader closes the channel for every thread (ClosedByInterruptException): reopen it
                // for the others; the interrupted one gives up, as its interrupt asked.
                if (closed || !reopen(ch) || e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
                    throw new UncheckedIOException("cannot read paper " + position + " from " + file, e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read paper " + position + " from " + file, e);
            }
        }
    }

    private synchronized boolean reopen(FileChannel broken) {
        if (closed) {
            return false;
        }
        if (channel == broken) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        channel.close();
    }

    /**
     * What a paper costs in the heap, roughly: its strings (two bytes a char, plus headers) and the objects around
     * them. The cache is bounded by the sum of these.
     */
    public static int weight(Paper p) {
        int chars = p.id().length() + p.arxivId().map(String::length).orElse(0) + p.title().length()
                + length(p.venue()) + length(p.track()) + p.teaser().length() + p.summary().length()
                + p.links().pdf().toString().length() * 2 // a URI keeps its text and its parts
                + p.links().openReview().map(u -> u.toString().length() * 2).orElse(0)
                + p.links().arxiv().map(u -> u.toString().length() * 2).orElse(0);
        int strings = 8 + p.authors().size() + p.topics().size() + p.keywords().size() + p.keyPoints().size();
        for (List<String> list : List.of(p.authors(), p.topics(), p.keywords(), p.keyPoints())) {
            for (String s : list) {
                chars += s.length();
            }
        }
        return 2 * chars + 48 * strings + 200;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static Paper decode(ByteBuffer in) {
        String id = string(in);
        Optional<String> arxivId = Optional.ofNullable(string(in));
        String title = string(in);
        List<String> authors = strings(in);
        String venue = string(in);
        String track = string(in);
        List<String> topics = strings(in);
        List<String> keywords = strings(in);
        String teaser = string(in);
        String summary = string(in);
        List<String> keyPoints = strings(in);
        URI pdf = URI.create(string(in));
        Optional<URI> openReview = Optional.ofNullable(string(in)).map(URI::create);
        Optional<URI> arxiv = Optional.ofNullable(string(in)).map(URI::create);
        return new Paper(id, arxivId, title, authors, venue, track, topics, keywords, teaser, summary, keyPoints,
                new PaperLinks(pdf, openReview, arxiv));
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private static List<String> strings(ByteBuffer in) {
        int n = in.getInt();
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(string(in));
        }
        return list;
    }

    /** Appends papers to a new store file; {@link #append} tells where each record went. */
    public static final class Writer implements Closeable {
        private final DataOutputStream out;
        private long written;

        private Writer(Path file) throws IOException {
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16));
        }

        /** Writes the paper; returns its record's offset (its length is the next offset minus this). */
        public long append(Paper p) throws IOException {
            long at = written;
            string(p.id());
            string(p.arxivId().orElse(null));
            string(p.title());
            strings(p.authors());
            string(p.venue());
            string(p.track());
            strings(p.topics());
            strings(p.keywords());
            string(p.teaser());
            string(p.summary());
            strings(p.keyPoints());
            string(p.links().pdf().toString());
            string(p.links().openReview().map(URI::toString).orElse(null));
            string(p.links().arxiv().map(URI::toString).orElse(null));
            return at;
        }

        /** Bytes written so far: the offset of the next record. */
        public long position() {
            return written;
        }

        private void string(String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
                written += 4;
                return;
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
            written += 4 + bytes.length;
        }

        private void strings(List<String> list) throws IOException {
            out.writeInt(list.size());
            written += 4;
            for (String s : list) {
                string(s);
            }
        }

        /** Flushes and closes the file. */
        @Override
        public void close() throws IOException {
            out.flush();
            out.close();
        }
    }
}
