package org.paperbot.search;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every term of the text fields and every word as written that indexing reduced to a stem, sorted, with the
 * document frequency and the fields of each term; for each word as written, the stem term that covers it. Prefix
 * completion and typo matching run here, once per query word, instead of inside Lucene's PrefixQuery and FuzzyQuery
 * once per field.
 *
 * <p>Why not FuzzyQuery: it compiles Levenshtein automata (for every edit distance up to the maximum, over UTF-8, so
 * Cyrillic words get several times more states) on every use and for every field; profiling showed 1–2 ms per word at
 * two edits before a single posting is read, which alone breaks the 1 ms budget. Here the edit distance is computed
 * directly over the sorted words, sharing the dynamic-programming rows of a common prefix between neighbouring words
 * and skipping every word under a prefix that is already too far — the pruning an automaton walk gets, without
 * building the automaton.
 *
 * <p>Both walks visit only words as written (stems are marked and sort apart, see {@link PaperAnalyzer}) and answer
 * with the stem terms of the words found: «трансф» finds трансформер, трансформеры, трансформера, … and answers
 * with the one term ⟨stem⟩трансформер, which matches exactly the same papers with a fraction of the postings to
 * merge.
 */
final class Vocabulary {
    /** A term, the text fields (bit i = {@code IndexFields.TEXT.get(i)}) that contain it, and its edit distance. */
    record Entry(String term, int fields, int distance) {
        boolean in(int field) {
            return (fields & (1 << field)) != 0;
        }
    }

    private final String[] terms;
    private final int[] docFreq;
    private final byte[] fields;
    /** For a word as written: the index of its stem term (itself if it has none); -1 for stem terms. */
    private final int[] stemOf;
    /**
     * {@link Spellings#skeleton} of the Latin words as written → their stem terms. The summaries count too: that is
     * where model names such as Alpaca and Vicuna appear.
     */
    private final Map<String, int[]> stemsBySound;

    private Vocabulary(String[] terms, int[] docFreq, byte[] fields, int[] stemOf) {
        this.terms = terms;
        this.docFreq = docFreq;
        this.fields = fields;
        this.stemOf = stemOf;
        this.stemsBySound = soundIndex();
    }

    private Map<String, int[]> soundIndex() {
        Map<String, int[]> bySound = new HashMap<>();
        for (int i = 0; i < terms.length; i++) {
            if (stemOf[i] < 0 || !Spellings.isLatin(terms[i])
                    || terms[i].length() < QueryBuilder.SOUND_MIN_LENGTH) {
                continue;
            }
            int stem = stemOf[i];
            bySound.merge(Spellings.skeleton(terms[i]), new int[] {stem}, (a, b) -> {
                for (int s : a) {
                    if (s == stem) {
                        return a;
                    }
                }
                int[] both = Arrays.copyOf(a, a.length + 1);
                both[a.length] = stem;
                return both;
            });
        }
        return bySound;
    }

    /** Stem terms of the Latin words whose {@link Spellings#skeleton} this is (distance 1). */
    List<Entry> soundingLike(String skeleton) {
        int[] stems = stemsBySound.get(skeleton);
        if (stems == null) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>(stems.length);
        for (int s : stems) {
            out.add(new Entry(terms[s], fields[s] & 0xff, 1));
        }
        return out;
    }

    /**
     * @param writtenWords the words as written that indexing reduced to stems (see {@link PaperAnalyzer}); they are
     *                     not terms of the index, only the keys of prefix and typo matching
     */
    static Vocabulary of(IndexReader reader, Collection<String> writtenWords) throws IOException {
        if (IndexFields.TEXT.size() > 8) {
            throw new IllegalStateException("field masks are bytes");
        }
        Map<String, int[]> stats = new HashMap<>(); // term -> {docFreq, field mask}
        for (int f = 0; f < IndexFields.TEXT.size(); f++) {
            String field = IndexFields.TEXT.get(f).name();
            for (LeafReaderContext leaf : reader.leaves()) {
                Terms t = leaf.reader().terms(field);
                if (t == null) {
                    continue;
                }
                TermsEnum te = t.iterator();
                for (BytesRef term = te.next(); term != null; term = te.next()) {
                    int[] s = stats.computeIfAbsent(term.utf8ToString(), k -> new int[2]);
                    s[0] += te.docFreq();
                    s[1] |= 1 << f;
                }
            }
        }
        for (String word : writtenWords) {
            stats.putIfAbsent(word, new int[2]); // in no field itself: found through its stem
        }
        String[] terms = stats.keySet().toArray(new String[0]);
        Arrays.sort(terms);
        int[] docFreq = new int[terms.length];
        byte[] fields = new byte[terms.length];
        int[] stemOf = new int[terms.length];
        PaperAnalyzer.Stemmer stemmer = new PaperAnalyzer.Stemmer(0, false, null); // every word is stemmed once: no cache
        for (int i = 0; i < terms.length; i++) {
            int[] s = stats.get(terms[i]);
            docFreq[i] = s[0];
            fields[i] = (byte) s[1];
            if (isStem(terms[i])) {
                stemOf[i] = -1;
            } else {
                int stem = Arrays.binarySearch(terms, stemmer.stemTerm(terms[i]));
                stemOf[i] = stem >= 0 ? stem : i; // the analyzer indexed the word's stem, so it is always found
            }
        }
        return new Vocabulary(terms, docFreq, fields, stemOf);
    }

    /**
     * Writes what {@link #of} computed (terms, frequencies, fields, stems), so that {@link #read} gives the same
     * vocabulary without walking the index or stemming a word again: what makes opening a built index quick.
     */
    void write(DataOutput out) throws IOException {
        out.writeInt(terms.length);
        for (int i = 0; i < terms.length; i++) {
            out.writeUTF(terms[i]);
            out.writeInt(docFreq[i]);
            out.writeByte(fields[i]);
            out.writeInt(stemOf[i]);
        }
    }

    /** The vocabulary {@link #write} wrote. */
    static Vocabulary read(DataInput in) throws IOException {
        int n = in.readInt();
        String[] terms = new String[n];
        int[] docFreq = new int[n];
        byte[] fields = new byte[n];
        int[] stemOf = new int[n];
        for (int i = 0; i < n; i++) {
            terms[i] = in.readUTF();
            docFreq[i] = in.readInt();
            fields[i] = in.readByte();
            stemOf[i] = in.readInt();
        }
        return new Vocabulary(terms, docFreq, fields, stemOf);
    }

    static boolean isStem(String term) {
        return !term.isEmpty() && term.charAt(0) == PaperAnalyzer.STEM_MARK;
    }

    int size() {
        return terms.length;
    }

    /** The fields containing the term as a mask, 0 when no field does. */
    int fieldsOf(String term) {
        int i = Arrays.binarySearch(terms, term);
        return i < 0 ? 0 : fields[i] & 0xff;
    }

    /** Stem terms of the words starting with the prefix (the prefix itself included), the most frequent first. */
    List<Entry> completions(String prefix, int max) {
        if (prefix.isEmpty() || isStem(prefix)) {
            return List.of();
        }
        int from = lowerBound(prefix);
        int to = endOfPrefix(prefix, from, terms.length);
        Best best = new Best(Math.max(0, Math.min(max, to - from))); // never more than the range holds
        for (int i = from; i < to; i++) {
            best.offer(stemOf[i], 0);
        }
        return best.entries();
    }

    /**
     * Stem terms of the words within {@code maxEdits} edits (insertions, deletions, substitutions, adjacent
     * transpositions) of the word that share its first {@code prefixLength} characters; closest first, then most
     * frequent.
     */
    List<Entry> neighbours(String word, int maxEdits, int prefixLength, int max) {
        int n = word.length();
        if (n < Math.max(1, prefixLength) || isStem(word) || terms.length == 0) {
            return List.of();
        }
        String prefix = word.substring(0, prefixLength);
        int from = lowerBound(prefix);
        int to = endOfPrefix(prefix, from, terms.length);
        int maxDepth = n + maxEdits + 1;
        // rows[d][j]: distance between the first d chars of the current term and the first j chars of the word.
        int[][] rows = new int[maxDepth + 1][n + 1];
        int[] rowMin = new int[maxDepth + 1];
        for (int j = 0; j <= n; j++) {
            rows[0][j] = j;
        }
        Best best = new Best(Math.max(0, Math.min(max, to - from))); // never more than the range holds
        String previous = "";
        int valid = 0; // rows[0..valid] hold the first `valid` chars of `previous`
        int i = from;
        while (i < to) {
            String term = terms[i];
            int d = commonPrefix(previous, term, valid);
            boolean tooFar = false;
            while (d < term.length()) {
                d++;
                fillRow(rows, rowMin, d, term, word);
                // Every later row derives from row d (+0 or more) or, by a transposition, from row d-1 (+1), so
                // once both are past the limit no term continuing this prefix can come back within it.
                if (rowMin[d] > maxEdits && rowMin[d - 1] >= maxEdits) {
                    tooFar = true;
                    break;
                }
            }
            previous = term;
            if (tooFar) {
                valid = d - 1;
                i = endOfPrefix(term.substring(0, d), i + 1, to);
            } else {
                valid = term.length();
                if (rows[d][n] <= maxEdits) {
                    best.offer(stemOf[i], rows[d][n]);
                }
                i++;
            }
        }
        return best.entries();
    }

    private static void fillRow(int[][] rows, int[] rowMin, int d, String term, String word) {
        int[] row = rows[d];
        int[] up = rows[d - 1];
        char c = term.charAt(d - 1);
        row[0] = d;
        int min = d;
        for (int j = 1; j < row.length; j++) {
            int v = Math.min(Math.min(up[j] + 1, row[j - 1] + 1), up[j - 1] + (c == word.charAt(j - 1) ? 0 : 1));
            if (d > 1 && j > 1 && c == word.charAt(j - 2) && term.charAt(d - 2) == word.charAt(j - 1)) {
                v = Math.min(v, rows[d - 2][j - 2] + 1);
            }
            row[j] = v;
            min = Math.min(min, v);
        }
        rowMin[d] = min;
    }

    /**
     * Keeps the best few distinct offered terms: smaller distance, then higher document frequency (the likelier word),
     * then term order. A small insertion-sorted array: {@code max} is a handful, offers can be thousands.
     */
    private final class Best {
        private final int[] index;
        private final int[] distance;
        private int size;

        Best(int max) {
            index = new int[max];
            distance = new int[max];
        }

        void offer(int term, int dist) {
            for (int k = 0; k < size; k++) {
                if (index[k] == term) {
                    if (dist >= distance[k]) {
                        return;
                    }
                    // Offered again, closer (another inflection of the same stem): re-rank it.
                    System.arraycopy(index, k + 1, index, k, size - k - 1);
                    System.arraycopy(distance, k + 1, distance, k, size - k - 1);
                    size--;
                    break;
                }
            }
            if (index.length == 0 || size == index.length && !better(term, dist, index[size - 1], distance[size - 1])) {
                return;
            }
            int k = size == index.length ? size - 1 : size++;
            while (k > 0 && better(term, dist, index[k - 1], distance[k - 1])) {
                index[k] = index[k - 1];
                distance[k] = distance[k - 1];
                k--;
            }
            index[k] = term;
            distance[k] = dist;
        }

        private boolean better(int a, int distA, int b, int distB) {
            if (distA != distB) {
                return distA < distB;
            }
            return docFreq[a] != docFreq[b] ? docFreq[a] > docFreq[b] : a < b;
        }

        List<Entry> entries() {
            List<Entry> result = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                result.add(new Entry(terms[index[k]], fields[index[k]] & 0xff, distance[k]));
            }
            return result;
        }
    }

    private static int commonPrefix(String a, String b, int limit) {
        int n = Math.min(limit, Math.min(a.length(), b.length()));
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private int lowerBound(String key) {
        int i = Arrays.binarySearch(terms, key);
        return i >= 0 ? i : -i - 1;
    }

    /** First index in [from, to) whose term does not start with the prefix; those that do are contiguous from {@code from}. */
    private int endOfPrefix(String prefix, int from, int to) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (terms[mid].startsWith(prefix)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
