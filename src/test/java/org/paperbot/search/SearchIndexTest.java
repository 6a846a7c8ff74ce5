package org.paperbot.search;

import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.paperbot.bench.SyntheticCatalog;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.testing.LogCapture;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Ranking mechanics, paging and concurrency over hand-made and synthetic catalogs. */
class SearchIndexTest {
    private static final List<String> QUERIES = List.of("трансформер", "обучение с подкреплением", "diffusion models",
            "трансф", "RLH", "приватнсть", "reward model attention", "#LLM", "языковая модель safety", "GFlow",
            "mixture of experts", "обучение с подкр", "transformr", "Zettlemoyer");

    private static Catalog synthetic;
    private static SearchIndex syntheticIndex;

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @BeforeAll
    static void buildSynthetic() {
        synthetic = SyntheticCatalog.generate(4_000, 11);
        syntheticIndex = SearchIndex.build(synthetic, 0);
    }

    @Test
    void aSearchThatFailsInsideAnswersNothingAndIsLoggedAsAnErrorWithoutTheUsersText() {
        SearchIndex index = SearchIndex.build(TestPapers.catalog(
                TestPapers.paper("AAAAAAAAAA", "Sparse attention", List.of("трансформеры"), "Про внимание.")), 0);
        assertThat(ids(index.search("sparse внимание #трансформеры", 0, 10))).containsExactly("AAAAAAAAAA");
        int limit = IndexSearcher.getMaxClauseCount();
        SearchResult failed;
        // Lucene refuses a query with more clauses than this JVM-wide limit: a real failure inside the search.
        IndexSearcher.setMaxClauseCount(1);
        try {
            failed = index.search("Sparse  внимание #трансформеры", 0, 10);
        } finally {
            IndexSearcher.setMaxClauseCount(limit);
        }

        assertThat(failed.papers()).isEmpty();
        assertThat(logs.errors()).singleElement().asString()
                .startsWith("Search failed for a query of 3 words, 3 tags, 1 id-like chunks, 29 characters")
                .contains("TooManyClauses").doesNotContainIgnoringCase("sparse").doesNotContain("внимание");
    }

    @Test
    void equalScoresKeepCatalogOrder() {
        Paper a = TestPapers.paper("AAAAAAAAAA", "Sparse attention", List.of("трансформеры"), "Про внимание.");
        Paper b = TestPapers.paper("BBBBBBBBBB", "Sparse attention", List.of("трансформеры"), "Про внимание.");
        Paper c = TestPapers.paper("CCCCCCCCCC", "Sparse attention", List.of("трансформеры"), "Про внимание.");

        assertThat(ids(SearchIndex.build(TestPapers.catalog(a, b, c)).search("attention", 0, 10)))
                .containsExactly("AAAAAAAAAA", "BBBBBBBBBB", "CCCCCCCCCC");
        assertThat(ids(SearchIndex.build(TestPapers.catalog(c, a, b)).search("внимание", 0, 10)))
                .containsExactly("CCCCCCCCCC", "AAAAAAAAAA", "BBBBBBBBBB");
    }

    @Test
    void aTitleMatchBeatsSummaryMatchesEvenRepeated() {
        Paper summaryOnly = TestPapers.paper("S000000000", "Something else", List.of("теория"),
                "Диффузия, диффузия и ещё раз диффузия: диффузия везде.");
        Paper title = TestPapers.paper("T000000000", "Диффузия для всех", List.of("теория"), "Ничего больше.");

        assertThat(ids(SearchIndex.build(TestPapers.catalog(summaryOnly, title)).search("диффузия", 0, 10)))
                .containsExactly("T000000000", "S000000000");
    }

    @Test
    void matchingMoreWordsBeatsMatchingOneWordBetter() {
        Paper one = TestPapers.paper("O000000000", "Privacy privacy privacy", List.of("приватность"), "Приватность.");
        Paper both = TestPapers.paper("B000000000", "Something", List.of("теория"), "Приватность и промпты.");

        assertThat(ids(SearchIndex.build(TestPapers.catalog(one, both)).search("приватность промпты", 0, 10)))
                .containsExactly("B000000000", "O000000000");
    }

    @Test
    void skippingSearchFindsExactlyWhatAnExhaustiveSearchFinds() {
        // Lucene skips papers using each clause's maximum score; MatchBonusQuery must report those bounds right.
        for (String q : QUERIES) {
            String key = SearchIndex.normalize(q);
            TopDocs skipping = syntheticIndex.topDocs(key, 50, SearchIndex.MAX_RESULTS);
            TopDocs exhaustive = syntheticIndex.topDocs(key, 50, Integer.MAX_VALUE);

            assertThat(docs(skipping)).as(q).isEqualTo(docs(exhaustive));
            assertThat(scores(skipping)).as(q).isEqualTo(scores(exhaustive));
        }
    }

    @Test
    void theRankedListIsTheQuerysExhaustiveRankingWhicheverShortcutReadsIt() {
        // A topic's papers are read off the tag's postings, a page of full matches off the conjunction of the words;
        // both must give exactly what scoring every matching paper gives, and the same total.
        SearchIndex index = SearchIndex.build(synthetic, RealCatalog.synonyms(), 0);
        List<String> queries = new ArrayList<>(QUERIES);
        queries.addAll(List.of("#обучение_в_контексте", "приватность", "LLМ", "безопасность LLM",
                "обучение с подкреплением безопасность", "приватность промпты", "#LLM attention", "GFlowNet Bengio"));
        for (String q : queries) {
            String key = SearchIndex.normalize(q);
            for (int depth : new int[] {50, 300}) {
                TopDocs exhaustive = index.topDocs(key, depth, Integer.MAX_VALUE);
                SearchResult result = index.search(q, 0, depth);

                assertThat(positions(result)).as("%s, %d deep", q, depth).isEqualTo(docs(exhaustive));
                assertThat(result.total()).as(q).isEqualTo((int) Math.min(exhaustive.totalHits.value, SearchIndex.MAX_RESULTS));
            }
        }
    }

    @Test
    void aTopicTagListsItsPapersInCatalogOrderAsTopicDoesThenTheOtherPapersWithItsWords() {
        Paper mention = TestPapers.paper("M000000000", "Something else", List.of("приватность"), "Ничего.");
        Paper repeated = TestPapers.paper("R000000000", "Another one", List.of("приватность"),
                "Приватность, приватность и ещё раз приватность.");
        Paper untagged = TestPapers.paper("U000000000", "Приватность для всех", List.of("теория"), "Приватность.");
        SearchIndex index = SearchIndex.build(TestPapers.catalog(mention, repeated, untagged));

        assertThat(ids(index.search("#приватность", 0, 10))).containsExactly("M000000000", "R000000000", "U000000000");
        assertThat(ids(index.search("приватность", 0, 10))).containsExactly("M000000000", "R000000000", "U000000000");
        assertThat(ids(index.search("#приватность", 0, 10))).as("the tag in the other script's look-alike letters")
                .isEqualTo(ids(index.search("#пpиватность", 0, 10)));
    }

    @Test
    void aSynonymFindsPapersAboutItNotPapersMentioningItInPassingInTheirSummaries() {
        Synonyms synonyms = Synonyms.parse("test", List.of("языковая модель, LLM"));
        Paper inSummary = TestPapers.paper("S000000000", "Something else", List.of("теория"),
                "Здесь языковая модель упомянута мимоходом.");
        Paper inTitle = TestPapers.paper("T000000000", "Языковая модель для всех", List.of("теория"), "Ничего.");
        SearchIndex index = SearchIndex.build(TestPapers.catalog(inSummary, inTitle), synonyms);

        assertThat(ids(index.search("LLM", 0, 10))).containsExactly("T000000000");
        assertThat(ids(index.search("языковая модель", 0, 10))).as("the words typed are looked for everywhere")
                .containsExactly("T000000000", "S000000000");
    }

    @Test
    void pagesTileTheRankedList() {
        SearchResult all = syntheticIndex.search("обучение с подкреплением", 0, SearchIndex.MAX_RESULTS);
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < all.total(); offset += 37) {
            SearchResult page = syntheticIndex.search("обучение с подкреплением", offset, 37);
            assertThat(page.total()).isEqualTo(all.total());
            paged.addAll(ids(page));
        }

        assertThat(all.total()).isEqualTo(SearchIndex.MAX_RESULTS);
        assertThat(paged).isEqualTo(ids(all)).hasSize(all.total()).doesNotHaveDuplicates();
        assertThat(syntheticIndex.search("обучение с подкреплением", SearchIndex.MAX_RESULTS, 10).papers()).isEmpty();
    }

    @Test
    void totalIsExactBelowTheCap() {
        Catalog catalog = RealCatalog.load();
        SearchIndex index = SearchIndex.build(catalog);

        assertThat(index.search("#LLM", 0, 1).total()).isEqualTo(catalog.withTopic("LLM").size());
        assertThat(index.search("GFlowNet", 0, 1).total()).isEqualTo(1);
    }

    @Test
    void idsMatchWhateverTheirCase() {
        Paper upper = TestPapers.paper("ABCdef_-12", "One", List.of("теория"), "Текст.");
        SearchIndex index = SearchIndex.build(TestPapers.catalog(upper));

        assertThat(ids(index.search("abcdef_-12", 0, 10))).containsExactly("ABCdef_-12");
        assertThat(ids(index.search("https://openreview.net/forum?id=ABCdef_-12&noteId=x", 0, 10))).containsExactly("ABCdef_-12");
    }

    @Test
    void concurrentSearchesAgreeWithSequentialOnes() throws Exception {
        SearchIndex index = SearchIndex.build(synthetic, 100);
        Map<String, SearchResult> expected = new ConcurrentHashMap<>();
        for (String q : QUERIES) {
            expected.put(q, syntheticIndex.search(q, 0, 20));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                tasks.add(() -> {
                    for (int i = 0; i < 200; i++) {
                        String q = QUERIES.get((i * 7 + seed) % QUERIES.size());
                        if (!index.search(q, 0, 20).equals(expected.get(q))) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aLargeCatalogIsIndexedInCatalogOrder() {
        // Built on several threads (4 000 papers is below the threshold, 12 000 is not): document id = position.
        Catalog big = SyntheticCatalog.generate(12_000, 3);
        SearchIndex index = SearchIndex.build(big, 0);

        for (int i : new int[] {0, 1, 5_999, 6_000, 11_999}) {
            Paper p = big.papers().get(i);
            assertThat(ids(index.search(p.id(), 0, 1))).containsExactly(p.id());
        }
        assertThat(index.size()).isEqualTo(12_000);
    }

    @Test
    void anEmptyCatalogFindsNothing() {
        SearchIndex index = SearchIndex.build(new Catalog(List.of(), List.of()));

        assertThat(index.search("трансформер", 0, 10).total()).isZero();
    }

    private static List<String> ids(SearchResult r) {
        return SearchRelevanceTest.ids(r.papers());
    }

    /** Catalog positions of the result's papers (= document ids). */
    private static List<Integer> positions(SearchResult r) {
        return r.papers().stream().map(p -> synthetic.papers().indexOf(p)).toList();
    }

    private static List<Integer> docs(TopDocs top) {
        List<Integer> d = new ArrayList<>();
        for (ScoreDoc sd : top.scoreDocs) {
            d.add(sd.doc);
        }
        assertThat(new HashSet<>(d)).hasSameSizeAs(d);
        return d;
    }

    private static List<Float> scores(TopDocs top) {
        List<Float> s = new ArrayList<>();
        for (ScoreDoc sd : top.scoreDocs) {
            s.add(sd.score);
        }
        return s;
    }
}
