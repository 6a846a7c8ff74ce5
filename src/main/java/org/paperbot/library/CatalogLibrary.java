package org.paperbot.library;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogException;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.catalog.PaperStore;
import org.paperbot.catalog.StoredCatalog;
import org.paperbot.search.SearchIndex;
import org.paperbot.search.Synonyms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The catalog as the bot serves it, of any size that fits: each version is built once into
 * {@code <work>/catalog/<hash>/} ({@link CatalogHash}) — the papers' store and what the heap keeps of them
 * ({@link StoredCatalog}), the Lucene index ({@value #INDEX}/) with the vocabulary search needs ({@value #VOCABULARY})
 * — and the marker {@value #COMPLETE} is written last. Start-up with an unchanged catalog opens that
 * directory (nothing parsed, validated or indexed); a directory without its marker is what a crash left mid-build and
 * is removed. A reload builds the new version beside the one serving; the old directory is deleted when its snapshot is
 * released (see {@link Lease}), other leftovers at start. Every replica builds its own copy in its own data directory.
 */
public final class CatalogLibrary {
    public static final String DIR = "catalog";
    static final String COMPLETE = "complete";
    static final String VOCABULARY = "vocabulary.bin";
    static final String INDEX = "index";
    /**
     * Disk a build needs per byte of catalog file: the store (about the file's size, without JSON's syntax) and the
     * index (measured: two thirds of it), with room to spare.
     */
    static final double DISK_PER_CATALOG_BYTE = 2.5;

    private static final Logger log = LoggerFactory.getLogger(CatalogLibrary.class);

    private final Path source;
    private final Path root;
    private final Synonyms synonyms;
    private final long cacheBytes;
    private final MemoryBudget budget;
    private final CatalogLoader loader = new CatalogLoader();
    private final AtomicInteger builds = new AtomicInteger();

    /**
     * @param source     papers.json or a catalog directory
     * @param workDir    where built catalogs go (the data directory): {@code <workDir>/catalog/<hash>/}
     * @param cacheBytes budget of the paper cache; a catalog whose papers fit in it keeps them all in the heap
     * @param budget     the heap a catalog may take; a larger one is refused
     */
    public CatalogLibrary(Path source, Path workDir, Synonyms synonyms, long cacheBytes, MemoryBudget budget) {
        this.source = source;
        this.root = workDir.resolve(DIR);
        this.synonyms = synonyms;
        this.cacheBytes = cacheBytes;
        this.budget = budget;
    }

    /** The catalog and its search, at start: opened if built before, else built (see {@link #load}). */
    public Snapshot open() {
        return load().index();
    }

    /**
     * Start-up, first half: the catalog opened if this version was built before, else validated and stored; leftover
     * directories of other versions are removed. The search index comes with {@link Loaded#index} (it can be built
     * while the bot waits for Telegram). Throws {@link CatalogException} for a catalog that is invalid or too large.
     */
    public Loaded load() {
        String key = CatalogHash.of(source, synonyms);
        Loaded loaded = load(key, 0);
        removeAllBut(key);
        return loaded;
    }

    /**
     * A reload: the snapshot of the catalog as it is now, built beside {@code serving}, which keeps serving meanwhile;
     * {@code serving} itself when nothing changed. Throws {@link CatalogException} (nothing built remains) when the
     * catalog is invalid or would not fit beside the one serving.
     */
    public Snapshot next(Snapshot serving) {
        String key = CatalogHash.of(source, synonyms);
        if (key.equals(serving.lease().key())) {
            log.info("Catalog {} unchanged (content hash {}): nothing to reload", source, key);
            return serving;
        }
        return load(key, serving.catalog().size()).index();
    }

    /** How many times a catalog was built (not merely opened) since this library was made. */
    public int builds() {
        return builds.get();
    }

    private Loaded load(String key, int servingPapers) {
        Path dir = root.resolve(key);
        if (Files.isRegularFile(dir.resolve(COMPLETE))) {
            try {
                Catalog catalog = StoredCatalog.open(dir, cacheBytes);
                log.info("Catalog {} unchanged since it was built: opened {} ({} papers)", source, dir, catalog.size());
                return new Loaded(catalog, dir, key, true, servingPapers);
            } catch (IOException | RuntimeException e) {
                log.warn("Built catalog {} cannot be opened ({}); building it again", dir, e.toString());
            }
        }
        deleteTree(dir); // a build a crash interrupted, or one that cannot be opened
        checkDisk();
        builds.incrementAndGet();
        long started = System.nanoTime();
        try {
            Files.createDirectories(dir);
            Catalog catalog = StoredCatalog.build(loader, source, dir, cacheBytes,
                    papers -> budget.admit(source.toString(), papers, servingPapers));
            log.info("Catalog {}: {} papers stored in {} in {} ms", source, catalog.size(), dir,
                    (System.nanoTime() - started) / 1_000_000);
            return new Loaded(catalog, dir, key, false, servingPapers);
        } catch (IOException | UncheckedIOException e) {
            deleteTree(dir);
            throw new CatalogException(source.toString(), List.of("cannot store the catalog in " + dir + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /** Refuses to start a build the data directory has no room for. */
    private void checkDisk() {
        try {
            Files.createDirectories(root);
            long size = catalogBytes(source);
            long needed = (long) (size * DISK_PER_CATALOG_BYTE);
            long usable = Files.getFileStore(root).getUsableSpace();
            if (needed > usable) {
                throw new CatalogException(source.toString(), List.of(String.format(
                        "too large to store: %d MB of catalog need about %d MB of disk in %s, only %d MB are free",
                        size >> 20, needed >> 20, root, usable >> 20)));
            }
        } catch (IOException e) {
            throw new CatalogException(source.toString(), List.of("cannot use " + root + " for the catalog: " + e.getMessage()));
        }
    }

    /** The catalog's size on disk: the file's, or the sum of a directory's files. */
    public static long catalogBytes(Path source) throws IOException {
        if (!Files.isDirectory(source)) {
            return Files.size(source);
        }
        try (Stream<Path> files = Files.list(source)) {
            long total = 0;
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }

    /** At start nothing but {@code key}'s directory is in use: every other version is removed. */
    private void removeAllBut(String key) {
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.toList()) {
                if (!dir.getFileName().toString().equals(key)) {
                    log.info("Removing {}: a catalog version no longer served", dir);
                    deleteTree(dir);
                }
            }
        } catch (IOException e) {
            log.warn("Cannot list {} to remove old catalog versions: {}", root, e.getMessage());
        }
    }

    /** A catalog opened or stored, whose search index is yet to be opened or built. */
    public final class Loaded {
        private final Catalog catalog;
        private final Path dir;
        private final String key;
        private final boolean complete;
        private final int servingPapers;

        private Loaded(Catalog catalog, Path dir, String key, boolean complete, int servingPapers) {
            this.catalog = catalog;
            this.dir = dir;
            this.key = key;
            this.complete = complete;
            this.servingPapers = servingPapers;
        }

        public Catalog catalog() {
            return catalog;
        }

        /**
         * The snapshot: the index opened, or built and then marked complete. On failure the catalog is closed and a
         * directory being built removed; a complete one that cannot be opened (damaged on disk) is built again.
         */
        public Snapshot index() {
            try {
                if (!complete) {
                    SearchIndex.write(catalog, dir.resolve(INDEX), dir.resolve(VOCABULARY));
                    // Lucene synced its own files at commit; the marker must not reach the disk before the others.
                    for (String file : List.of(PaperStore.FILE, StoredCatalog.ENTRIES, VOCABULARY)) {
                        try (FileChannel channel = FileChannel.open(dir.resolve(file), StandardOpenOption.WRITE)) {
                            channel.force(true);
                        }
                    }
                    Files.writeString(dir.resolve(COMPLETE), key + "\n", StandardCharsets.UTF_8);
                }
                SearchIndex search = SearchIndex.open(catalog, dir.resolve(INDEX), dir.resolve(VOCABULARY), synonyms,
                        SearchIndex.DEFAULT_CACHE_SIZE);
                return new Snapshot(catalog, search, new Lease(key, retired -> release(catalog, search, dir, retired)));
            } catch (IOException | RuntimeException e) {
                closeQuietly(catalog);
                deleteTree(dir);
                if (complete) {
                    log.warn("Built catalog {} cannot be opened ({}); building it again", dir, e.toString());
                    return load(key, servingPapers).index();
                }
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw new CatalogException(source.toString(), List.of("cannot index the catalog in " + dir + ": " + e.getMessage()));
            }
        }
    }

    /** The last user of a snapshot let go: close its files, and remove its directory if a newer one replaced it. */
    private static void release(Catalog catalog, SearchIndex search, Path dir, boolean retired) {
        try {
            search.close();
        } catch (IOException e) {
            log.warn("Closing the search index in {} failed: {}", dir, e.getMessage());
        }
        closeQuietly(catalog);
        if (retired) {
            deleteTree(dir);
            log.info("Released the catalog version in {}", dir);
        }
    }

    private static void closeQuietly(Catalog catalog) {
        try {
            catalog.close();
        } catch (IOException e) {
            log.warn("Closing the catalog store failed: {}", e.getMessage());
        }
    }

    /** Deletes a directory and all in it; a failure is logged (a leftover version is removed at the next start). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("Cannot remove {}: {}; it is removed at the next start", dir, e.getMessage());
        }
    }
}
