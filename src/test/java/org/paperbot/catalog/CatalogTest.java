package org.paperbot.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.testing.TestPapers;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.paperbot.testing.TestPapers.catalogOf;
import static org.paperbot.testing.TestPapers.paper;

class CatalogTest {
    private final Catalog real = TestPapers.realCatalog();

    private final Paper p1 = paper("p1").arxivId("2401.00001").topics("LLM", "теория").build();
    private final Paper p2 = paper("p2").topics("llm", "Ёлка").build();
    private final Paper p3 = paper("p3").arxivId("2401.00003").topics("елка", "Zeta").build();
    private final Paper p4 = paper("p4").topics("alpha").build();
    private final Catalog small = catalogOf(p1, p2, p3, p4);

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 5, 6, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE + 2L, 1L << 32})
    void byNumberOutOfRangeIsEmpty(long number) {
        assertThat(small.byNumber(number)).isEmpty();
    }

    @Test
    void byNumberIsOneBasedInFileOrder() {
        assertThat(small.byNumber(1)).containsSame(p1);
        assertThat(small.byNumber(4)).containsSame(p4);
        for (int i = 0; i < real.size(); i++) {
            assertThat(real.byNumber(i + 1)).containsSame(real.papers().get(i));
        }
        assertThat(real.byNumber(real.size() + 1L)).isEmpty();
    }

    @Test
    void everyRealPaperIsFoundByIdArxivIdAndNumber() {
        for (Paper p : real.papers()) {
            assertThat(real.byId(p.id())).containsSame(p);
            assertThat(real.byArxivId(p.arxivId().orElseThrow())).containsSame(p);
            assertThat(real.byNumber(real.numberOf(p))).containsSame(p);
        }
    }

    @Test
    void lookupsAreExact() {
        assertThat(small.byId("p2")).containsSame(p2);
        assertThat(small.byId("P2")).isEmpty();
        assertThat(small.byId(" p2")).isEmpty();
        assertThat(small.byId("")).isEmpty();
        assertThat(small.byArxivId("2401.00003")).containsSame(p3);
        assertThat(small.byArxivId("2401.00002")).isEmpty();
        assertThat(small.byArxivId("2401.00003v2")).containsSame(p3);
    }

    @Test
    void arxivLookupIgnoresTheVersionOnEitherSide() {
        Paper versioned = paper("v").arxivId("2401.00009v2").build();
        Catalog catalog = catalogOf(p1, versioned);
        assertThat(catalog.byArxivId("2401.00009v2")).containsSame(versioned);
        assertThat(catalog.byArxivId("2401.00009")).containsSame(versioned);
        assertThat(catalog.byArxivId("2401.00009v1")).containsSame(versioned);
        assertThat(catalog.byArxivId("2401.00001v3")).containsSame(p1);
        assertThat(catalog.byArxivId("2401.0000")).isEmpty();
        assertThat(catalog.byArxivId("2401.000091")).isEmpty();
    }

    @Test
    void oldFourDigitArxivIdsAreNotConfusedWithFiveDigitOnesAndOddKeysStillResolve() {
        Paper old = paper("old").arxivId("0704.0001").build();
        Paper recent = paper("recent").arxivId("0704.00001").build();
        Paper odd = paper("odd").arxivId("hep-th/9901001").build();
        Catalog catalog = catalogOf(old, recent, odd);
        assertThat(catalog.byArxivId("0704.0001")).containsSame(old);
        assertThat(catalog.byArxivId("0704.00001")).containsSame(recent);
        assertThat(catalog.byArxivId("hep-th/9901001")).containsSame(odd);
        assertThat(catalog.byArxivId("0704.0002")).isEmpty();
    }

    @Test
    void aDuplicateIdIsRefusedWhereverItIs() {
        assertThatThrownBy(() -> catalogOf(paper("b").build(), paper("a").build(), paper("b").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate paper id b");
    }

    @Test
    void numberOfUsesTheCatalogPosition() {
        assertThat(small.numberOf(p3)).isEqualTo(3);
        // Equal content elsewhere counts by id.
        assertThat(small.numberOf(paper("p4").build())).isEqualTo(4);
        assertThatThrownBy(() -> small.numberOf(paper("zz").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zz");
    }

    @Test
    void duplicateIdsAreRejected() {
        assertThatThrownBy(() -> catalogOf(p1, paper("p1").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p1");
    }

    @Test
    void topicsAreSortedByCountThenNameWithTheFirstSpelling() {
        assertThat(small.topics()).containsExactly(
                new Catalog.TopicCount("LLM", 2),
                new Catalog.TopicCount("Ёлка", 2),
                new Catalog.TopicCount("alpha", 1),
                new Catalog.TopicCount("Zeta", 1),
                new Catalog.TopicCount("теория", 1));
    }

    @Test
    void realTopicsAreSortedAndCountPapers() {
        List<Catalog.TopicCount> topics = real.topics();
        for (int i = 1; i < topics.size(); i++) {
            Catalog.TopicCount a = topics.get(i - 1);
            Catalog.TopicCount b = topics.get(i);
            assertThat(a.count() > b.count() || (a.count() == b.count()
                    && a.topic().toLowerCase().compareTo(b.topic().toLowerCase()) < 0))
                    .as(a + " before " + b).isTrue();
        }
        for (Catalog.TopicCount t : topics) {
            long carrying = real.papers().stream().filter(p -> p.topics().contains(t.topic())).count();
            assertThat(t.count()).as(t.topic()).isEqualTo(carrying).isEqualTo(real.withTopic(t.topic()).size());
        }
        long distinct = real.papers().stream().flatMap(p -> p.topics().stream()).distinct().count();
        assertThat(topics).hasSize((int) distinct);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llm", "LLM", "#LLM", "#llm", "  #Llm  "})
    void withTopicIgnoresCaseAndHash(String tag) {
        assertThat(small.withTopic(tag)).containsExactly(p1, p2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ёлка", "ёлка", "елка", "ЕЛКА", "#ёЛКА"})
    void withTopicTreatsYoAsYe(String tag) {
        assertThat(small.withTopic(tag)).containsExactly(p2, p3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "#", "ll", "llm2", "##llm", "теор"})
    void withTopicOfUnknownTagIsEmpty(String tag) {
        assertThat(small.withTopic(tag)).isEmpty();
        assertThat(small.topicSpelling(tag)).isEmpty();
    }

    @Test
    void topicSpellingIsTheCatalogsSpelling() {
        assertThat(small.topicSpelling("#llm")).contains("LLM");
        assertThat(small.topicSpelling("ЕЛКА")).contains("Ёлка");
        assertThat(small.topicSpelling("ТЕОРИЯ")).contains("теория");
    }

    @Test
    void aPaperCarryingTheSameTopicTwiceIsCountedOnce() {
        Paper twice = paper("tw").topics("Dup", "dup").build();
        Catalog catalog = catalogOf(twice, paper("other").topics("dup").build());
        assertThat(catalog.withTopic("dup")).extracting(Paper::id).containsExactly("tw", "other");
        assertThat(catalog.topics()).containsExactly(new Catalog.TopicCount("Dup", 2));
    }

    @Test
    void listsAreImmutable() {
        assertThatThrownBy(() -> small.papers().add(p1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> small.topics().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> small.withTopic("llm").clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
