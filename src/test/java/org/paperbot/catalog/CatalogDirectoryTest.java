package org.paperbot.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.testing.TestPapers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CatalogDirectoryTest {
    @TempDir
    Path dir;

    private final CatalogLoader loader = new CatalogLoader();

    /** Paper n as a YAML file with the given status and date (date may be null). */
    private void writeYaml(int n, String status, String publishedAt) throws IOException {
        ObjectNode p = TestPapers.validPaper(n);
        p.put(PaperFile.STATUS, status);
        if (publishedAt != null) {
            p.put(PaperFile.PUBLISHED_AT, publishedAt);
        }
        Files.write(dir.resolve("p" + n + ".yaml"), PaperFile.mapperFor("x.yaml").writeValueAsBytes(p));
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private CatalogException failure() {
        return catchThrowableOfType(CatalogException.class, () -> loader.load(dir));
    }

    @Test
    void publishedPapersLoadInPublicationOrderAndDraftsStayOut() throws IOException {
        writeYaml(1, "published", "2026-11-20");
        writeYaml(2, "draft", null);
        ObjectNode json = TestPapers.validPaper(3);
        json.put("status", "published").put("published_at", "2026-11-01");
        Files.write(dir.resolve("p3.json"), TestPapers.bytes(json));
        write("venues.yaml", "venues:\n  - name: ICLR 2024\n    facts:\n      - Подано 7262 статьи.\n");
        write("README.md", "not a paper");

        Catalog catalog = loader.load(dir);

        assertThat(catalog.papers()).extracting(Paper::id).containsExactly("p3", "p1");
        assertThat(catalog.byId("p2")).isEmpty();
        assertThat(catalog.venues()).extracting(Venue::name).containsExactly("ICLR 2024");
        assertThat(catalog.publishedOn(catalog.byId("p1").orElseThrow())).contains(LocalDate.of(2026, 11, 20));
    }

    @Test
    void theIdComesFromTheFileNameAndMustNotContradictIt() throws IOException {
        write("abc.yaml", "status: published\npublished_at: 2026-12-01\n" + yamlBody(1).replace("id: p1\n", ""));
        assertThat(loader.load(dir).papers()).extracting(Paper::id).containsExactly("abc");

        write("abc.yaml", "status: published\npublished_at: 2026-12-01\n" + yamlBody(1));
        assertThat(failure().problems()).containsExactly("abc.yaml:3: id: 'p1' differs from the file name abc.yaml");
    }

    @Test
    void problemsNameTheFileTheLineAndTheField() throws IOException {
        String yaml = "status: published\npublished_at: 2026-12-01\n" + yamlBody(1).replace("teaser: ", "teaser: ''\nx: ");
        write("p1.yaml", yaml.replace("x: ", "tease: "));
        int teaserLine = lineOf(yaml, "teaser:");

        assertThat(failure().problems()).containsExactlyInAnyOrder(
                "p1.yaml:" + teaserLine + ": teaser: must not be empty",
                "p1.yaml:" + (teaserLine + 1) + ": tease: unknown field (allowed: " + allowedFields() + ")");
    }

    @Test
    void aListItemIsNamedByItsOwnLineInJsonToo() throws IOException {
        ObjectNode p = TestPapers.validPaper(1).put("status", "published").put("published_at", "2026-12-01");
        p.withArray("keyPoints").add(7);
        String json = TestPapers.JSON.writeValueAsString(p);
        write("p1.json", json);
        // the third key point, the number 7, sits on its own line in the indented JSON
        int line = json.substring(0, json.indexOf(" 7")).split("\n", -1).length;
        assertThat(failure().problems()).containsExactly("p1.json:" + line + ": keyPoints[2]: must be text, not number");
    }

    @Test
    void malformedYamlNamesItsLine() throws IOException {
        write("p1.yaml", "status: published\ntitle: [unclosed\nvenue: x\n");
        assertThat(failure().problems()).singleElement().asString().matches("p1\\.yaml:\\d+: malformed YAML: .+");
    }

    @Test
    void statusAndDateAreChecked() throws IOException {
        writeYaml(1, "ready", null);
        writeYaml(2, "published", null);
        writeYaml(3, "published", "1 декабря");
        write("p4.yaml", yamlBody(4));
        assertThat(failure().problems()).containsExactlyInAnyOrder(
                "p1.yaml:" + lineOf(Files.readString(dir.resolve("p1.yaml")), "status:") + ": status: 'ready' is not draft or published",
                "p2.yaml:1: published_at: missing (the date the paper was published, like 2026-12-01)",
                "p3.yaml:" + lineOf(Files.readString(dir.resolve("p3.yaml")), "published_at:")
                        + ": published_at: '1 декабря' is not a date like 2026-12-01",
                "p4.yaml:1: status: missing");
    }

    @Test
    void aDraftIsCheckedOnlyForWhatItHas() throws IOException {
        writeYaml(1, "published", "2026-12-01");
        write("p2.yaml", "status: draft\nabstract: An English abstract.\nnotes: |\n  Заметки\n");
        assertThat(loader.load(dir).size()).isEqualTo(1);

        write("p2.yaml", "status: draft\nsummery: опечатка\n");
        assertThat(failure().problems()).singleElement().asString().startsWith("p2.yaml:2: summery: unknown field");
    }

    @Test
    void aVenueProblemNamesItsLine() throws IOException {
        writeYaml(1, "published", "2026-12-01");
        write("venues.yaml", "venues:\n  - name: ICLR 2024\n    facts:\n      - 7\n");
        assertThat(failure().problems()).containsExactly("venues.yaml:4: facts[0]: must be text, not number");
    }

    @Test
    void theSameArxivPaperInTwoFilesIsReported() throws IOException {
        writeYaml(1, "published", "2026-12-01");
        ObjectNode p = TestPapers.validPaper(2).put("arxivId", "2401.00001v3").put("status", "published")
                .put("published_at", "2026-12-01");
        Files.write(dir.resolve("p2.yaml"), PaperFile.mapperFor("x.yaml").writeValueAsBytes(p));
        assertThat(failure().problems()).singleElement().asString()
                .isEqualTo("p2.yaml:2: arxivId: 2401.00001v3 is also used by p1.yaml");
    }

    @Test
    void aDirectoryWithOnlyDraftsIsRefused() throws IOException {
        writeYaml(1, "draft", null);
        assertThat(failure().problems()).containsExactly(
                "no published papers: the catalog needs at least one file with status: published");
    }

    @Test
    void aKubernetesConfigMapLayoutIsReadThroughItsLinks() throws IOException {
        // What the kubelet writes: the files in a timestamped directory, ..data pointing at it, links to ..data/<file>
        Path real = Files.createDirectory(dir.resolve("..2026_12_01_10_00_00.1"));
        ObjectNode p = TestPapers.validPaper(1).put("status", "published").put("published_at", "2026-12-01");
        Files.write(real.resolve("p1.yaml"), PaperFile.mapperFor("x.yaml").writeValueAsBytes(p));
        Files.createSymbolicLink(dir.resolve("..data"), real.getFileName());
        Files.createSymbolicLink(dir.resolve("p1.yaml"), Path.of("..data", "p1.yaml"));

        assertThat(loader.load(dir).papers()).extracting(Paper::id).containsExactly("p1");
    }

    @Test
    void theSingleFileCatalogStillLoadsWhenThePathIsAFile() throws IOException {
        Path file = dir.resolve("papers.json");
        Files.copy(TestPapers.REAL_CATALOG, file, StandardCopyOption.REPLACE_EXISTING);
        assertThat(loader.load(file).size()).isEqualTo(8);
        assertThatThrownBy(() -> loader.load(dir.resolve("missing.json"))).isInstanceOf(CatalogException.class)
                .hasMessageContaining("catalog file not found");
    }

    private static String yamlBody(int n) {
        try {
            return PaperFile.mapperFor("x.yaml").writeValueAsString(TestPapers.validPaper(n));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int lineOf(String text, String start) {
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError(start);
    }

    private static String allowedFields() {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(PaperFile.CURATOR_FIELDS);
        all.addAll(java.util.List.of("id", "arxivId", "title", "authors", "venue", "track", "topics", "keywords",
                "teaser", "summary", "keyPoints", "links"));
        return String.join(", ", all);
    }
}
