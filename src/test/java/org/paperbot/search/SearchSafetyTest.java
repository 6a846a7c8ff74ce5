package org.paperbot.search;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.testing.LogCapture;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Any input is safe: no exception, no Lucene syntax, bounded work. The index answers "nothing found" when a search
 * fails inside, so every test here also checks that nothing was logged at ERROR: an empty result must be a real one.
 */
class SearchSafetyTest {
    private static SearchIndex index;

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @AfterEach
    void noSearchFailedInside() {
        assertThat(logs.errors()).as("searches that failed inside").isEmpty();
    }

    @BeforeAll
    static void buildIndex() {
        index = SearchIndex.build(RealCatalog.load());
    }

    static Stream<String> nastyInputs() {
        List<String> inputs = new ArrayList<>(List.of(
                "+-&&||!(){}[]^\"~*?:\\/",
                "+ - && || ! ( ) { } [ ] ^ \" ~ * ? : \\ /",
                "\"unbalanced quote", "'single' \"double\" «ёлочки» „лапки“",
                "*", "?", "*:*", "title:transformer", "body:*", "transformer~2", "trans*", "te?t", "a^10",
                "AND", "OR NOT", "transformer AND NOT attention", "NOT", "(", ")", "[1 TO 5]", "{a TO b}",
                "/regex.*/", "\\", "\\\\u0041", "%s %d %n", "${jndi:ldap://x}", "<script>alert(1)</script>",
                "'; DROP TABLE papers; --",
                "🤖🚀🔥", "👨‍👩‍👧‍👦 семья", "трансформер 🤖", "🏳️‍🌈",
                "مرحبا بالعالم", "שלום עולם", "\u202Eтрансформер\u202C", "\u200F\u200E",
                "\u200B\u200C\u200D\u2060\uFEFF", "транс\u200Bформер", "\u00AD",
                "...", "—", "!!!", "???", ",,,;;;", "#", "##", "#_", "@", "_", "-", "--", "__init__",
                "\u0000", "\u0000трансформер\u0001", "\t\n\r", "\u00A0\u2003\u3000",
                "\uD800", "\uDC00трансформер", "a\uD83D",
                "e\u0301\u0301\u0301", "Z̸̡̛̟͎a̷̗͂l̵̰̈g̸̣̾o̴̥͐",
                "東京 大学", "ㅋㅋㅋ", "ñandú über café",
                "2310.10638v99", "arxiv:9999.99999", "https://openreview.net/forum?id=", "https://arxiv.org/abs/",
                "https://openreview.net/forum?id=" + "x".repeat(100), "http://", "://", "id=", "?id=&id=",
                "0", "-1", "1e999", "NaN", "9".repeat(300)));
        inputs.add("трансформер ".repeat(40));
        inputs.add("a".repeat(300));
        inputs.add("я".repeat(1000));
        inputs.add("ab ".repeat(200));
        // many distinct words: the word cap keeps the query within Lucene's clause limit
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            words.append("слово").append(i).append(' ');
        }
        inputs.add(words.toString());
        inputs.add("transformers attention memorization multimodal privacy prompt robustness pretraining "
                + "reinforcement feedback generation knowledge benchmark safety theory");
        return inputs.stream();
    }

    @ParameterizedTest
    @MethodSource("nastyInputs")
    void neverThrowsNorFailsInside(String query) {
        assertThatCode(() -> {
            SearchResult r = index.search(query, 0, 10);
            assertThat(r).isNotNull();
            assertThat(r.papers().size()).isLessThanOrEqualTo(10).isLessThanOrEqualTo(r.total());
            index.search(query, 5, 50);
            index.search(query, Integer.MAX_VALUE, Integer.MAX_VALUE);
        }).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n", "\u200B", "!!!", "+-&&||!(){}[]^\"~*?:\\/", "🤖", "\u0000"})
    void unsearchableInputGivesAnEmptyResult(String query) {
        SearchResult r = index.search(query, 0, 10);

        assertThat(r.papers()).isEmpty();
        assertThat(r.total()).isZero();
    }

    @Test
    void syntaxCharactersAroundWordsAreJustPunctuation() {
        for (String q : List.of("\"transformers\"", "(transformers)", "+transformers", "-transformers",
                "transformers~2", "transformers^10", "transformers*", "title:transformers", "[transformers]",
                "transformers!", "трансформеры?", "«трансформеры»", "🤖 трансформеры 🚀", "\u202Eтрансформеры\u202C")) {
            assertThat(SearchRelevanceTest.ids(index.search(q, 0, 10).papers())).as(q).containsExactly("MrR3rMxqqv");
        }
    }

    @Test
    void invisibleCharactersInsideAWordAreIgnored() {
        assertThat(SearchRelevanceTest.ids(index.search("транс\u200Bформеры", 0, 10).papers())).containsExactly("MrR3rMxqqv");
        assertThat(SearchRelevanceTest.ids(index.search("Safe RL\u00ADHF", 0, 10).papers())).contains("TyFrPOKYXw");
    }

    @Test
    void aVeryLongQueryIsCutNotRejected() {
        String query = "трансформеры " + "x".repeat(1000);

        assertThat(SearchRelevanceTest.ids(index.search(query, 0, 10).papers())).containsExactly("MrR3rMxqqv");
    }

    @Test
    void oddPagingArgumentsAreSafe() {
        assertThat(index.search("LLM", -5, 2).papers()).hasSize(2);
        assertThat(index.search("LLM", 0, 0).papers()).isEmpty();
        assertThat(index.search("LLM", 0, 0).total()).isEqualTo(6);
        assertThat(index.search("LLM", 0, -1).papers()).isEmpty();
        assertThat(index.search("LLM", 100, 10).papers()).isEmpty();
        assertThat(index.search("LLM", 100, 10).total()).isEqualTo(6);
        assertThat(index.search("LLM", 4, Integer.MAX_VALUE).papers()).hasSize(2);
    }
}
