package org.paperbot.search;

import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuantizedBM25SimilarityTest {
    private final CollectionStatistics collection = new CollectionStatistics("f", 100_000, 100_000, 5_000_000, 5_000_000);
    private final TermStatistics term = new TermStatistics(new BytesRef("t"), 2_000, 3_000);

    @Test
    void roundsBm25UpToAQuarterPoint() {
        Similarity.SimScorer exact = new BM25Similarity().scorer(3.5f, collection, term);
        Similarity.SimScorer quantized = new QuantizedBM25Similarity().scorer(3.5f, collection, term);

        for (int freq = 1; freq <= 20; freq++) {
            for (long norm = 1; norm < 256; norm += 7) {
                float e = exact.score(freq, norm);
                float q = quantized.score(freq, norm);
                assertThat(q).isGreaterThanOrEqualTo(e).isLessThan(e + 0.25f + 1e-4f);
                assertThat(q * 4).isEqualTo((float) Math.rint(q * 4));
            }
        }
    }

    @Test
    void keepsTheOrderLuceneSkippingRelisOn() {
        Similarity.SimScorer s = new QuantizedBM25Similarity().scorer(1f, collection, term);

        for (long norm = 1; norm < 255; norm++) {
            for (int freq = 1; freq < 30; freq++) {
                assertThat(s.score(freq + 1, norm)).as("non-decreasing in frequency").isGreaterThanOrEqualTo(s.score(freq, norm));
                assertThat(s.score(freq, norm + 1)).as("non-increasing in length").isLessThanOrEqualTo(s.score(freq, norm));
            }
        }
    }

    @Test
    void aMatchNeverScoresZero() {
        Similarity.SimScorer tiny = new QuantizedBM25Similarity().scorer(0.001f, collection, term);

        assertThat(tiny.score(1, 255)).isEqualTo(0.25f);
        assertThat(QuantizedBM25Similarity.round(0.0001f)).isEqualTo(0.25f);
        assertThat(QuantizedBM25Similarity.round(1.0f)).isEqualTo(1.0f);
        assertThat(QuantizedBM25Similarity.round(1.01f)).isEqualTo(1.25f);
    }
}
