package org.paperbot.search;

import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MatchBonusQueryTest {
    private static DirectoryReader reader;
    private static IndexSearcher searcher;

    @BeforeAll
    static void index() throws IOException {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        Random random = new Random(42);
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new StandardAnalyzer()))) {
            for (int i = 0; i < 20_000; i++) {
                StringBuilder text = new StringBuilder();
                // skewed term frequencies and lengths, so that blocks have different maximum scores
                int a = random.nextInt(10) == 0 ? 1 + random.nextInt(8) : random.nextInt(2);
                int b = random.nextInt(3) == 0 ? 1 + random.nextInt(4) : 0;
                text.append("alpha ".repeat(a)).append("beta ".repeat(b)).append("filler ".repeat(random.nextInt(60)));
                Document d = new Document();
                d.add(new TextField("f", text.toString(), Field.Store.NO));
                w.addDocument(d);
            }
            w.forceMerge(1);
        }
        reader = DirectoryReader.open(dir);
        searcher = new IndexSearcher(reader);
        searcher.setQueryCache(null);
    }

    @AfterAll
    static void close() throws IOException {
        reader.close();
    }

    @Test
    void scoresAreBonusPlusCappedScore() throws IOException {
        Query inner = new TermQuery(new Term("f", "alpha"));
        TopDocs plain = searcher.search(inner, 5);
        float cap = plain.scoreDocs[0].score * 0.9f;

        TopDocs bonused = searcher.search(new MatchBonusQuery(inner, 1000f, cap), 5);

        assertThat(bonused.scoreDocs[0].score).isEqualTo(1000f + cap);
        assertThat(searcher.count(new MatchBonusQuery(inner, 1000f, cap))).isEqualTo(searcher.count(inner));
        assertThat(searcher.explain(new MatchBonusQuery(inner, 1000f, cap), bonused.scoreDocs[0].doc).getValue().floatValue())
                .isCloseTo(bonused.scoreDocs[0].score, within(1e-3f));
    }

    @Test
    void aloneAtTheTopItSkipsNothingCompetitive() throws IOException {
        // Top-level, the collector feeds the wrapper minimum competitive scores that it passes on, minus the bonus.
        assertSameAsExhaustive(new MatchBonusQuery(new TermQuery(new Term("f", "alpha")), 10_000f, 800f));
    }

    @Test
    void inADisjunctionItSkipsNothingCompetitive() throws IOException {
        // Under a disjunction, Lucene skips by the wrapper's maximum scores.
        BooleanQuery q = alphaOrBetaWithBonus();
        assertSameAsExhaustive(q);
    }

    @Test
    void papersMatchingBothWordsOutrankPapersMatchingOne() throws IOException {
        BooleanQuery q = alphaOrBetaWithBonus();
        int both = searcher.count(new BooleanQuery.Builder()
                .add(new TermQuery(new Term("f", "alpha")), BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term("f", "beta")), BooleanClause.Occur.MUST).build());

        TopDocs top = searcher.search(q, both + 10);

        assertThat(both).isGreaterThan(10);
        assertThat(Arrays.stream(top.scoreDocs).limit(both)).allMatch(sd -> sd.score >= 20_000f);
        assertThat(Arrays.stream(top.scoreDocs).skip(both)).allMatch(sd -> sd.score < 20_000f);
    }

    private static void assertSameAsExhaustive(Query q) throws IOException {
        for (int k : new int[] {1, 10, 100}) {
            TopDocs skipping = searcher.search(q, new TopScoreDocCollectorManager(k, null, k));
            TopDocs exhaustive = searcher.search(q, new TopScoreDocCollectorManager(k, null, Integer.MAX_VALUE));

            assertThat(skipping.totalHits.value).isLessThan(exhaustive.totalHits.value); // it did skip
            assertThat(docs(skipping)).isEqualTo(docs(exhaustive));
        }
    }

    private static int[] docs(TopDocs top) {
        return Arrays.stream(top.scoreDocs).mapToInt((ScoreDoc sd) -> sd.doc).toArray();
    }

    /** "alpha" or "beta", each word wrapped with the match bonus as QueryBuilder does. */
    private static BooleanQuery alphaOrBetaWithBonus() {
        return new BooleanQuery.Builder()
                .add(new MatchBonusQuery(new TermQuery(new Term("f", "alpha")), 10_000f, 800f), BooleanClause.Occur.SHOULD)
                .add(new MatchBonusQuery(new TermQuery(new Term("f", "beta")), 10_000f, 800f), BooleanClause.Occur.SHOULD)
                .build();
    }
}
