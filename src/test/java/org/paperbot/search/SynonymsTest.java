package org.paperbot.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperbot.catalog.Catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SynonymsTest {
    @TempDir
    Path dir;

    @Test
    void theShippedFileReadsAndHasTheTermsOfTheIssue() {
        Synonyms synonyms = RealCatalog.synonyms();

        assertThat(synonyms.groups()).anySatisfy(g -> assertThat(g)
                .contains("обучение с подкреплением", "reinforcement learning", "RL"));
        assertThat(synonyms.groups()).anySatisfy(g -> assertThat(g).contains("дообучение", "fine-tuning"));
    }

    @Test
    void commentsAndBlankLinesAreSkipped() {
        Synonyms s = Synonyms.parse("t", List.of("# heading", "", "  дообучение ,  fine-tuning  ", "   # indented"));

        assertThat(s.groups()).containsExactly(List.of("дообучение", "fine-tuning"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            дообучение                            | a group needs at least two phrases
            дообучение,, fine-tuning              | empty phrase
            дообучение, fine-tuning,              | empty phrase
            дообучение, fine_tuning               | may hold only letters, digits, spaces
            a b c d e f g, x                      | more than 6 words
            """)
    void aBadLineIsNamedWithItsNumber(String line, String problem) {
        assertThatThrownBy(() -> Synonyms.parse("config/synonyms-ru.txt", List.of("# first", line)))
                .isInstanceOf(SynonymsException.class)
                .hasMessageStartingWith("config/synonyms-ru.txt:2: ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((SynonymsException) e).line()).isEqualTo(2));
    }

    @Test
    void aPhraseInTwoGroupsNamesBothLines() {
        assertThatThrownBy(() -> Synonyms.parse("s.txt", List.of("RL, reinforcement learning", "", "rl, обучение")))
                .hasMessage("s.txt:3: phrase 'rl' is already in line 1; a phrase belongs to one group");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.txt");

        assertThatThrownBy(() -> Synonyms.load(missing))
                .isInstanceOf(SynonymsException.class)
                .hasMessage(missing + ": synonyms file not found (set PAPERBOT_SYNONYMS or search.synonyms-file)");
    }

    @Test
    void aFileThatIsNotUtf8IsNamed() throws IOException {
        Path file = dir.resolve("latin1.txt");
        Files.write(file, new byte[] {(byte) 0xE4, ',', ' ', 'a'});

        assertThatThrownBy(() -> Synonyms.load(file)).hasMessage(file + ": not UTF-8 text");
    }

    @Test
    void aGroupMakesEachPhraseFindPapersWithTheOthers() {
        Catalog catalog = TestPapers.catalog(TestPapers.paper("a", "Contrastive objectives", List.of("контраст"), "про совсем другое"),
                TestPapers.paper("b", "Reward shaping in reinforcement learning", List.of("награды"), "о наградах"));
        SearchIndex without = SearchIndex.build(catalog);
        SearchIndex with = SearchIndex.build(catalog, Synonyms.parse("s", List.of("обучение с подкреплением, reinforcement learning")));

        assertThat(without.search("обучение с подкреплением", 0, 10).papers()).isEmpty();
        assertThat(with.search("обучение с подкреплением", 0, 10).papers()).extracting(p -> p.id()).containsExactly("b");
        assertThat(with.search("обучением с подкреплением", 0, 10).papers()).as("another form").hasSize(1);
    }
}
