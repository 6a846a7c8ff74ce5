package org.paperbot.reader;

import org.junit.jupiter.api.Test;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.search.SearchIndex;
import org.paperbot.store.FollowStore.Follow;
import org.paperbot.store.FollowStore.Kind;
import org.paperbot.testing.TestPapers;

import static org.assertj.core.api.Assertions.assertThat;

class FollowMatchTest {
    final Catalog catalog = TestPapers.realCatalog();
    final Paper gflownet = catalog.byId("ylhiMfpqkm").orElseThrow(); // Ling Pan, …, Yoshua Bengio; #GFlowNet
    final Paper dreamllm = catalog.byId("y01KGvd9Bw").orElseThrow();
    final SearchIndex search = SearchIndex.build(catalog);

    private Follow parse(String text) {
        return FollowMatch.parse(text, catalog, search).orElseThrow();
    }

    @Test
    void aHashMakesATopicWhetherOrNotTheCatalogHasIt() {
        assertThat(parse("#GFlowNet")).isEqualTo(new Follow(Kind.TOPIC, "gflownet", "#GFlowNet"));
        assertThat(parse("# квантование ")).isEqualTo(new Follow(Kind.TOPIC, "квантование", "#квантование"));
    }

    @Test
    void aWordSpelledAsACatalogTopicIsThatTopic() {
        assertThat(parse("предобучение").kind()).isEqualTo(Kind.TOPIC);
        assertThat(parse("ГЕНЕРАЦИЯ")).isEqualTo(new Follow(Kind.TOPIC, "генерация", "#ГЕНЕРАЦИЯ"));
    }

    @Test
    void aCatalogAuthorsNameIsAnAuthorAnythingElseAKeyword() {
        assertThat(parse("Bengio")).isEqualTo(new Follow(Kind.AUTHOR, "bengio", "Bengio"));
        assertThat(parse("yoshua BENGIO").kind()).isEqualTo(Kind.AUTHOR);
        assertThat(parse("Hinton")).isEqualTo(new Follow(Kind.KEYWORD, "hinton", "Hinton"));
        assertThat(FollowMatch.parse("!!!", catalog, search)).isEmpty();
    }

    @Test
    void topicsMatchByTheirKeyAuthorsAndKeywordsByWholeWords() {
        assertThat(FollowMatch.matches(parse("#gflownet"), gflownet)).isTrue();
        assertThat(FollowMatch.matches(parse("#GFlowNet"), dreamllm)).isFalse();
        assertThat(FollowMatch.matches(parse("Bengio"), gflownet)).isTrue();
        assertThat(FollowMatch.matches(parse("Bengio"), dreamllm)).isFalse();
        assertThat(FollowMatch.matches(parse("flow networks"), gflownet)).as("words of the title").isTrue();
        assertThat(FollowMatch.matches(parse("flow net"), gflownet)).as("only whole words").isFalse();
        assertThat(FollowMatch.matches(new Follow(Kind.KEYWORD, "bengio", "Bengio"), gflownet))
                .as("a keyword also finds a name").isTrue();
    }

    @Test
    void wordsFoldCaseYoAndLatinAccentsButKeepCyrillicLetters() {
        assertThat(FollowMatch.words("Schölkopf, Bernhard")).isEqualTo("scholkopf bernhard");
        assertThat(FollowMatch.words("Ёлкин-Йошкин")).isEqualTo("елкин йошкин");
    }
}
