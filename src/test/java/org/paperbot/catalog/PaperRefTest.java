package org.paperbot.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.testing.TestPapers;

import static org.assertj.core.api.Assertions.assertThat;

class PaperRefTest {
    @ParameterizedTest
    @ValueSource(strings = {"2310.12773", "2310.12773v2", "arXiv:2310.12773", "ARXIV:2310.12773v1", "arxiv:2310.12773",
            "https://arxiv.org/abs/2310.12773", "https://arxiv.org/abs/2310.12773v2", "http://www.arxiv.org/pdf/2310.12773v1.pdf",
            "arxiv.org/pdf/2310.12773", "https://export.arxiv.org/abs/2310.12773", "https://arxiv.org/html/2310.12773v3",
            "(https://arxiv.org/abs/2310.12773),"})
    void everyWayOfWritingAnArxivIdNamesThePreprintWithoutVersion(String written) {
        assertThat(PaperRef.parse(written)).contains(new PaperRef.Arxiv("2310.12773"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://openreview.net/forum?id=LXVswInHOo", "https://openreview.net/pdf?id=LXVswInHOo",
            "openreview.net/forum?noteId=1&id=LXVswInHOo", "https://www.openreview.net/attachment?id=LXVswInHOo&name=pdf"})
    void openReviewLinksNameTheirIdAsWritten(String link) {
        assertThat(PaperRef.parse(link)).contains(new PaperRef.OpenReview("LXVswInHOo"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "LXVswInHOo", "трансформеры", "https://example.org/abs/2310.10638", "231.12773", "2310.127",
            "arxiv:", "openreview.net/forum?noteid=5", "2310.12773 2310.10638"})
    void anythingElseIsNoReference(String text) {
        assertThat(PaperRef.parse(text)).isEmpty();
    }

    @Test
    void aReferenceFindsItsPaperInACatalog() {
        Catalog catalog = TestPapers.catalogOf(TestPapers.paper("abc").arxivId("2401.00009v2").build(), TestPapers.paper("def").build());
        assertThat(new PaperRef.Arxiv("2401.00009v5").in(catalog)).map(Paper::id).contains("abc");
        assertThat(new PaperRef.OpenReview("def").in(catalog)).map(Paper::id).contains("def");
        assertThat(new PaperRef.OpenReview("DEF").in(catalog)).as("OpenReview ids are case-sensitive").isEmpty();
    }

    @Test
    void keysFoldCaseAndYoAndDropTheHashAndTheArxivVersion() {
        assertThat(Keys.fold("ЁЛКА Ёж LLM")).isEqualTo("елка еж llm");
        assertThat(Keys.topic("  #Обучение_в_контексте ")).isEqualTo("обучение_в_контексте");
        assertThat(Keys.arxiv("2310.12773v12")).isEqualTo("2310.12773");
        assertThat(Keys.arxiv("2310.12773")).isEqualTo("2310.12773");
    }
}
