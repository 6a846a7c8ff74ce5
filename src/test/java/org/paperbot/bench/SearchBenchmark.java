package org.paperbot.bench;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.search.SearchIndex;
import org.paperbot.search.SearchResult;
import org.paperbot.search.Synonyms;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Search engine figures on synthetic catalogs of 10 000 and 100 000 papers: index build time, heap held by the
 * index, first-page query latency (p50/p99) over a fixed query mix, and the same mix over a naive linear scan.
 *
 * <p>The index is built with its result cache disabled, so every measured query runs the full Lucene path; the
 * figures are the engine's cost, not a cache lookup. Nothing is asserted: timings on a shared machine are not a
 * test. Run: {@code java -Xmx2g -cp ... org.paperbot.bench.SearchBenchmark}.
 */
public final class SearchBenchmark {
    private static final int[] SIZES = {10_000, 100_000};
    private static final long SEED = 20240507L;
    private static final int PAGE = 10;
    private static final long WARMUP_NANOS = 10_000_000_000L;
    private static final int MEASURED_ROUNDS = 40;
    private static final int NAIVE_ROUNDS = 3;
    private static final double TARGET_P99_MS = 2.0;
    private static final double TARGET_BUILD_S = 5.0;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The synonyms the bot ships: their expansion is part of the cost of a query. */
    private static final Synonyms SYNONYMS = Synonyms.load(Path.of("config", "synonyms-ru.txt"));
    private static final int SIMILAR_PROBES = 200;
    /** The slowest queries named per catalog size: the p99 of the mix is theirs. */
    private static final int SLOWEST_SHOWN = 10;

    private SearchBenchmark() {
    }

    public static void main(String[] args) {
        run(System.out);
    }

    /** One query of the mix and the kind it stands for. */
    record Probe(String kind, String query) {
    }

    public static void run(PrintStream out) {
        out.println("Search benchmark (Lucene in-memory index, result cache DISABLED; first page of " + PAGE
                + " results; " + Runtime.getRuntime().availableProcessors() + " CPUs, max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB)");
        List<String> rows = new ArrayList<>();
        Map<String, String> perKind = new LinkedHashMap<>();
        Map<Integer, List<String>> slowest = new LinkedHashMap<>();
        for (int n : SIZES) {
            rows.add(measure(n, out, perKind, slowest));
        }
        out.println();
        out.println("build: wall/CPU seconds (CPU = whole process: indexing threads, GC, JIT); cold = first build in"
                + " the JVM, warm = second. heap: retained by the index after GC. query: ms per search (first page),");
        out.println("wall clock and thread CPU. naive: linear substring scan, wall ms; x = naive / Lucene wall time.");
        out.printf(Locale.ROOT, "%8s %11s %11s %7s | %6s %6s %7s | %6s %6s | %8s %8s | %6s %6s%n", "papers",
                "build cold", "build warm", "heap MB", "p50", "p99", "max", "cpu50", "cpu99", "naive50", "naive99",
                "x p50", "x p99");
        rows.forEach(out::println);
        out.println();
        out.println("Lucene by query kind (ms): wall p50, p99, CPU p50, p99 for 10 000 | 100 000 papers:");
        perKind.forEach((k, v) -> out.printf(Locale.ROOT, "  %-20s %s%n", k, v));
        slowest.forEach((n, lines) -> {
            out.println("Slowest queries at " + n + " papers by thread CPU p99 (ms): CPU p50, p99, wall p50, p99, query:");
            lines.forEach(out::println);
        });
        out.printf(Locale.ROOT, "Targets: p99 <= %.1f ms at 100 000 papers, build <= %.0f s.%n", TARGET_P99_MS, TARGET_BUILD_S);
    }

    private static String measure(int n, PrintStream out, Map<String, String> perKind, Map<Integer, List<String>> slowest) {
        Catalog catalog = SyntheticCatalog.generate(n, SEED);
        List<Probe> mix = queryMix(catalog);

        long heapBefore = usedHeapAfterGc();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        SearchIndex index = SearchIndex.build(catalog, SYNONYMS, 0);
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        double buildCpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        long heapAfter = usedHeapAfterGc();
        double heapMb = (heapAfter - heapBefore) / (double) (1 << 20);
        // A second build with a warm JIT: the first one also pays for class loading and compilation.
        index = null;
        usedHeapAfterGc();
        long cpu1 = processCpuNanos();
        long t1 = System.nanoTime();
        index = SearchIndex.build(catalog, SYNONYMS, 0);
        double warmBuildSeconds = (System.nanoTime() - t1) / 1e9;
        double warmBuildCpuSeconds = (processCpuNanos() - cpu1) / 1e9;
        SearchIndex engine = index;

        long checksum = warmUp(mix, q -> engine.search(q, 0, PAGE).total());
        Map<String, List<long[]>> byKind = new LinkedHashMap<>();
        Map<String, List<long[]>> byQuery = new LinkedHashMap<>();
        Samples lucene = time(mix, MEASURED_ROUNDS, q -> engine.search(q, 0, PAGE).total(), byKind, byQuery);
        slowest.put(n, slowest(byQuery));

        NaiveScan naive = new NaiveScan(catalog);
        for (int i = 0; i < NAIVE_ROUNDS; i++) {
            for (Probe p : mix) {
                checksum += naive.search(p.query(), PAGE);
            }
        }
        Samples scan = time(mix, NAIVE_ROUNDS, q -> naive.search(q, PAGE), new LinkedHashMap<>(), new LinkedHashMap<>());

        byKind.forEach((kind, samples) -> {
            long[] w = samples.stream().mapToLong(x -> x[0]).sorted().toArray();
            long[] c = samples.stream().mapToLong(x -> x[1]).sorted().toArray();
            perKind.merge(kind, String.format(Locale.ROOT, "%6.3f %6.3f %6.3f %6.3f", ms(pct(w, 50)), ms(pct(w, 99)),
                    ms(pct(c, 50)), ms(pct(c, 99))), (a, b) -> a + "  | " + b);
        });
        long[] similar = new long[SIMILAR_PROBES];
        long[] similarCpu = new long[SIMILAR_PROBES];
        for (int i = 0; i < similar.length; i++) {
            Paper paper = catalog.papers().get((int) ((long) i * catalog.size() / similar.length));
            long c = THREADS.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            checksum += engine.similar(paper, 5).size();
            similar[i] = System.nanoTime() - t;
            similarCpu[i] = THREADS.getCurrentThreadCpuTime() - c;
        }
        Arrays.sort(similar);
        Arrays.sort(similarCpu);
        perKind.merge("similar (5 papers)", String.format(Locale.ROOT, "%6.3f %6.3f %6.3f %6.3f", ms(pct(similar, 50)),
                        ms(pct(similar, 99)), ms(pct(similarCpu, 50)), ms(pct(similarCpu, 99))), (x, y) -> x + "  | " + y);
        out.printf(Locale.ROOT, "N=%d: %d queries x %d rounds measured (checksum %d), load average %.1f%n", n,
                mix.size(), MEASURED_ROUNDS, checksum, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return String.format(Locale.ROOT,
                "%8d %5.2f/%5.2f %5.2f/%5.2f %7.1f | %6.3f %6.3f %7.3f | %6.3f %6.3f | %8.2f %8.2f | %6.0f %6.0f",
                n, buildSeconds, buildCpuSeconds, warmBuildSeconds, warmBuildCpuSeconds, heapMb,
                ms(pct(lucene.wall(), 50)), ms(pct(lucene.wall(), 99)), ms(lucene.wall()[lucene.wall().length - 1]),
                ms(pct(lucene.cpu(), 50)), ms(pct(lucene.cpu(), 99)),
                ms(pct(scan.wall(), 50)), ms(pct(scan.wall(), 99)),
                pct(scan.wall(), 50) / (double) pct(lucene.wall(), 50), pct(scan.wall(), 99) / (double) pct(lucene.wall(), 99));
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /**
     * Whole words in both languages, prefixes being typed, typos, tags, ids and links of real papers of the
     * catalog, a method name, and a miss.
     */
    static List<Probe> queryMix(Catalog catalog) {
        List<Paper> papers = catalog.papers();
        Paper a = papers.get(papers.size() / 3);
        Paper b = papers.get(2 * papers.size() / 3);
        Paper c = papers.get(papers.size() - 1);
        Paper withArxiv = papers.stream().skip(papers.size() / 2).filter(p -> p.arxivId().isPresent()).findFirst().orElseThrow();
        List<Probe> mix = new ArrayList<>();
        for (String q : List.of("трансформер", "предобучения", "обучение с подкреплением", "диффузионной модели",
                "устойчивость", "приватность", "языковая модель", "ёмкость запоминания")) {
            mix.add(new Probe("russian words", q));
        }
        for (String q : List.of("attention", "transformers", "diffusion models", "reward model",
                "differential privacy", "Zettlemoyer", "mixture of experts")) {
            mix.add(new Probe("english words", q));
        }
        for (String q : List.of("трансф", "предоб", "дообуч", "RLH", "GFlow", "atten", "квантиз", "обучение с подкр")) {
            mix.add(new Probe("prefixes", q));
        }
        for (String q : List.of("transformr", "приватнсть", "предобучние", "diffuson", "reinforcment", "вознагражения")) {
            mix.add(new Probe("typos", q));
        }
        for (String q : List.of(a.id(), b.id().toLowerCase(Locale.ROOT), c.links().openReview().orElseThrow().toString(),
                withArxiv.arxivId().orElseThrow(), "https://arxiv.org/abs/" + withArxiv.arxivId().orElseThrow())) {
            mix.add(new Probe("ids and links", q));
        }
        for (String q : List.of("#LLM", "#обучение_в_контексте", a.keywords().get(0), "xyzzy plugh")) {
            mix.add(new Probe("tags, names, misses", q));
        }
        // How Russians type (issue 11): the other script, the other layout, look-alike letters, synonyms, venues.
        for (String q : List.of("Бенжио", "Пиноккио", "альпака", "гфлоунет", "nhfycajhvths", "LLМ",
                "обучение с подкреплением безопасность", "безопасность LLM", "тонкая настройка", "ICLR 2024", "Spotlight")) {
            mix.add(new Probe("scripts, layouts, synonyms", q));
        }
        return List.copyOf(mix);
    }

    private static long warmUp(List<Probe> mix, ToIntFunction<String> search) {
        long checksum = 0;
        long end = System.nanoTime() + WARMUP_NANOS;
        while (System.nanoTime() < end) {
            for (Probe p : mix) {
                checksum += search.applyAsInt(p.query());
            }
        }
        return checksum;
    }

    /** Wall-clock and thread-CPU nanoseconds of every call, each array sorted. */
    record Samples(long[] wall, long[] cpu) {
    }

    private static Samples time(List<Probe> mix, int rounds, ToIntFunction<String> search, Map<String, List<long[]>> byKind,
                                Map<String, List<long[]>> byQuery) {
        long[] wall = new long[mix.size() * rounds];
        long[] cpu = new long[wall.length];
        int k = 0;
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            for (Probe p : mix) {
                long c = THREADS.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                sink += search.applyAsInt(p.query());
                long elapsed = System.nanoTime() - t;
                cpu[k] = THREADS.getCurrentThreadCpuTime() - c;
                wall[k] = elapsed;
                byKind.computeIfAbsent(p.kind(), x -> new ArrayList<>()).add(new long[] {elapsed, cpu[k]});
                byQuery.computeIfAbsent(p.query(), x -> new ArrayList<>()).add(new long[] {elapsed, cpu[k]});
                k++;
            }
        }
        if (sink == Long.MIN_VALUE) {
            throw new AssertionError(); // keeps the results alive
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new Samples(wall, cpu);
    }

    /** The {@link #SLOWEST_SHOWN} queries with the highest thread-CPU p99, one line each, slowest first. */
    private static List<String> slowest(Map<String, List<long[]>> byQuery) {
        record Row(String query, long[] wall, long[] cpu) {
        }
        List<Row> rows = new ArrayList<>();
        byQuery.forEach((q, samples) -> rows.add(new Row(q, samples.stream().mapToLong(x -> x[0]).sorted().toArray(),
                samples.stream().mapToLong(x -> x[1]).sorted().toArray())));
        rows.sort((a, b) -> Long.compare(pct(b.cpu(), 99), pct(a.cpu(), 99)));
        return rows.stream().limit(SLOWEST_SHOWN).map(r -> String.format(Locale.ROOT, "  %6.3f %6.3f %6.3f %6.3f  %s",
                ms(pct(r.cpu(), 50)), ms(pct(r.cpu(), 99)), ms(pct(r.wall(), 50)), ms(pct(r.wall(), 99)), r.query())).toList();
    }

    private static long pct(long[] sorted, int percentile) {
        int i = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /**
     * The baseline: every paper's text fields lower-cased (ё→е) into one string once, then every query word must
     * occur in it as a substring. It scans the whole catalog for each query (it must, to count the matches).
     */
    static final class NaiveScan {
        private final List<Paper> papers;
        private final String[] haystacks;

        NaiveScan(Catalog catalog) {
            papers = catalog.papers();
            haystacks = new String[papers.size()];
            for (int i = 0; i < haystacks.length; i++) {
                Paper p = papers.get(i);
                haystacks[i] = String.join("\n", p.title(), String.join("\n", p.authors()), p.summary(), p.teaser(),
                                String.join("\n", p.keyPoints()), String.join("\n", p.topics()),
                                String.join("\n", p.keywords()), p.id(), p.arxivId().orElse(""))
                        .toLowerCase(Locale.ROOT).replace('ё', 'е');
            }
        }

        /** Number of matches; the first {@code page} matching papers are collected as a real search would. */
        int search(String query, int page) {
            String[] words = SearchIndex.normalize(query).split(" ");
            List<Paper> first = new ArrayList<>(page);
            int total = 0;
            for (int i = 0; i < haystacks.length; i++) {
                boolean all = true;
                for (String w : words) {
                    if (!haystacks[i].contains(w)) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    total++;
                    if (first.size() < page) {
                        first.add(papers.get(i));
                    }
                }
            }
            return total + first.size();
        }
    }
}
