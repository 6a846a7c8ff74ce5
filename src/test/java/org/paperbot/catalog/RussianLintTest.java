package org.paperbot.catalog;

import org.junit.jupiter.api.Test;
import org.paperbot.testing.TestPapers;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RussianLintTest {
    private final RussianLint lint = new RussianLint();

    private List<String> problems(String text) {
        return lint.check("summary", text).stream().map(RussianLint.Finding::toString).toList();
    }

    @Test
    void straightQuotesAreFound() {
        assertThat(problems("Бенчмарк \"Pinocchio\" проверяет факты")).singleElement().asString()
                .startsWith("summary: straight quote");
        assertThat(problems("Бенчмарк «Pinocchio» проверяет факты")).isEmpty();
    }

    @Test
    void percentNeedsANonBreakingSpaceBeforeIt() {
        assertThat(problems("прирост +16 % и ещё 5%")).hasSize(2).allMatch(p -> p.contains("non-breaking space"));
        assertThat(problems("прирост +16\u00A0% и ещё 5\u202F%")).isEmpty();
    }

    @Test
    void numberPlusIsWrittenInWords() {
        assertThat(problems("для 80+ задач")).singleElement().asString().contains("«более чем 80»", "«80+»");
        assertThat(problems("для более чем 80 задач, прирост +8\u00A0%, C++ и 2+2")).isEmpty();
    }

    @Test
    void latinLookAlikesInsideCyrillicWordsAreNamed() {
        // "модель" with a Latin 'о' and 'е'; "LLМ" with a Cyrillic 'М'.
        assertThat(problems("мoдeль")).singleElement().asString()
                .contains("«мoдeль»", "Latin", "o (U+006F)", "e (U+0065)");
        assertThat(problems("LLМ")).singleElement().asString().contains("Cyrillic", "М (U+041C)");
        assertThat(problems("NLP-специалисты дообучили Vicuna-7B и GPT-3.5; OC-GFN")).isEmpty();
    }

    @Test
    void everyRussianFieldOfAPaperIsChecked() {
        Paper p = TestPapers.paper("x").teaser("5%").summary("\"цитата\"").keyPoints(List.of("ok", "10+ задач")).build();
        assertThat(lint.check(p)).extracting(RussianLint.Finding::field).containsExactly("teaser", "summary", "keyPoints[1]");
        assertThat(lint.check(new Venue("V", List.of("около 31%")))).extracting(RussianLint.Finding::field)
                .containsExactly("facts[0]");
    }

    @Test
    void theShippedCatalogIsClean() {
        Catalog catalog = TestPapers.realCatalog();
        for (Paper p : catalog.papers()) {
            assertThat(lint.check(p)).as(p.id()).isEmpty();
        }
        for (Venue v : catalog.venues()) {
            assertThat(lint.check(v)).as(v.name()).isEmpty();
        }
    }
}
