package org.paperbot.search;

import org.junit.jupiter.api.Test;
import org.paperbot.bench.SyntheticCatalog;
import org.paperbot.catalog.Catalog;

import static org.assertj.core.api.Assertions.assertThat;

class SearchCacheTest {
    private final Catalog catalog = RealCatalog.load();

    @Test
    void theSameNormalisedQueryHitsTheCache() {
        SearchIndex index = SearchIndex.build(catalog);

        SearchResult first = index.search("Трансформеры", 0, 10);
        SearchResult again = index.search("  трансформеры ", 0, 10);
        SearchResult yo = index.search("ЁМКОСТЬ", 0, 10);
        SearchResult ye = index.search("емкость", 0, 10);

        assertThat(again).isEqualTo(first);
        assertThat(ye).isEqualTo(yo);
        assertThat(index.cacheStats().missCount()).isEqualTo(2);
        assertThat(index.cacheStats().hitCount()).isEqualTo(2);
        assertThat(index.cachedQueries()).isEqualTo(2);
    }

    @Test
    void otherPagesOfACachedQueryComeFromTheCache() {
        SearchIndex index = SearchIndex.build(catalog);

        index.search("LLM", 0, 2);
        index.search("LLM", 2, 2);
        index.search("LLM", 4, 2);

        assertThat(index.cacheStats().missCount()).isEqualTo(1);
        assertThat(index.cacheStats().hitCount()).isEqualTo(2);
    }

    @Test
    void aNewIndexHasAnEmptyCache() {
        SearchIndex old = SearchIndex.build(catalog);
        old.search("трансформеры", 0, 10);
        old.search("трансформеры", 0, 10);
        assertThat(old.cacheStats().hitCount()).isEqualTo(1);

        SearchIndex rebuilt = SearchIndex.build(catalog);

        assertThat(rebuilt.cachedQueries()).isZero();
        assertThat(rebuilt.cacheStats().requestCount()).isZero();
        rebuilt.search("трансформеры", 0, 10);
        assertThat(rebuilt.cacheStats().missCount()).isEqualTo(1);
    }

    @Test
    void blankQueriesAreNotCached() {
        SearchIndex index = SearchIndex.build(catalog);

        index.search("   ", 0, 10);
        index.search(null, 0, 10);

        assertThat(index.cacheStats().requestCount()).isZero();
    }

    @Test
    void theCacheIsBounded() {
        SearchIndex index = SearchIndex.build(catalog, 5);

        for (int i = 0; i < 50; i++) {
            index.search("слово" + i, 0, 10);
        }

        assertThat(index.cachedQueries()).isLessThanOrEqualTo(5);
    }

    @Test
    void aDisabledCacheGivesTheSameResults() {
        SearchIndex cached = SearchIndex.build(catalog);
        SearchIndex uncached = SearchIndex.build(catalog, 0);

        for (String q : new String[] {"LLM", "трансф", "обучение с подкреплением", "2310.10638", "#промпты"}) {
            assertThat(uncached.search(q, 0, 10)).isEqualTo(cached.search(q, 0, 10));
            assertThat(uncached.search(q, 0, 10)).isEqualTo(cached.search(q, 0, 10));
        }
        assertThat(uncached.cachedQueries()).isZero();
        assertThat(uncached.cacheStats().requestCount()).isZero();
    }

    @Test
    void pagesBeyondTheCachedDepthAreComputedDeeperAndStayConsistent() {
        Catalog big = SyntheticCatalog.generate(3_000, 7);
        SearchIndex cached = SearchIndex.build(big);
        SearchIndex uncached = SearchIndex.build(big, 0);

        SearchResult firstPage = cached.search("трансформер", 0, 10);
        SearchResult deepPage = cached.search("трансформер", 400, 10);

        assertThat(firstPage).isEqualTo(uncached.search("трансформер", 0, 10));
        assertThat(deepPage).isEqualTo(uncached.search("трансформер", 400, 10));
        assertThat(deepPage.papers()).hasSize(10);
        assertThat(cached.search("трансформер", 0, 10)).isEqualTo(firstPage);
    }
}
