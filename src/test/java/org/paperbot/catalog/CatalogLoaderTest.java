package org.paperbot.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.testing.TestPapers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.paperbot.testing.TestPapers.paperNode;
import static org.paperbot.testing.TestPapers.repeat;
import static org.paperbot.testing.TestPapers.validRoot;

class CatalogLoaderTest {
    @TempDir
    Path dir;

    private final CatalogLoader loader = new CatalogLoader();
    private Path file;

    @BeforeEach
    void setUp() {
        file = dir.resolve("papers.json");
    }

    /** Writes the tree, loads it and returns the failure; fails the test if the catalog loads. */
    private CatalogException failure(Object tree) {
        return failureOf(TestPapers.text(tree));
    }

    private CatalogException failureOf(String json) {
        write(json);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> loader.load(file));
        assertThat(t).as("catalog should be rejected").isInstanceOf(CatalogException.class);
        CatalogException e = (CatalogException) t;
        assertThat(e.getMessage()).as("message names the file").startsWith(file.toString() + ": ");
        return e;
    }

    /** A valid two-paper catalog with one change to paper #2 (id p2), which must be rejected. */
    private String problemInSecondPaper(Consumer<ObjectNode> change) {
        ObjectNode root = validRoot(2);
        change.accept(paperNode(root, 1));
        CatalogException e = failure(root);
        assertThat(e.problems()).as("exactly one problem: " + e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    private Catalog load(Object tree) {
        write(TestPapers.text(tree));
        return loader.load(file);
    }

    private void write(String json) {
        try {
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Nested
    class ValidCatalogs {
        @Test
        void theRealCatalogLoadsWithEveryPaperInFileOrder() throws IOException {
            JsonNode raw = TestPapers.JSON.readTree(Files.readString(TestPapers.REAL_CATALOG));
            List<String> idsInFile = new ArrayList<>();
            raw.get("papers").forEach(p -> idsInFile.add(p.get("id").asText()));

            Catalog catalog = loader.load(TestPapers.REAL_CATALOG);

            assertThat(catalog.size()).isEqualTo(8).isEqualTo(idsInFile.size());
            assertThat(catalog.papers()).extracting(Paper::id).containsExactlyElementsOf(idsInFile);
            assertThat(catalog.papers()).extracting(Paper::venue).containsOnly("ICLR 2024");
            assertThat(catalog.papers()).allSatisfy(p -> {
                assertThat(p.arxivId()).isPresent();
                assertThat(p.links().arxiv()).isPresent();
                assertThat(p.links().openReview().orElseThrow().toString()).endsWith("id=" + p.id());
            });
            assertThat(catalog.venues()).extracting(Venue::name).containsExactly("ICLR 2024");
            assertThat(catalog.venues().get(0).facts()).hasSize(raw.get("venues").get(0).get("facts").size());
        }

        @Test
        void aValidFixtureLoadsWithTextStrippedAndOptionalFieldsEmpty() {
            ObjectNode root = validRoot(2);
            root.remove("venues");
            paperNode(root, 0).put("title", "  Padded title \n");
            paperNode(root, 0).remove("keywords");
            paperNode(root, 0).remove("arxivId");
            ((ObjectNode) paperNode(root, 0).get("links")).remove("arxiv");

            Catalog catalog = load(root);

            Paper first = catalog.papers().get(0);
            assertThat(first.title()).isEqualTo("Padded title");
            assertThat(first.keywords()).isEmpty();
            assertThat(first.arxivId()).isEmpty();
            assertThat(first.links().arxiv()).isEmpty();
            assertThat(catalog.venues()).isEmpty();
            assertThat(catalog.papers().get(1).arxivId()).contains("2401.00002");
        }

        @Test
        void newlinesAreAllowedInText() {
            ObjectNode root = validRoot(1);
            paperNode(root, 0).put("summary", "Первая строка.\nВторая строка.");
            assertThat(load(root).papers().get(0).summary()).contains("\n");
        }

        @Test
        void everyFieldAtItsMaximumIsAccepted() {
            ObjectNode root = validRoot(1);
            ObjectNode p = paperNode(root, 0);
            p.put("id", repeat('a', 40));
            p.put("title", repeat('T', 300));
            p.put("venue", repeat('V', 60));
            p.put("track", repeat('K', 40));
            p.put("teaser", repeat('t', 200));
            p.put("summary", repeat('s', 1500));
            fill(p.putArray("authors"), 100, repeat('A', 100));
            fill(p.putArray("keyPoints"), 6, repeat('k', 300));
            fill(p.putArray("keywords"), 20, repeat('w', 60));
            ArrayNode topics = p.putArray("topics");
            for (int i = 0; i < 6; i++) {
                topics.add(repeat((char) ('а' + i), 28));
            }
            Paper paper = load(root).papers().get(0);
            assertThat(paper.authors()).hasSize(100);
            assertThat(paper.keyPoints()).hasSize(6);
            assertThat(paper.topics()).hasSize(6);
        }
    }

    private static void fill(ArrayNode array, int count, String value) {
        for (int i = 0; i < count; i++) {
            array.add(value);
        }
    }

    @Nested
    class FileLevelProblems {
        @Test
        void fileNotFound() {
            Path missing = dir.resolve("nope.json");
            assertThatThrownBy(() -> loader.load(missing))
                    .isInstanceOf(CatalogException.class)
                    .hasMessageStartingWith(missing + ": ")
                    .hasMessageContaining("not found")
                    .hasMessageContaining("PAPERBOT_CATALOG");
        }

        @Test
        void malformedJsonGivesLineAndColumn() {
            String valid = TestPapers.text(validRoot(1));
            List<String> lines = new ArrayList<>(valid.lines().toList());
            int titleLine = indexOfLineContaining(lines, "\"title\"");
            // Drop the comma after the title value: the next field name is then unexpected.
            lines.set(titleLine, lines.get(titleLine).replaceAll(",$", ""));
            CatalogException e = failureOf(String.join("\n", lines));
            assertThat(e.getMessage()).contains("malformed JSON")
                    .contains("line " + (titleLine + 2) + ", column ");
        }

        @Test
        void truncatedJson() {
            String valid = TestPapers.text(validRoot(1));
            CatalogException e = failureOf(valid.substring(0, valid.length() / 2));
            assertThat(e.getMessage()).contains("malformed JSON").containsPattern("line \\d+, column \\d+");
        }

        @Test
        void trailingContentAfterTheObject() {
            CatalogException e = failureOf(TestPapers.text(validRoot(1)) + "\n{}");
            assertThat(e.getMessage()).contains("malformed JSON");
        }

        @Test
        void duplicateJsonKeysAreRejectedNotSilentlyOverwritten() {
            String json = TestPapers.text(validRoot(1)).replaceFirst("\"title\" : ", "\"title\" : \"First\",\n      \"title\" : ");
            CatalogException e = failureOf(json);
            assertThat(e.getMessage()).contains("malformed JSON").contains("title").containsIgnoringCase("duplicate");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"papers\"", "42", "null", ""})
        void topLevelMustBeAnObject(String json) {
            CatalogException e = failureOf(json);
            assertThat(e.getMessage()).contains("top level must be an object").contains("\"papers\"");
        }

        @Test
        void missingPapers() {
            ObjectNode root = validRoot(1);
            root.remove("papers");
            assertThat(failure(root).problems()).containsExactly("\"papers\" must be a list of papers");
        }

        @Test
        void papersNotAList() {
            ObjectNode root = validRoot(1);
            root.putObject("papers");
            assertThat(failure(root).problems()).containsExactly("\"papers\" must be a list of papers");
        }

        @Test
        void emptyPapers() {
            ObjectNode root = validRoot(1);
            root.putArray("papers");
            assertThat(failure(root).getMessage()).contains("\"papers\" is empty");
        }

        @Test
        void unknownFieldAtRoot() {
            ObjectNode root = validRoot(1);
            root.put("paper", "typo");
            assertThat(failure(root).problems()).singleElement().asString()
                    .startsWith("paper: unknown field").contains("papers", "venues");
        }

        @Test
        void paperThatIsNotAnObject() {
            ObjectNode root = validRoot(2);
            ((ArrayNode) root.get("papers")).set(1, TestPapers.JSON.getNodeFactory().textNode("p2"));
            assertThat(failure(root).problems()).containsExactly("paper #2: must be an object");
        }
    }

    private static int indexOfLineContaining(List<String> lines, String s) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(s)) {
                return i;
            }
        }
        throw new AssertionError(s + " not found");
    }

    @Nested
    class PaperFieldProblems {
        @Test
        void unknownFieldInAPaperListsTheAllowedOnes() {
            String problem = problemInSecondPaper(p -> p.put("abstract", "x"));
            assertThat(problem).startsWith("paper #2 (p2): abstract: unknown field").contains("summary", "teaser");
        }

        @Test
        void unknownFieldInLinks() {
            String problem = problemInSecondPaper(p -> ((ObjectNode) p.get("links")).put("code", "https://github.com/x"));
            assertThat(problem).startsWith("paper #2 (p2): links.code: unknown field").contains("pdf", "openreview", "arxiv");
        }

        @ParameterizedTest
        @ValueSource(strings = {"title", "authors", "venue", "track", "topics", "teaser", "summary", "keyPoints"})
        void missingRequiredField(String field) {
            assertThat(problemInSecondPaper(p -> p.remove(field))).isEqualTo("paper #2 (p2): " + field + ": missing");
        }

        @ParameterizedTest
        @ValueSource(strings = {"title", "authors", "summary"})
        void nullCountsAsMissing(String field) {
            assertThat(problemInSecondPaper(p -> p.putNull(field))).isEqualTo("paper #2 (p2): " + field + ": missing");
        }

        @Test
        void missingIdNamesThePaperByNumber() {
            assertThat(problemInSecondPaper(p -> p.remove("id"))).isEqualTo("paper #2: id: missing");
        }

        @Test
        void missingLinks() {
            assertThat(problemInSecondPaper(p -> p.remove("links"))).startsWith("paper #2 (p2): links: missing");
        }

        @Test
        void linksNotAnObject() {
            assertThat(problemInSecondPaper(p -> p.put("links", "https://x.org"))).isEqualTo("paper #2 (p2): links: must be an object");
        }

        @Test
        void missingPdfLink() {
            assertThat(problemInSecondPaper(p -> ((ObjectNode) p.get("links")).remove("pdf")))
                    .isEqualTo("paper #2 (p2): links.pdf: missing");
        }

        @Test
        void neitherOpenReviewNorArxivLink() {
            assertThat(problemInSecondPaper(p -> {
                ((ObjectNode) p.get("links")).remove("openreview");
                ((ObjectNode) p.get("links")).remove("arxiv");
            })).isEqualTo("paper #2 (p2): links.openreview: missing (a paper needs an \"openreview\" or an \"arxiv\" link)");
        }

        @Test
        void aPreprintWithAnArxivLinkNeedsNoOpenReviewForum() {
            ObjectNode root = validRoot(2);
            ((ObjectNode) paperNode(root, 1).get("links")).remove("openreview");

            Paper preprint = load(root).papers().get(1);

            assertThat(preprint.links().openReview()).isEmpty();
            assertThat(preprint.links().arxiv()).isPresent();
        }

        @Test
        void numberInsteadOfText() {
            assertThat(problemInSecondPaper(p -> p.put("title", 42)))
                    .isEqualTo("paper #2 (p2): title: must be text, not number");
        }

        @Test
        void numberInsteadOfTextInsideAList() {
            assertThat(problemInSecondPaper(p -> ((ArrayNode) p.get("authors")).add(7)))
                    .isEqualTo("paper #2 (p2): authors[2]: must be text, not number");
        }

        @Test
        void objectInsteadOfList() {
            assertThat(problemInSecondPaper(p -> p.putObject("authors").put("name", "Ada")))
                    .isEqualTo("paper #2 (p2): authors: must be a list");
        }

        @Test
        void textInsteadOfList() {
            assertThat(problemInSecondPaper(p -> p.put("keyPoints", "one point")))
                    .isEqualTo("paper #2 (p2): keyPoints: must be a list");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\n\t "})
        void blankText(String blank) {
            assertThat(problemInSecondPaper(p -> p.put("teaser", blank))).isEqualTo("paper #2 (p2): teaser: must not be empty");
        }

        @Test
        void blankListItem() {
            assertThat(problemInSecondPaper(p -> ((ArrayNode) p.get("keyPoints")).add(" ")))
                    .isEqualTo("paper #2 (p2): keyPoints[2]: must not be empty");
        }

        @ParameterizedTest(name = "{0} over {1}")
        @CsvSource({"title, 300", "venue, 60", "track, 40", "teaser, 200", "summary, 1500"})
        void tooLongText(String field, int max) {
            ObjectNode ok = validRoot(1);
            paperNode(ok, 0).put(field, repeat('x', max));
            assertThat(load(ok).papers().get(0)).isNotNull();

            assertThat(problemInSecondPaper(p -> p.put(field, repeat('x', max + 1))))
                    .isEqualTo("paper #2 (p2): " + field + ": " + (max + 1) + " characters, at most " + max + " allowed");
        }

        @ParameterizedTest(name = "{0} items over {1}")
        @CsvSource({"authors, 100", "keyPoints, 300", "keywords, 60"})
        void tooLongListItem(String field, int max) {
            String problem = problemInSecondPaper(p -> ((ArrayNode) p.get(field)).insert(0, repeat('y', max + 1)));
            assertThat(problem).isEqualTo("paper #2 (p2): " + field + "[0]: " + (max + 1) + " characters, at most " + max + " allowed");
        }

        @ParameterizedTest(name = "{0}: {1} items, allowed {2}..{3}")
        @CsvSource({"authors, 0, 1, 100", "authors, 101, 1, 100", "topics, 0, 1, 6", "topics, 7, 1, 6",
                "keyPoints, 0, 1, 6", "keyPoints, 7, 1, 6", "keywords, 21, 0, 20"})
        void wrongNumberOfListItems(String field, int count, int min, int max) {
            String problem = problemInSecondPaper(p -> {
                ArrayNode a = p.putArray(field);
                for (int i = 0; i < count; i++) {
                    a.add(field.equals("topics") ? "тема" + (char) ('а' + i) : "item " + i);
                }
            });
            assertThat(problem).isEqualTo("paper #2 (p2): " + field + ": has " + count + " items, expected " + min + " to " + max);
        }

        @ParameterizedTest
        @ValueSource(strings = {"has space", "slash/id", "dots.id", "кириллица", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
        void badIdPattern(String id) {
            String problem = problemInSecondPaper(p -> p.put("id", id));
            assertThat(problem).isEqualTo("paper #2 (" + id + "): id: '" + id + "' is not letters, digits, '_' or '-' (the OpenReview id)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"2310.106", "abc", "2310.10638v", "arXiv:2310.10638", "2310.106381"})
        void badArxivId(String arxivId) {
            assertThat(problemInSecondPaper(p -> p.put("arxivId", arxivId)))
                    .isEqualTo("paper #2 (p2): arxivId: '" + arxivId + "' is not an arXiv id like 2310.10638");
        }

        @ParameterizedTest
        @ValueSource(strings = {"2310.10638", "2310.1063", "2310.10638v2"})
        void goodArxivIds(String arxivId) {
            ObjectNode root = validRoot(1);
            paperNode(root, 0).put("arxivId", arxivId);
            assertThat(load(root).papers().get(0).arxivId()).contains(arxivId);
        }

        @Test
        void arxivLinkWithoutArxivId() {
            assertThat(problemInSecondPaper(p -> p.remove("arxivId")))
                    .isEqualTo("paper #2 (p2): arxivId: missing while links.arxiv is given");
        }

        @ParameterizedTest
        @ValueSource(strings = {"machine learning", "#LLM", "LLM-safety", "тема_из_двадцати_девяти_букв_"})
        void badTopic(String topic) {
            if (topic.startsWith("тема_")) {
                assertThat(topic.codePointCount(0, topic.length())).isEqualTo(29);
            }
            String problem = problemInSecondPaper(p -> ((ArrayNode) p.get("topics")).add(topic));
            assertThat(problem).startsWith("paper #2 (p2): topics: '" + topic + "' is not a tag");
        }

        @Test
        void topicOfTwentyEightCyrillicLettersIsAccepted() {
            String topic = repeat('ж', 28);
            ObjectNode root = validRoot(1);
            ((ArrayNode) paperNode(root, 0).get("topics")).add(topic);
            assertThat(load(root).papers().get(0).topics()).contains(topic);
        }

        /** Topics go into callback data (≤ 64 bytes): 28 letters that take 3 or 4 bytes each do not fit. */
        @ParameterizedTest
        @ValueSource(strings = {"機械学習機械学習機械学習機械学習機械学習機械学習機械学習", "𝐀𝐁𝐂𝐃𝐄𝐅𝐆𝐇𝐈𝐉𝐊𝐋𝐌𝐍𝐎𝐏𝐐𝐑𝐒𝐓𝐔𝐕𝐖𝐗𝐘𝐙𝐚𝐛"})
        void topicTooLongInBytesForButtonData(String topic) {
            assertThat(topic.codePointCount(0, topic.length())).isEqualTo(28);
            String problem = problemInSecondPaper(p -> ((ArrayNode) p.get("topics")).add(topic));
            assertThat(problem).startsWith("paper #2 (p2): topics: '" + topic + "' is "
                    + topic.getBytes(StandardCharsets.UTF_8).length + " bytes in UTF-8, at most 56 allowed");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://openreview.net/pdf", "not a url", "https://", "http:///pdf", "openreview.net/pdf?id=p2",
                "javascript:alert(1)", "https://exa mple.org/x"})
        void invalidUrl(String url) {
            String problem = problemInSecondPaper(p -> ((ObjectNode) p.get("links")).put("pdf", url));
            assertThat(problem).isEqualTo("paper #2 (p2): links.pdf: '" + url.strip() + "' is not a valid http(s) URL");
        }

        @Test
        void urlThatIsNotText() {
            String problem = problemInSecondPaper(p -> ((ObjectNode) p.get("links")).put("openreview", 5));
            assertThat(problem).isEqualTo("paper #2 (p2): links.openreview: '5' is not a valid http(s) URL");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\u0007", "\t", "\r", "\u0000", "\u001b[31m", "\u0085"})
        void controlCharacters(String control) {
            String problem = problemInSecondPaper(p -> p.put("summary", "До" + control + "после"));
            assertThat(problem).isEqualTo("paper #2 (p2): summary: contains control characters");
        }

        @Test
        void controlCharacterInAListItem() {
            String problem = problemInSecondPaper(p -> ((ArrayNode) p.get("authors")).set(0, "Ada\u0008Lovelace"));
            assertThat(problem).isEqualTo("paper #2 (p2): authors[0]: contains control characters");
        }
    }

    @Nested
    class CrossPaperProblems {
        @Test
        void duplicateId() {
            String problem = problemInSecondPaper(p -> p.put("id", "p1"));
            assertThat(problem).isEqualTo("paper #2 (p1): id: duplicate of paper #1");
        }

        @Test
        void duplicateArxivId() {
            String problem = problemInSecondPaper(p -> {
                p.put("arxivId", "2401.00001");
                ((ObjectNode) p.get("links")).put("arxiv", "https://arxiv.org/abs/2401.00001");
            });
            assertThat(problem).isEqualTo("paper #2 (p2): arxivId: 2401.00001 is also used by paper #1");
        }

        @Test
        void anotherVersionOfTheSameArxivPaperIsADuplicate() {
            String problem = problemInSecondPaper(p -> {
                p.put("arxivId", "2401.00001v2");
                ((ObjectNode) p.get("links")).put("arxiv", "https://arxiv.org/abs/2401.00001v2");
            });
            assertThat(problem).isEqualTo("paper #2 (p2): arxivId: 2401.00001v2 is also used by paper #1");
        }

        @Test
        void severalProblemsAreReportedAtOnceEachNamingItsPaper() {
            ObjectNode root = validRoot(4);
            paperNode(root, 0).put("title", 1);
            paperNode(root, 2).remove("summary");
            paperNode(root, 3).put("id", "p3");
            root.put("extra", true);

            CatalogException e = failure(root);

            assertThat(e.problems()).containsExactlyInAnyOrder(
                    "extra: unknown field (allowed: papers, venues)",
                    "paper #1 (p1): title: must be text, not number",
                    "paper #3 (p3): summary: missing",
                    "paper #4 (p3): id: duplicate of paper #3");
            assertThat(e.getMessage()).startsWith(file + ": 4 problems:");
            e.problems().forEach(p -> assertThat(e.getMessage()).contains("\n  - " + p));
        }

        @Test
        void problemsAreCapped() {
            ObjectNode root = validRoot(CatalogLoader.MAX_PROBLEMS + 15);
            root.get("papers").forEach(p -> ((ObjectNode) p).remove("teaser"));

            CatalogException e = failure(root);

            assertThat(e.problems()).hasSize(CatalogLoader.MAX_PROBLEMS + 1);
            assertThat(e.problems().get(0)).isEqualTo("paper #1 (p1): teaser: missing");
            assertThat(e.problems().get(CatalogLoader.MAX_PROBLEMS - 1))
                    .isEqualTo("paper #" + CatalogLoader.MAX_PROBLEMS + " (p" + CatalogLoader.MAX_PROBLEMS + "): teaser: missing");
            assertThat(e.problems().get(CatalogLoader.MAX_PROBLEMS)).isEqualTo("… and 15 more (fix these first)");
        }

        @Test
        void aPaperWithSeveralProblemsReportsEachField() {
            ObjectNode root = validRoot(1);
            ObjectNode p = paperNode(root, 0);
            p.remove("title");
            p.put("track", "");
            ((ObjectNode) p.get("links")).put("pdf", "ftp://x");
            assertThat(failure(root).problems()).containsExactlyInAnyOrder(
                    "paper #1 (p1): title: missing",
                    "paper #1 (p1): track: must not be empty",
                    "paper #1 (p1): links.pdf: 'ftp://x' is not a valid http(s) URL");
        }
    }

    @Nested
    class VenueProblems {
        @Test
        void venuesMustBeAList() {
            ObjectNode root = validRoot(1);
            root.put("venues", "ICLR");
            assertThat(failure(root).problems()).containsExactly("\"venues\" must be a list");
        }

        @Test
        void venueFieldsAreValidated() {
            ObjectNode root = validRoot(1);
            ObjectNode venue = (ObjectNode) root.get("venues").get(0);
            venue.remove("name");
            venue.put("year", 2024);
            assertThat(failure(root).problems()).containsExactlyInAnyOrder(
                    "venue #1: year: unknown field (allowed: facts, name)",
                    "venue #1: name: missing");
        }

        @Test
        void tooManyFacts() {
            ObjectNode root = validRoot(1);
            fill(((ObjectNode) root.get("venues").get(0)).putArray("facts"), 11, "факт");
            assertThat(failure(root).problems()).containsExactly("venue #1: facts: has 11 items, expected 0 to 10");
        }
    }
}
