package org.paperbot.search;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Query → expected first result over the real catalog and synonyms (config/papers.json, config/synonyms-ru.txt). */
class SearchRelevanceTest {
    private static Catalog catalog;
    private static SearchIndex index;

    @BeforeAll
    static void buildIndex() {
        catalog = RealCatalog.load();
        index = SearchIndex.build(catalog, RealCatalog.synonyms());
    }

    @ParameterizedTest(name = "[{index}] {0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # Russian words, inflected forms
            трансформеры                               | MrR3rMxqqv
            трансформерами                             | MrR3rMxqqv
            мультимодальной                            | y01KGvd9Bw
            безвредности                               | TyFrPOKYXw
            приватности                                | Ifz3IgsEPX
            запоминания                                | MrR3rMxqqv
            перефразированию                           | g9diuvxN6D
            множителей Лагранжа                        | TyFrPOKYXw
            # English words, inflected forms
            transformers                               | MrR3rMxqqv
            memorization capacity                      | MrR3rMxqqv
            factual knowledge                          | 9OevMUdods
            differential privacy                       | Ifz3IgsEPX
            human feedback                             | TyFrPOKYXw
            softmax                                    | MrR3rMxqqv
            # the last word as a prefix (as you type)
            трансф                                     | MrR3rMxqqv
            RLH                                        | TyFrPOKYXw
            GFlow                                      | ylhiMfpqkm
            Pinoc                                      | 9OevMUdods
            DreamL                                     | y01KGvd9Bw
            мультимод                                  | y01KGvd9Bw
            attentio                                   | MrR3rMxqqv
            обучение с подкр                           | ylhiMfpqkm
            # typos in words of 5+ letters
            transformr                                 | MrR3rMxqqv
            приватнсть                                 | Ifz3IgsEPX
            memorizaton                                | MrR3rMxqqv
            мультимодальнй                             | y01KGvd9Bw
            Zettlemoyr                                 | LXVswInHOo
            # OpenReview ids and links, arXiv ids and links
            y01KGvd9Bw                                 | y01KGvd9Bw
            9oevmudods                                 | 9OevMUdods
            https://openreview.net/forum?id=g9diuvxN6D | g9diuvxN6D
            https://openreview.net/pdf?id=ylhiMfpqkm   | ylhiMfpqkm
            2310.10638                                 | LXVswInHOo
            arXiv:2306.02010                           | MrR3rMxqqv
            https://arxiv.org/abs/2310.12773v2         | TyFrPOKYXw
            https://arxiv.org/pdf/2312.03724           | Ifz3IgsEPX
            # mixed case, ё/е
            ЁМКОСТЬ                                    | MrR3rMxqqv
            емкость                                    | MrR3rMxqqv
            SAFE rlhf                                  | TyFrPOKYXw
            # several words
            генерация изображений                      | y01KGvd9Bw
            # Safe RLHF has «reinforcement learning» in its title (a synonym), the GFlowNet paper only in its summary
            обучение с подкреплением                   | TyFrPOKYXw
            мягкий промпт                              | g9diuvxN6D
            ложные корреляции                          | 9OevMUdods
            поиск ближайших соседей                    | LXVswInHOo
            предобучение дообучение                    | ylhiMfpqkm
            # topic tags with and without '#'
            #GFlowNet                                  | ylhiMfpqkm
            #RLHF                                      | TyFrPOKYXw
            #приватность                               | Ifz3IgsEPX
            #трансформеры                              | MrR3rMxqqv
            мультимодальность                          | y01KGvd9Bw
            теория                                     | MrR3rMxqqv
            # authors
            Bengio                                     | ylhiMfpqkm
            Wallace                                    | g9diuvxN6D
            # one unknown word does not hide the paper matching the others
            GFlowNet qwertyuiop                        | ylhiMfpqkm
            безопасность ксиззи                        | TyFrPOKYXw
            # names and terms written in the other script
            Пиноккио                                   | 9OevMUdods
            Бенжио                                     | ylhiMfpqkm
            альпака                                    | TyFrPOKYXw
            викуна                                     | Ifz3IgsEPX
            гфлоунет                                   | ylhiMfpqkm
            transformery                               | MrR3rMxqqv
            # the wrong keyboard layout, both ways
            nhfycajhvths                               | MrR3rMxqqv
            ьуьщкшяфешщт                               | MrR3rMxqqv
            # Latin and Cyrillic look-alikes in one word (a Latin о)
            трансфoрмеры                               | MrR3rMxqqv
            # Russian and English names of one term (config/synonyms-ru.txt)
            обучение с подкреплением безопасность      | TyFrPOKYXw
            безопасность LLM                           | TyFrPOKYXw
            reinforcement learning                     | TyFrPOKYXw
            тонкая настройка                           | ylhiMfpqkm
            in-context learning                        | LXVswInHOo
            конфиденциальность                         | Ifz3IgsEPX
            # venue and track
            ICLR 2024                                  | y01KGvd9Bw
            Spotlight                                  | y01KGvd9Bw
            """)
    void firstResult(String query, String expectedId) {
        SearchResult result = index.search(query, 0, 5);

        assertThat(result.papers()).as("results for '%s'", query).isNotEmpty();
        assertThat(result.papers().get(0).id()).as("first result for '%s'", query).isEqualTo(expectedId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xyzzy", "qwertyuiop asdfgh", "мяу", "абырвалг", "zzzzzzzzzz", "the of and"})
    void nonsenseFindsNothing(String query) {
        SearchResult result = index.search(query, 0, 10);

        assertThat(result.papers()).isEmpty();
        assertThat(result.total()).isZero();
    }

    @Test
    void anIdQueryReturnsOnlyThatPaper() {
        SearchResult result = index.search("https://openreview.net/forum?id=TyFrPOKYXw", 0, 10);

        assertThat(ids(result.papers())).containsExactly("TyFrPOKYXw");
        assertThat(result.total()).isEqualTo(1);
    }

    @Test
    void anIdAmongWordsStillComesFirst() {
        // "генерация" is a topic of two other papers; the id names this one.
        SearchResult result = index.search("генерация LXVswInHOo", 0, 10);

        assertThat(result.papers().get(0).id()).isEqualTo("LXVswInHOo");
        assertThat(result.total()).isGreaterThan(1);
    }

    @Test
    void titleAndTopicMatchesRankAboveSummaryMatches() {
        // «генерация» is a topic of DreamLLM and the GFlowNet paper, and occurs only in the summaries of two others.
        List<String> ids = ids(index.search("генерация", 0, 10).papers());

        assertThat(ids).hasSize(4);
        assertThat(ids.subList(0, 2)).containsExactlyInAnyOrder("y01KGvd9Bw", "ylhiMfpqkm");
        assertThat(ids.subList(2, 4)).containsExactlyInAnyOrder("Ifz3IgsEPX", "LXVswInHOo");
    }

    @Test
    void englishTitleMatchesRankAboveKeywordAndSummaryMatches() {
        // "language" is in four titles; DreamLLM has it only in its keywords ("vision-language").
        List<String> ids = ids(index.search("language", 0, 10).papers());

        assertThat(ids).hasSize(5);
        assertThat(ids.subList(0, 4)).containsExactlyInAnyOrder("LXVswInHOo", "9OevMUdods", "g9diuvxN6D", "Ifz3IgsEPX");
        assertThat(ids.get(4)).isEqualTo("y01KGvd9Bw");
    }

    @Test
    void papersMatchingAllWordsComeFirst() {
        // Only the GFlowNet paper has both topics; two papers have one each.
        List<String> ids = ids(index.search("предобучение дообучение", 0, 10).papers());

        assertThat(ids.get(0)).isEqualTo("ylhiMfpqkm");
        assertThat(ids).contains("LXVswInHOo", "TyFrPOKYXw", "g9diuvxN6D");
    }

    @Test
    void aTagQueryFindsEveryPaperWithTheTag() {
        List<String> ids = ids(index.search("#обучение_в_контексте", 0, 10).papers());

        assertThat(ids.subList(0, 2)).containsExactlyInAnyOrder("LXVswInHOo", "Ifz3IgsEPX");
        assertThat(ids(index.search("#LLM", 0, 10).papers()).subList(0, 6))
                .containsExactlyInAnyOrderElementsOf(ids(catalog.withTopic("LLM")));
    }

    @Test
    void inflectionsOfAWordFindTheSamePapers() {
        assertThat(ids(index.search("трансформер", 0, 10).papers()))
                .isEqualTo(ids(index.search("трансформерами", 0, 10).papers()))
                .isEqualTo(ids(index.search("трансформеров", 0, 10).papers()));
        assertThat(ids(index.search("transformer", 0, 10).papers()))
                .isEqualTo(ids(index.search("transformers", 0, 10).papers()));
    }

    @Test
    void yoAndYeAreTheSameLetter() {
        assertThat(ids(index.search("ёмкость", 0, 10).papers()))
                .isEqualTo(ids(index.search("емкость", 0, 10).papers()))
                .containsExactly("MrR3rMxqqv");
    }

    @Test
    void typoToleranceDependsOnWordLength() {
        // 4 letters: no typo allowed («sofe» is one edit from «safe»).
        assertThat(index.search("sofe", 0, 10).papers()).isEmpty();
        // 5 to 7 letters: one edit, transpositions included.
        assertThat(ids(index.search("promt", 0, 10).papers())).containsExactlyInAnyOrder("Ifz3IgsEPX", "g9diuvxN6D");
        assertThat(ids(index.search("мягкйи", 0, 10).papers())).containsExactly("g9diuvxN6D");
        assertThat(index.search("sftmx", 0, 10).papers()).as("two edits from softmax").isEmpty();
        // 8 letters and more: two edits.
        assertThat(ids(index.search("mmorizaton", 0, 10).papers())).containsExactly("MrR3rMxqqv");
    }

    @Test
    void safetyInReinforcementLearningRanksSafeRlhfAboveGFlowNet() {
        List<String> ids = ids(index.search("обучение с подкреплением безопасность", 0, 10).papers());

        assertThat(ids).contains("TyFrPOKYXw", "ylhiMfpqkm");
        assertThat(ids.indexOf("TyFrPOKYXw")).isLessThan(ids.indexOf("ylhiMfpqkm"));
    }

    @Test
    void papersMatchingEveryWordAreSetApartFromPartialMatches() {
        // Six papers are about LLMs; only Safe RLHF is also about safety.
        SearchResult result = index.search("безопасность LLM", 0, 10);

        assertThat(result.firstPartial()).as("papers matching both words").isEqualTo(1);
        assertThat(result.papers().get(0).id()).isEqualTo("TyFrPOKYXw");
        assertThat(result.total()).isGreaterThan(1);
    }

    @Test
    void aOneWordQueryHasNoPartialMatches() {
        SearchResult result = index.search("LLM", 0, 10);

        assertThat(result.firstPartial()).isEqualTo(result.total()).isEqualTo(6);
    }

    @Test
    void lookAlikeLettersAreFoldedIntoTheWordsScript() {
        // "LLМ" with a Cyrillic М, "RLНF" with a Cyrillic Н.
        assertThat(ids(index.search("LLМ", 0, 10).papers())).isNotEmpty()
                .isEqualTo(ids(index.search("LLM", 0, 10).papers()));
        assertThat(ids(index.search("Safe RLНF", 0, 10).papers())).isEqualTo(ids(index.search("Safe RLHF", 0, 10).papers()));
    }

    static List<String> ids(List<Paper> papers) {
        return papers.stream().map(Paper::id).toList();
    }
}
