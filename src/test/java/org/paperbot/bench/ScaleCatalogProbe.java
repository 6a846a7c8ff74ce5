package org.paperbot.bench;

import org.paperbot.bot.Screens;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.StoredCatalog;
import org.paperbot.library.CatalogLibrary;
import org.paperbot.library.MemoryBudget;
import org.paperbot.library.Snapshot;
import org.paperbot.render.Texts;
import org.paperbot.search.SearchIndex;
import org.paperbot.search.Synonyms;
import org.paperbot.testing.Dailies;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * The in-process half of the catalog scale figures, run by {@link ScaleCatalogBenchmark} in a JVM with the image's
 * flags over the catalog the jar was given: a build and an open of the unchanged catalog through
 * {@link CatalogLibrary} (what the bot does at start), heap after GC, and per-request times — search over the query
 * mix of {@link SearchBenchmark} with the result cache off, a card rendered from a paper not in the paper cache and
 * from one in it, and a /list page.
 */
public final class ScaleCatalogProbe {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long CACHE_BYTES = 32L << 20;

    private ScaleCatalogProbe() {
    }

    public static void main(String[] args) throws Exception {
        org.paperbot.logging.Logging.configure(false, "WARN");
        Path catalogFile = Path.of(System.getProperty("bench.catalogFile"));
        Path work = Files.createTempDirectory("paperbot-probe");
        Synonyms synonyms = Synonyms.load(Path.of("config", "synonyms-ru.txt"));

        long t = System.nanoTime();
        Snapshot built = new CatalogLibrary(catalogFile, work, synonyms, CACHE_BYTES, MemoryBudget.of(CACHE_BYTES)).open();
        double buildS = (System.nanoTime() - t) / 1e9;
        built.catalog().close();
        built.search().close();
        t = System.nanoTime();
        Snapshot opened = new CatalogLibrary(catalogFile, work, synonyms, CACHE_BYTES, MemoryBudget.of(CACHE_BYTES)).open();
        double openS = (System.nanoTime() - t) / 1e9;
        System.out.printf("in a JVM with %s: build %.1f s, open unchanged %.2f s, heap after GC %d MB (catalog open)%n",
                String.join(" ", ImageJvm.FLAGS), buildS, openS, ImageJvm.heapAfterGc() >> 20);

        Path version;
        try (Stream<Path> dirs = Files.list(work.resolve(CatalogLibrary.DIR))) {
            version = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Catalog catalog = opened.catalog();
        // The snapshot's search keeps a result cache; a second reader of the same files without one times every query.
        SearchIndex uncached = SearchIndex.open(catalog, version.resolve("index"), version.resolve("vocabulary.bin"),
                synonyms, 0);
        List<SearchBenchmark.Probe> mix = SearchBenchmark.queryMix(catalog);
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            for (SearchBenchmark.Probe p : mix) {
                uncached.search(p.query(), 0, 10);
            }
        }
        int rounds = 20;
        long[] wall = new long[mix.size() * rounds];
        long[] cpu = new long[wall.length];
        int k = 0;
        for (int r = 0; r < rounds; r++) {
            for (SearchBenchmark.Probe p : mix) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                uncached.search(p.query(), 0, 10);
                wall[k] = System.nanoTime() - w0;
                cpu[k++] = THREADS.getCurrentThreadCpuTime() - c0;
            }
        }
        System.out.printf("search (%d queries × %d rounds, no result cache): p50 / p99 wall %s / %s ms, thread CPU %s / %s ms%n",
                mix.size(), rounds, ms(pct(wall, 50)), ms(pct(wall, 99)), ms(pct(cpu, 50)), ms(pct(cpu, 99)));

        // What the bot does not hold (a second reader of the index) is let go before the per-paper figures.
        uncached.close();
        opened.search().close();
        catalog.close();
        Screens screens = Screens.of(Texts.russian(), "paperbot", Dailies.inMemory(), 8, new SplittableRandom(1));
        // A catalog opened afresh: its paper cache is empty, so each first read of a paper goes to the store.
        Catalog cold = StoredCatalog.open(version, CACHE_BYTES);
        SplittableRandom random = new SplittableRandom(7);
        int[] drawn = random.ints(4_000, 0, cold.size()).distinct().toArray();
        // A running bot's rendering code is compiled: warm it on other papers, so "not cached" times the store read.
        time(Arrays.copyOfRange(drawn, 0, drawn.length / 2), i -> screens.cards().card(cold, cold.paperAt(i)));
        int[] positions = Arrays.copyOfRange(drawn, drawn.length / 2, drawn.length);
        long[] coldCard = time(positions, i -> screens.cards().card(cold, cold.paperAt(i)));
        long[] warmCard = time(positions, i -> screens.cards().card(cold, cold.paperAt(i)));
        System.out.printf("card (%d papers): p50 / p99 not cached %s / %s ms, cached %s / %s ms%n", positions.length,
                ms(pct(coldCard, 50)), ms(pct(coldCard, 99)), ms(pct(warmCard, 50)), ms(pct(warmCard, 99)));
        int pages = (cold.size() + 7) / 8;
        int[] somePages = random.ints(2_000, 0, pages).distinct().toArray();
        long[] list = time(somePages, page -> screens.lists().listPage(cold, page));
        System.out.printf("/list page (%d of %d pages, mostly not cached): p50 / p99 %s / %s ms%n", somePages.length, pages,
                ms(pct(list, 50)), ms(pct(list, 99)));
    }

    private static long[] time(int[] inputs, IntConsumer action) {
        long[] nanos = new long[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            long t = System.nanoTime();
            action.accept(inputs[i]);
            nanos[i] = System.nanoTime() - t;
        }
        return nanos;
    }

    private static long pct(long[] values, int percentile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    private static String ms(long nanos) {
        return String.format("%.2f", nanos / 1e6);
    }
}
