package org.paperbot.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Where a {@link Catalog}'s papers come from, by 0-based catalog position. */
public interface PaperSource extends Closeable {
    Paper at(int position);

    /** Reads the paper without keeping it in a cache: for walks over the whole catalog (indexing). */
    default Paper read(int position) {
        return at(position);
    }

    int size();

    /** Whether every paper lives in the heap (then nothing is read from disk). */
    boolean inHeap();

    /** Cache statistics; all zero for papers in the heap. */
    default CacheStats stats() {
        return CacheStats.empty();
    }

    /** Estimated bytes of the papers the cache holds now (see {@link PaperStore#weight}); 0 for papers in the heap. */
    default long cachedBytes() {
        return 0;
    }

    /** Releases the file the papers are read from, if any; no paper may be read after. */
    @Override
    default void close() throws IOException {
    }

    static PaperSource inHeap(List<Paper> papers) {
        List<Paper> copy = List.copyOf(papers);
        return new PaperSource() {
            @Override
            public Paper at(int position) {
                return copy.get(position);
            }

            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public boolean inHeap() {
                return true;
            }
        };
    }

    /**
     * Papers of a store read on demand, the recently read ones kept in a Caffeine cache bounded by their estimated
     * size in bytes ({@link PaperStore#weight}), so a catalog of long papers caches fewer of them, not more memory.
     */
    static PaperSource cached(PaperStore store, long maxBytes) {
        Cache<Integer, Paper> cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Integer position, Paper paper) -> PaperStore.weight(paper))
                // Evicting on the calling thread is cheap and keeps the cache off the shared common pool.
                .executor(Runnable::run)
                .recordStats()
                .build();
        return new PaperSource() {
            @Override
            public Paper at(int position) {
                return cache.get(position, store::read);
            }

            @Override
            public Paper read(int position) {
                Paper cached = cache.getIfPresent(position);
                return cached != null ? cached : store.read(position);
            }

            @Override
            public int size() {
                return store.size();
            }

            @Override
            public boolean inHeap() {
                return false;
            }

            @Override
            public CacheStats stats() {
                return cache.stats();
            }

            @Override
            public long cachedBytes() {
                cache.cleanUp();
                return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
            }

            @Override
            public void close() throws IOException {
                cache.invalidateAll();
                store.close();
            }
        };
    }
}
