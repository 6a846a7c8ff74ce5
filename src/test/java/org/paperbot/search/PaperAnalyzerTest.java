package org.paperbot.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.Test;
import org.paperbot.catalog.Keys;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PaperAnalyzerTest {
    private static final String M = String.valueOf(PaperAnalyzer.STEM_MARK);

    @Test
    void emitsEachWordAsWrittenAndItsMarkedStemAtTheSamePosition() throws IOException {
        assertThat(tokens(PaperAnalyzer.forQueries(), "Memorization Трансформеров"))
                .containsExactly("memorization@1", M + "memor@0", "трансформеров@1", M + "трансформер@0");
    }

    @Test
    void stemmingDoesNotCorruptTheWordAsWritten() throws IOException {
        // Snowball stems in place; the word as written must survive it (regression: "memorizetion").
        Set<String> written = new HashSet<>();
        assertThat(tokens(PaperAnalyzer.forIndexing(written), "memorization generalization")).hasSize(2);
        assertThat(written).containsExactlyInAnyOrder("memorization", "generalization");
        assertThat(tokens(PaperAnalyzer.forQueries(), "memorization")).containsExactly("memorization@1", M + "memor@0");
    }

    @Test
    void indexingKeepsStemsOnlyAndCollectsTheWordsAsWritten() throws IOException {
        Set<String> written = new HashSet<>();

        assertThat(tokens(PaperAnalyzer.forIndexing(written), "Трансформеры и трансформер, 319 моделей"))
                .containsExactly(M + "трансформер@1", M + "трансформер@1", "319@1", M + "модел@1");
        assertThat(written).containsExactlyInAnyOrder("трансформеры", "трансформер", "моделей");
    }

    @Test
    void russianAndEnglishInflectionsShareAStem() throws IOException {
        assertThat(stem("трансформеры")).isEqualTo(stem("трансформерами")).isEqualTo(stem("трансформер"));
        assertThat(stem("transformers")).isEqualTo(stem("transformer"));
        assertThat(stem("обучения")).isEqualTo(stem("обучение"));
    }

    @Test
    void lowerCasesAndFoldsYo() throws IOException {
        assertThat(tokens(PaperAnalyzer.forQueries(), "ЁМКОСТЬ Ёлка ÄÖÜ İstanbul").stream()
                .filter(t -> t.endsWith("@1")).toList())
                .containsExactly("емкость@1", "елка@1", "äöü@1", "istanbul@1");
    }

    @Test
    void foldsRussianAndLatinWordsExactlyAsTheCatalogKeysThem() throws IOException {
        for (String word : List.of("Ёлка", "ЁМКОСТЬ", "Трансформер", "RLHF", "Schölkopf", "ещё")) {
            assertThat(tokens(PaperAnalyzer.forQueries(), word).get(0)).as(word).isEqualTo(Keys.fold(word) + "@1");
        }
    }

    @Test
    void numbersAndOtherScriptsHaveNoStem() throws IOException {
        assertThat(tokens(PaperAnalyzer.forQueries(), "319 2310.10638 東京")).containsExactly("319@1", "2310.10638@1", "東@1", "京@1");
    }

    @Test
    void indexingDropsStopWordsQueriesKeepThem() throws IOException {
        assertThat(tokens(PaperAnalyzer.forIndexing(new HashSet<>()), "обучение с подкреплением of the model"))
                .containsExactly(M + "обучен@1", M + "подкреплен@1", M + "model@1");
        assertThat(tokens(PaperAnalyzer.forQueries(), "обучение с подкреплением")).contains("с@1");
    }

    private static String stem(String word) throws IOException {
        List<String> t = tokens(PaperAnalyzer.forQueries(), word);
        assertThat(t).hasSize(2);
        return t.get(1);
    }

    /** Tokens as "term@positionIncrement". */
    private static List<String> tokens(Analyzer analyzer, String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term + "@" + inc.getPositionIncrement());
            }
            ts.end();
        }
        return out;
    }
}
