package org.paperbot.search;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** «Похожие» and topics by meaning, over the shipped catalog and synonyms. */
class SimilarAndTopicTest {
    private static Catalog catalog;
    private static SearchIndex index;

    @BeforeAll
    static void buildIndex() {
        catalog = RealCatalog.load();
        index = RealCatalog.index();
    }

    private static Paper paper(String id) {
        return catalog.byId(id).orElseThrow();
    }

    @Test
    void inALargeCatalogWordsMostPapersShareDoNotMakePapersSimilar() {
        // 600 papers share their topic, teaser, key point and «модель»; only the first two share «квазар».
        List<Paper> papers = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            papers.add(TestPapers.paper(String.format("P%09d", i), "Title" + i, List.of("теория"),
                    i < 2 ? "Модель и квазар." : "Модель."));
        }
        SearchIndex large = SearchIndex.build(new Catalog(papers, List.of()), 0);

        assertThat(SearchRelevanceTest.ids(large.similar(papers.get(0), 5))).containsExactly("P000000001");
        assertThat(large.similar(papers.get(2), 5)).as("nothing but common words in common").isEmpty();
    }

    @Test
    void similarPapersNeverIncludeThePaperItselfNorRepeat() {
        for (Paper p : catalog.papers()) {
            List<String> ids = SearchRelevanceTest.ids(index.similar(p, 5));
            assertThat(ids).as(p.id()).hasSizeBetween(3, 5).doesNotContain(p.id()).doesNotHaveDuplicates();
        }
    }

    @Test
    void thePapersSharingMostTopicsComeFirst() {
        // In-Context Pretraining and DP-OPT share #обучение_в_контексте and #LLM; GFlowNet shares #предобучение.
        List<String> ids = SearchRelevanceTest.ids(index.similar(paper("LXVswInHOo"), 5));

        assertThat(ids.subList(0, 2)).containsAnyOf("Ifz3IgsEPX", "ylhiMfpqkm");
        // Instruction robustness and DP-OPT are both about prompts and LLM robustness.
        assertThat(SearchRelevanceTest.ids(index.similar(paper("g9diuvxN6D"), 5))).contains("Ifz3IgsEPX", "9OevMUdods");
    }

    @Test
    void similarIsCappedByTheAskedCount() {
        assertThat(index.similar(paper("TyFrPOKYXw"), 2)).hasSize(2);
        assertThat(index.similar(paper("TyFrPOKYXw"), 0)).isEmpty();
    }

    @Test
    void aPaperOutsideTheIndexHasNoSimilarPapers() {
        Paper stranger = TestPapers.paper("stranger", "LLM safety", List.of("LLM"), "безопасность");

        assertThat(index.similar(stranger, 5)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            обучение в контексте   | обучение_в_контексте
            обучением в контексте  | обучение_в_контексте
            in-context learning    | обучение_в_контексте
            трансформер            | трансформеры
            transformers           | трансформеры
            безопасности           | безопасность
            safety                 | безопасность
            fine-tuning            | дообучение
            """)
    void aTopicIsFoundByTheFormsAndSynonymsOfItsWords(String text, String topic) {
        assertThat(index.topic(text).topic()).hasValue(topic);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            привтность       | приватность
            обучение         | обучение_в_контексте
            бенчмарк тесты   | бенчмарки
            """)
    void aTextThatNamesNoTopicGetsTheClosestOnes(String text, String closest) {
        TopicMatch match = index.topic(text);

        assertThat(match.topic()).isEmpty();
        assertThat(match.closest()).hasSizeLessThanOrEqualTo(SearchIndex.TOPIC_SUGGESTIONS).first().isEqualTo(closest);
    }

    @Test
    void aTextFarFromEveryTopicGetsNoSuggestion() {
        assertThat(index.topic("квантовая гравитация").closest()).isEmpty();
    }
}
