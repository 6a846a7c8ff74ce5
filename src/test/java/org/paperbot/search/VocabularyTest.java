package org.paperbot.search;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class VocabularyTest {
    private static final String M = String.valueOf(PaperAnalyzer.STEM_MARK);

    @Test
    void neighboursAreExactlyTheWordsWithinTheEditDistance() throws IOException {
        // Random words over a small alphabet are dense in near neighbours: a hard case for the pruning. Digits, so
        // that the words have no stems and the answer can be compared with the words themselves.
        Random random = new Random(5);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            words.add(randomWord(random, "12345", 3 + random.nextInt(8)));
        }
        Vocabulary vocabulary = vocabulary(String.join(" ", words));
        Set<String> distinct = new TreeSet<>(words);

        for (int q = 0; q < 300; q++) {
            String word = randomWord(random, "12345", 4 + random.nextInt(7));
            int maxEdits = 1 + q % 2;
            Set<String> expected = new TreeSet<>();
            for (String w : distinct) {
                if (w.charAt(0) == word.charAt(0) && distance(word, w) <= maxEdits) {
                    expected.add(w);
                }
            }
            Set<String> found = new TreeSet<>();
            vocabulary.neighbours(word, maxEdits, 1, Integer.MAX_VALUE / 2).forEach(e -> found.add(e.term()));

            assertThat(found).as("%s within %d", word, maxEdits).isEqualTo(expected);
        }
    }

    @Test
    void neighboursAnswerWithStemsClosestFirst() throws IOException {
        Vocabulary vocabulary = vocabulary("transformers transformer translation privacy");

        List<Vocabulary.Entry> found = vocabulary.neighbours("transformr", 2, 1, 10);

        assertThat(found).extracting(Vocabulary.Entry::term).containsExactly(M + "transform");
        assertThat(found.get(0).distance()).isEqualTo(1);
        assertThat(vocabulary.neighbours("xransformer", 2, 1, 10)).as("the first letter must match").isEmpty();
    }

    @Test
    void completionsAreStemsDistinctAndMostFrequentFirst() throws IOException {
        Vocabulary vocabulary = vocabulary(
                "трансформер трансформеры трансформерами трансформеров транспорт",
                "трансформер трансформера транспорт",
                "трансляция трансформеры");

        List<Vocabulary.Entry> found = vocabulary.completions("транс", 10);

        assertThat(found).extracting(Vocabulary.Entry::term)
                .containsExactly(M + "трансформер", M + "транспорт", M + "трансляц");
        assertThat(vocabulary.completions("транс", 1)).extracting(Vocabulary.Entry::term).containsExactly(M + "трансформер");
        assertThat(vocabulary.completions("xyz", 10)).isEmpty();
        assertThat(vocabulary.completions("", 10)).isEmpty();
    }

    @Test
    void fieldsOfTellsWhichFieldsHoldATerm() throws IOException {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        Set<String> written = new HashSet<>();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(PaperAnalyzer.forIndexing(written)))) {
            Document d = new Document();
            d.add(new TextField(IndexFields.TITLE.name(), "attention 2024", Field.Store.NO));
            d.add(new TextField(IndexFields.BODY.name(), "attention внимание", Field.Store.NO));
            w.addDocument(d);
        }
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            Vocabulary vocabulary = Vocabulary.of(reader, written);
            int title = 1 << IndexFields.TEXT.indexOf(IndexFields.TITLE);
            int body = 1 << IndexFields.TEXT.indexOf(IndexFields.BODY);

            assertThat(vocabulary.fieldsOf(M + "attent")).isEqualTo(title | body);
            assertThat(vocabulary.fieldsOf(M + "вниман")).isEqualTo(body);
            assertThat(vocabulary.fieldsOf("2024")).isEqualTo(title);
            assertThat(vocabulary.fieldsOf("attention")).as("a word as written is no term").isZero();
            assertThat(vocabulary.fieldsOf("nothing")).isZero();
            assertThat(vocabulary.completions("atten", 5)).extracting(Vocabulary.Entry::term).containsExactly(M + "attent");
        }
    }

    private static Vocabulary vocabulary(String... docs) throws IOException {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        Set<String> written = new HashSet<>();
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(PaperAnalyzer.forIndexing(written)))) {
            for (String text : docs) {
                Document d = new Document();
                d.add(new TextField(IndexFields.BODY.name(), text, Field.Store.NO));
                w.addDocument(d);
            }
        }
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            return Vocabulary.of(reader, written);
        }
    }

    private static String randomWord(Random random, String alphabet, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Optimal string alignment distance (Levenshtein with adjacent transpositions), the textbook way. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
