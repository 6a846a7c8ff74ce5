package org.paperbot.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.bench.SyntheticCatalog;
import org.paperbot.testing.TestPapers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming load into an on-disk store: the same catalog as the heap loader, read back through a bounded cache. */
class StoredCatalogTest {
    private static final long CACHE_BYTES = 256 * 1024;

    @TempDir
    Path dir;

    @Test
    void aLargePapersJsonIsStoredAndEveryPaperReadsBackIdenticalThroughACacheBoundedByWeight() throws Exception {
        Path file = dir.resolve("papers.json");
        SyntheticCatalog.writeJson(file, 3_000, 7, 0);
        Catalog inHeap = new CatalogLoader().load(file);
        Path store = Files.createDirectory(dir.resolve("built"));

        Catalog stored = StoredCatalog.build(new CatalogLoader(), file, store, CACHE_BYTES, n -> { });

        // The file is far larger than the cache: papers come from disk, and the cache keeps what its budget allows.
        assertThat(Files.size(file)).isGreaterThan(10 * CACHE_BYTES);
        assertThat(stored.source().inHeap()).isFalse();
        assertThat(stored.size()).isEqualTo(3_000);
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.paperAt(i)).isEqualTo(inHeap.paperAt(i));
        }
        assertThat(stored.source().cachedBytes()).isPositive().isLessThanOrEqualTo(CACHE_BYTES);
        assertThat(stored.source().stats().evictionCount()).isPositive();
        assertThat(stored.ids()).isEqualTo(inHeap.ids());
        assertThat(stored.topics()).isEqualTo(inHeap.topics());
        String arxiv = inHeap.paperAt(1234).arxivId().orElseThrow();
        assertThat(stored.byArxivId(arxiv)).contains(inHeap.paperAt(1234));
        stored.close();
    }

    @Test
    void reopeningTheDirectoryGivesTheSameCatalogWithoutTheCatalogFile() throws Exception {
        Path file = dir.resolve("papers.json");
        SyntheticCatalog.writeJson(file, 500, 3, 0);
        Path store = Files.createDirectory(dir.resolve("built"));
        List<Paper> built = new ArrayList<>(StoredCatalog.build(new CatalogLoader(), file, store, CACHE_BYTES, n -> { }).papers());
        Files.delete(file);

        Catalog reopened = StoredCatalog.open(store, CACHE_BYTES);

        assertThat(reopened.papers()).isEqualTo(built);
        reopened.close();
    }

    @Test
    void aCatalogThatFitsTheCacheBudgetLivesInTheHeapWhole() throws Exception {
        Path file = dir.resolve("papers.json");
        Files.write(file, TestPapers.bytes(TestPapers.validRoot(3)));
        Path store = Files.createDirectory(dir.resolve("built"));

        Catalog stored = StoredCatalog.build(new CatalogLoader(), file, store, CACHE_BYTES, n -> { });

        assertThat(stored.source().inHeap()).isTrue();
        assertThat(stored.papers()).isEqualTo(new CatalogLoader().load(file).papers());
        assertThat(stored.venues()).isEqualTo(new CatalogLoader().load(file).venues());
    }

    @Test
    void aCatalogDirectoryIsStoredInPublicationOrderWithItsDates() throws Exception {
        Path catalog = Files.createDirectory(dir.resolve("catalog"));
        paperFile(catalog, "zz", "2026-01-01");
        paperFile(catalog, "aa", "2026-03-01");
        paperFile(catalog, "mm", "2026-01-01");
        Path store = Files.createDirectory(dir.resolve("built"));

        Catalog stored = StoredCatalog.build(new CatalogLoader(), catalog, store, 1, n -> { });

        Catalog inHeap = new CatalogLoader().load(catalog);
        assertThat(stored.ids()).containsExactly("mm", "zz", "aa").isEqualTo(inHeap.ids());
        assertThat(stored.publishedAt(2)).isEqualTo(inHeap.publishedAt(2)).hasValueSatisfying(d -> assertThat(d).hasMonthValue(3));
        assertThat(stored.papers()).isEqualTo(inHeap.papers());
        stored.close();
    }

    @Test
    void theLoaderRefusalStopsTheBuildWithItsMessage() throws Exception {
        Path file = dir.resolve("papers.json");
        Files.write(file, TestPapers.bytes(TestPapers.validRoot(5)));
        Path store = Files.createDirectory(dir.resolve("built"));

        assertThatThrownBy(() -> StoredCatalog.build(new CatalogLoader(), file, store, CACHE_BYTES, n -> {
            if (n > 2) {
                throw new CatalogException(file.toString(), List.of("too large"));
            }
        })).isInstanceOf(CatalogException.class).hasMessageContaining("too large");
    }

    @Test
    void aHostileStringLongerThanTheLimitIsAClearErrorNotTheHeap() throws Exception {
        Path file = dir.resolve("papers.json");
        String huge = "x".repeat(CatalogLoader.MAX_STRING_LENGTH + 1);
        Files.writeString(file, "{\"papers\": [{\"id\": \"p1\", \"title\": \"" + huge + "\"}]}", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> new CatalogLoader().load(file))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("malformed JSON")
                .hasMessageContaining("exceeds the maximum allowed (" + CatalogLoader.MAX_STRING_LENGTH);
    }

    private static void paperFile(Path catalog, String id, String published) throws Exception {
        var node = TestPapers.validPaper(1);
        node.put("id", id);
        node.remove("arxivId");
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("links")).remove("arxiv");
        node.put("status", "published");
        node.put("published_at", published);
        Files.write(catalog.resolve(id + ".json"), TestPapers.bytes(node));
    }
}
