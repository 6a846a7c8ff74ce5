package org.paperbot.library;

import org.paperbot.catalog.CatalogException;
import org.paperbot.search.SearchIndex;

import java.util.List;

/**
 * The heap a catalog may take, checked while it loads, so that a catalog too large is refused with its numbers before
 * anything is replaced and an OutOfMemoryError is never how it ends. What a stored catalog keeps in the heap grows with
 * its papers ({@link #BYTES_PER_PAPER}: ids, lookups, topic positions, record offsets, the search index's terms and
 * vocabulary); the papers themselves are in the cache, whose budget is reserved apart.
 *
 * @param maxHeap       the JVM's maximum heap ({@link Runtime#maxMemory()})
 * @param reserved      heap kept for everything else: the bot, the paper cache, an index build's buffers
 * @param bytesPerPaper heap a stored catalog takes per paper
 */
public record MemoryBudget(long maxHeap, long reserved, long bytesPerPaper) {
    private static final long MB = 1024 * 1024;
    /** An allowance for the rest of the bot: handlers, outbox, database and HTTP clients, requests in flight. */
    static final long BOT_BYTES = 32 * MB;
    /**
     * Measured with 100 000 synthetic papers ({@code SyntheticCatalog}) and the shipped synonyms: 53 MB of heap after
     * GC with the catalog and its search open, nothing cached; rounded up. A catalog with a richer vocabulary takes
     * more per paper in the search's vocabulary, hence the margin.
     */
    public static final long BYTES_PER_PAPER = 600;

    /** This JVM's heap, with {@code cacheBytes} for the paper cache. */
    public static MemoryBudget of(long cacheBytes) {
        return new MemoryBudget(Runtime.getRuntime().maxMemory(),
                BOT_BYTES + cacheBytes + SearchIndex.DISK_BUILD_RAM_MB * MB, BYTES_PER_PAPER);
    }

    /** What a stored catalog of {@code papers} takes in the heap. */
    public long heapOf(int papers) {
        return papers * bytesPerPaper;
    }

    /**
     * Refuses ({@link CatalogException} naming {@code name}) when {@code papers} more papers would not fit beside a
     * catalog of {@code servingPapers} that keeps serving meanwhile.
     */
    public void admit(String name, int papers, int servingPapers) {
        long free = maxHeap - reserved - heapOf(servingPapers);
        if (heapOf(papers) > free) {
            throw new CatalogException(name, List.of(String.format(
                    "too large to load: its first %d papers already need about %d MB of heap (%d bytes a paper), only %d MB are free for a"
                            + " catalog (maximum heap %d MB, minus %d MB for the bot, the paper cache and indexing, minus"
                            + " %d MB for the catalog serving now); raise -Xmx or lower catalog.cache-mb",
                    papers, heapOf(papers) / MB, bytesPerPaper, Math.max(0, free) / MB, maxHeap / MB, reserved / MB,
                    heapOf(servingPapers) / MB)));
        }
    }
}
