package org.paperbot.search;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.FilterWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Scores a match of the wrapped query as {@code bonus + min(score, cap)}.
 *
 * <p>Each query word becomes one such clause of a disjunction, so a paper's score is
 * {@code matchedWords × bonus + capped relevance}. With {@code maxWords × cap < bonus} this ranks papers by the number
 * of matched words first and by relevance second: all words matter, yet a query with one unknown word still finds the
 * papers matching the others. Lucene has no coordination factor any more, and adding a second copy of every word as
 * a constant-score clause would double the postings work; this wrapper costs one addition per hit and keeps the
 * max-score bounds exact, so block-max WAND can still skip papers that match too few words to enter the top hits.
 */
final class MatchBonusQuery extends Query {
    private final Query in;
    private final float bonus;
    private final float cap;

    MatchBonusQuery(Query in, float bonus, float cap) {
        this.in = Objects.requireNonNull(in);
        this.bonus = bonus;
        this.cap = cap;
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        Query rewritten = in.rewrite(searcher);
        return rewritten == in ? this : new MatchBonusQuery(rewritten, bonus, cap);
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        Weight inner = in.createWeight(searcher, scoreMode, boost);
        if (!scoreMode.needsScores()) {
            return inner;
        }
        return new FilterWeight(this, inner) {
            @Override
            public Scorer scorer(LeafReaderContext context) throws IOException {
                ScorerSupplier supplier = scorerSupplier(context);
                return supplier == null ? null : supplier.get(Long.MAX_VALUE);
            }

            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                ScorerSupplier supplier = in.scorerSupplier(context);
                if (supplier == null) {
                    return null;
                }
                Weight weight = this;
                return new ScorerSupplier() {
                    @Override
                    public Scorer get(long leadCost) throws IOException {
                        return new BonusScorer(weight, supplier.get(leadCost));
                    }

                    @Override
                    public long cost() {
                        return supplier.cost();
                    }

                    @Override
                    public void setTopLevelScoringClause() throws IOException {
                        // The wrapped scores reach the collector unchanged but for a constant, so the wrapped query
                        // may use the same skipping as if it were the top-level clause.
                        supplier.setTopLevelScoringClause();
                    }
                };
            }

            @Override
            public Explanation explain(LeafReaderContext context, int doc) throws IOException {
                Explanation e = in.explain(context, doc);
                return e.isMatch()
                        ? Explanation.match(adjust(e.getValue().floatValue()), "word match bonus " + bonus + " + min(score, " + cap + ")", e)
                        : e;
            }
        };
    }

    private float adjust(float score) {
        return bonus + Math.min(score, cap);
    }

    @Override
    public void visit(QueryVisitor visitor) {
        in.visit(visitor.getSubVisitor(BooleanClause.Occur.MUST, this));
    }

    @Override
    public String toString(String field) {
        return "bonus(" + in.toString(field) + ", " + bonus + ", cap " + cap + ")";
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other) && in.equals(((MatchBonusQuery) other).in)
                && bonus == ((MatchBonusQuery) other).bonus && cap == ((MatchBonusQuery) other).cap;
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), in, bonus, cap);
    }

    private final class BonusScorer extends Scorer {
        private final Scorer in;

        BonusScorer(Weight weight, Scorer in) {
            super(weight);
            this.in = in;
        }

        @Override
        public DocIdSetIterator iterator() {
            return in.iterator();
        }

        @Override
        public TwoPhaseIterator twoPhaseIterator() {
            return in.twoPhaseIterator();
        }

        @Override
        public int docID() {
            return in.docID();
        }

        @Override
        public float score() throws IOException {
            return adjust(in.score());
        }

        @Override
        public int advanceShallow(int target) throws IOException {
            return in.advanceShallow(target);
        }

        @Override
        public float getMaxScore(int upTo) throws IOException {
            return adjust(in.getMaxScore(upTo));
        }

        @Override
        public void setMinCompetitiveScore(float minScore) throws IOException {
            // A hit needs at least minScore - bonus from the wrapped query; the cap only lowers scores. The margin of
            // two ulps absorbs float rounding of bonus + score, so the bound never skips a competitive hit.
            float innerMin = minScore - bonus - 2 * Math.ulp(minScore);
            if (innerMin > 0) {
                in.setMinCompetitiveScore(innerMin);
            }
        }

        @Override
        public Collection<ChildScorable> getChildren() {
            return List.of(new ChildScorable(in, "MUST"));
        }
    }
}
