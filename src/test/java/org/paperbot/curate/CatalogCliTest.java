package org.paperbot.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.catalog.PaperFile;
import org.paperbot.testing.TestPapers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog command end to end: the real HTTP clients against fake arXiv / OpenReview / LLM servers. */
class CatalogCliTest {
    @TempDir
    Path tmp;

    private final FakeSources fake = new FakeSources();
    private final List<Duration> sleeps = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>(Fixtures.env(fake));
    private String out;
    private String err;

    @AfterEach
    void stop() {
        fake.close();
    }

    private Path dir() {
        return tmp.resolve("catalog");
    }

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--dir", dir().toString()));
        all.addAll(Arrays.asList(args));
        int code = new CatalogCli(new CatalogCli.Setup(env, null,
                Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC), sleeps::add, Http.standard(),
                paper -> "CARD " + paper.title(), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8))).run(all);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private JsonNode file(String name) throws IOException {
        return PaperFile.mapperFor(name).readTree(dir().resolve(name).toFile());
    }

    private List<String> files() throws IOException {
        if (!Files.isDirectory(dir())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A published paper file, complete, to give the catalog something readers already see. */
    private void published(int n, String publishedAt) throws IOException {
        ObjectNode p = TestPapers.validPaper(n).put(PaperFile.STATUS, PaperFile.PUBLISHED).put(PaperFile.PUBLISHED_AT, publishedAt);
        Files.createDirectories(dir());
        Files.write(dir().resolve("p" + n + ".yaml"), PaperFile.mapperFor("x.yaml").writeValueAsBytes(p));
    }

    private void answerArxivFromQuery() {
        fake.on("/api/query", r -> {
            String ids = r.query().replaceAll(".*id_list=([^&]*).*", "$1");
            return FakeSources.Response.atom(Fixtures.atom(List.of(ids.split(","))));
        });
    }

    @Nested
    class ImportArxiv {
        @Test
        void anEntryBecomesADraftWithItsMetadataAndEmptyRussianFields() throws IOException {
            answerArxivFromQuery();

            assertThat(run("import", "arxiv", "2310.12773v1")).as(err).isZero();

            JsonNode d = file("arxiv-2310-12773.yaml");
            assertThat(d.get("status").asText()).isEqualTo("draft");
            assertThat(d.get("arxivId").asText()).isEqualTo("2310.12773");
            assertThat(d.get("title").asText()).isEqualTo("A Paper Numbered 2310.12773");
            assertThat(d.get("authors")).extracting(JsonNode::asText).containsExactly("Ada Lovelace", "Alan Turing");
            assertThat(d.get("venue").asText()).isEqualTo("ICLR 2024");
            assertThat(d.get("track").asText()).isEqualTo("Spotlight");
            assertThat(d.at("/links/pdf").asText()).isEqualTo("https://arxiv.org/pdf/2310.12773v2");
            assertThat(d.at("/links/arxiv").asText()).isEqualTo("https://arxiv.org/abs/2310.12773");
            assertThat(d.get("abstract").asText()).isEqualTo("We study something important about 2310.12773.");
            assertThat(d.get("categories")).extracting(JsonNode::asText).containsExactly("cs.LG", "cs.CL");
            assertThat(d.get("journal_ref").asText()).isEqualTo("Published at ICLR 2024 (Spotlight)");
            assertThat(d.get("arxiv_published").asText()).isEqualTo("2023-10-16");
            assertThat(d.get("teaser").asText()).isEmpty();
            assertThat(d.get("summary").asText()).isEmpty();
            assertThat(d.get("keyPoints")).isEmpty();
            assertThat(d.get("topics")).isEmpty();
            assertThat(fake.requests).singleElement().extracting(FakeSources.Request::query).asString()
                    .contains("id_list=2310.12773");
        }

        @Test
        void idsAreBatchedWithThreeSecondsBetweenRequests() {
            answerArxivFromQuery();
            String[] ids = IntStream.rangeClosed(1, ArxivSource.BATCH + 1).mapToObj(i -> String.format("2401.%05d", i))
                    .toArray(String[]::new);
            List<String> args = new ArrayList<>(List.of("import", "arxiv"));
            args.addAll(List.of(ids));

            assertThat(run(args.toArray(String[]::new))).as(err).isZero();

            assertThat(fake.requests).hasSize(2);
            assertThat(fake.requests.get(0).query()).contains(ids[0]).contains(ids[ArxivSource.BATCH - 1]).doesNotContain(ids[ArxivSource.BATCH]);
            assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
            assertThat(out).contains((ArxivSource.BATCH + 1) + " file(s) written");
        }

        @Test
        void idsAreReadFromAFileSkippingComments() throws IOException {
            answerArxivFromQuery();
            Path list = Files.writeString(tmp.resolve("ids.txt"), "# ICLR 2024\n2310.12773\nhttps://arxiv.org/abs/2309.11499v3  # DreamLLM\n");
            assertThat(run("import", "arxiv", list.toString())).as(err).isZero();
            assertThat(files()).containsExactly("arxiv-2309-11499.yaml", "arxiv-2310-12773.yaml");
        }

        @Test
        void anIdArxivDoesNotReturnFailsAndWritesNothing() throws IOException {
            fake.on("/api/query", r -> FakeSources.Response.atom(Fixtures.atom(List.of("2310.12773"))));
            assertThat(run("import", "arxiv", "2310.12773", "2310.99999")).isEqualTo(1);
            assertThat(err).contains("arXiv: no such paper: 2310.99999").contains("nothing written");
            assertThat(files()).isEmpty();
        }

        @Test
        void anErrorEntryIsReportedWithArxivsText() throws IOException {
            fake.on("/api/query", r -> FakeSources.Response.atom(Fixtures.atomError("2310.1")));
            assertThat(run("import", "arxiv", "2310.12773")).isEqualTo(1);
            assertThat(err).contains("arXiv: incorrect id format for 2310.1");
            assertThat(files()).isEmpty();
        }

        @Test
        void malformedXmlIsReported() throws IOException {
            fake.on("/api/query", r -> FakeSources.Response.atom("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"));
            assertThat(run("import", "arxiv", "2310.12773")).isEqualTo(1);
            assertThat(err).contains("arXiv: malformed XML");
            assertThat(files()).isEmpty();
        }

        @Test
        void anEntryWithoutTitleIsReported() throws IOException {
            fake.on("/api/query", r -> FakeSources.Response.atom(Fixtures.atom(List.of("2310.12773"))
                    .replaceAll("(?s)<title>A Paper.*?</title>", "")));
            assertThat(run("import", "arxiv", "2310.12773")).isEqualTo(1);
            assertThat(err).contains("arXiv: entry 2310.12773 has no title");
            assertThat(files()).isEmpty();
        }

        @Test
        void tooManyRequestsAndServerErrorsAreReported() throws IOException {
            fake.on("/api/query", r -> new FakeSources.Response(429, "text/plain", "Rate exceeded."));
            assertThat(run("import", "arxiv", "2310.12773")).isEqualTo(1);
            assertThat(err).contains("arXiv: HTTP 429 from " + fake.base() + "/api/query: too many requests");

            fake.on("/api/query", r -> new FakeSources.Response(503, "text/plain", "down"));
            assertThat(run("import", "arxiv", "2310.12773")).isEqualTo(1);
            assertThat(err).contains("arXiv: HTTP 503").contains("the server failed");
            assertThat(files()).isEmpty();
        }

        @Test
        void somethingThatIsNotAnArxivIdIsRefusedBeforeAnyRequest() {
            assertThat(run("import", "arxiv", "y01KGvd9Bw")).isEqualTo(1);
            assertThat(err).contains("'y01KGvd9Bw' is not an arXiv id");
            assertThat(fake.requests).isEmpty();
        }
    }

    @Nested
    class ImportOpenReview {
        @Test
        void aNoteBecomesADraftWithTrackFromTheVenueAndTheTokenIsSent() throws IOException {
            fake.on("/notes", r -> FakeSources.Response.json(Fixtures.spotlight("y01KGvd9Bw")));
            env.put("PAPERBOT_OPENREVIEW_TOKEN", "secret-token");

            assertThat(run("import", "openreview", "https://openreview.net/forum?id=y01KGvd9Bw")).as(err).isZero();

            JsonNode d = file("y01KGvd9Bw.yaml");
            assertThat(d.get("status").asText()).isEqualTo("draft");
            assertThat(d.get("title").asText()).isEqualTo("Title of y01KGvd9Bw");
            assertThat(d.get("authors")).extracting(JsonNode::asText).containsExactly("Grace Hopper", "Edsger Dijkstra");
            assertThat(d.get("venue").asText()).isEqualTo("ICLR 2024");
            assertThat(d.get("track").asText()).isEqualTo("Spotlight");
            assertThat(d.get("keywords")).extracting(JsonNode::asText).containsExactly("large language models", "alignment");
            assertThat(d.get("abstract").asText()).isEqualTo("We propose a method for y01KGvd9Bw.");
            assertThat(d.get("tldr").asText()).isEqualTo("A short summary of y01KGvd9Bw.");
            assertThat(d.at("/links/pdf").asText()).isEqualTo("https://openreview.net/pdf?id=y01KGvd9Bw");
            assertThat(d.at("/links/openreview").asText()).isEqualTo("https://openreview.net/forum?id=y01KGvd9Bw");
            FakeSources.Request request = fake.requests.get(0);
            assertThat(request.query()).isEqualTo("id=y01KGvd9Bw");
            assertThat(request.header("Authorization")).isEqualTo("Bearer secret-token");
            assertThat(err).doesNotContain("secret-token");
        }

        @Test
        void rejectedAndWithdrawnNotesAreSkippedByNameAndTheOthersImported() throws IOException {
            fake.on("/notes", r -> FakeSources.Response.json(switch (r.query()) {
                case "id=rej1" -> Fixtures.note("rej1", "A Rejected Idea", "Submitted to ICLR 2024", "ICLR.cc/2024/Conference/Rejected_Submission");
                case "id=wd1" -> Fixtures.note("wd1", "Withdrawn Work", "ICLR 2024 Conference Withdrawn Submission", "ICLR.cc/2024/Conference/Withdrawn_Submission");
                default -> Fixtures.note("ok1", "Oral Paper", "ICLR 2024 oral", "ICLR.cc/2024/Conference");
            }));

            assertThat(run("import", "openreview", "rej1", "ok1", "wd1")).as(err).isZero();

            assertThat(out).contains("skipped rej1 (A Rejected Idea): rejected submission (venueid ICLR.cc/2024/Conference/Rejected_Submission)")
                    .contains("skipped wd1 (Withdrawn Work): withdrawn submission");
            assertThat(files()).containsExactly("ok1.yaml");
            assertThat(file("ok1.yaml").get("track").asText()).isEqualTo("Oral");
        }

        @Test
        void anUnknownIdFailsAndWritesNothing() throws IOException {
            fake.on("/notes", r -> FakeSources.Response.json(r.query().equals("id=ok1") ? Fixtures.spotlight("ok1") : Fixtures.noNotes()));
            assertThat(run("import", "openreview", "ok1", "missing1")).isEqualTo(1);
            assertThat(err).contains("OpenReview: no such note: missing1").contains("nothing written");
            assertThat(files()).isEmpty();
        }

        @Test
        void malformedJsonAndMissingFieldsAreReported() throws IOException {
            fake.on("/notes", r -> FakeSources.Response.json("{\"notes\": [{\"id\": "));
            assertThat(run("import", "openreview", "ok1")).isEqualTo(1);
            assertThat(err).contains("OpenReview: malformed JSON in the answer for ok1");

            fake.on("/notes", r -> FakeSources.Response.json(Fixtures.spotlight("ok1").replace("\"title\": {\"value\": \"Title of ok1\"},", "")));
            assertThat(run("import", "openreview", "ok1")).isEqualTo(1);
            assertThat(err).contains("OpenReview: note ok1 has no content.title.value");

            fake.on("/notes", r -> new FakeSources.Response(502, "text/html", "<html>bad gateway</html>"));
            assertThat(run("import", "openreview", "ok1")).isEqualTo(1);
            assertThat(err).contains("OpenReview: HTTP 502");
            assertThat(files()).isEmpty();
        }
    }

    @Nested
    class DigestAndMerging {
        private static final String DIGEST = """
                Вчера объявили результаты ICLR 2024: принято около 31 % статей.
                https://openreview.net/attachment?id=abcDEF123&name=pdf
                В этой статье предлагается метод.
                Второй абзац о методе.

                https://openreview.net/forum?id=ghiJKL456
                Ещё одна статья про безопасность.
                """;

        @Test
        void eachLinkBecomesADraftWithTheFollowingParagraphsAsNotesWithoutNetwork() throws IOException {
            Path digest = Files.writeString(tmp.resolve("digest.txt"), DIGEST);

            assertThat(run("import", "digest", digest.toString())).as(err).isZero();

            assertThat(files()).containsExactly("abcDEF123.yaml", "ghiJKL456.yaml");
            assertThat(file("abcDEF123.yaml").get("notes").asText()).isEqualTo("В этой статье предлагается метод.\n\nВторой абзац о методе.");
            assertThat(file("ghiJKL456.yaml").at("/links/openreview").asText()).isEqualTo("https://openreview.net/forum?id=ghiJKL456");
            assertThat(fake.requests).isEmpty();
        }

        @Test
        void aLaterOpenReviewImportFillsTheDigestDraftsEmptyFieldsAndKeepsTheNotes() throws IOException {
            run("import", "digest", Files.writeString(tmp.resolve("digest.txt"), DIGEST).toString());
            fake.on("/notes", r -> FakeSources.Response.json(Fixtures.spotlight("abcDEF123")));

            assertThat(run("import", "openreview", "abcDEF123")).as(err).isZero();

            JsonNode d = file("abcDEF123.yaml");
            assertThat(d.get("title").asText()).isEqualTo("Title of abcDEF123");
            assertThat(d.get("notes").asText()).startsWith("В этой статье");
            assertThat(out).contains("abcDEF123.yaml: filled title, authors, venue, track, keywords, abstract, tldr from OpenReview");
        }

        @Test
        void aFieldAPersonWroteIsKeptAndReportedAsAConflict() throws IOException {
            fake.on("/notes", r -> FakeSources.Response.json(Fixtures.spotlight("abcDEF123")));
            run("import", "openreview", "abcDEF123");
            ObjectNode d = (ObjectNode) file("abcDEF123.yaml");
            d.put("title", "Title as the curator fixed it").put("teaser", "Тизер, написанный человеком");
            Files.write(dir().resolve("abcDEF123.yaml"), PaperFile.mapperFor("x.yaml").writeValueAsBytes(d));

            assertThat(run("import", "openreview", "abcDEF123")).isZero();

            assertThat(file("abcDEF123.yaml").get("title").asText()).isEqualTo("Title as the curator fixed it");
            assertThat(file("abcDEF123.yaml").get("teaser").asText()).isEqualTo("Тизер, написанный человеком");
            assertThat(out).contains("kept title as written (the source says 'Title of abcDEF123')").contains("1 conflict(s)");
        }

        @Test
        void aPublishedPaperIsNeverTouched() throws IOException {
            published(1, "2026-11-01");
            byte[] before = Files.readAllBytes(dir().resolve("p1.yaml"));
            answerArxivFromQuery();

            assertThat(run("import", "arxiv", "2401.00001v4")).isZero();

            assertThat(Files.readAllBytes(dir().resolve("p1.yaml"))).isEqualTo(before);
            assertThat(out).contains("kept p1.yaml: it is published");
            assertThat(files()).containsExactly("p1.yaml");
        }

        @Test
        void anArxivImportFillsTheDraftThatHasTheSameArxivIdInAnotherVersion() throws IOException {
            fake.on("/notes", r -> FakeSources.Response.json(Fixtures.spotlight("abcDEF123")));
            run("import", "openreview", "abcDEF123");
            ObjectNode d = (ObjectNode) file("abcDEF123.yaml");
            d.put("arxivId", "2310.12773v1");
            Files.write(dir().resolve("abcDEF123.yaml"), PaperFile.mapperFor("x.yaml").writeValueAsBytes(d));
            answerArxivFromQuery();

            assertThat(run("import", "arxiv", "2310.12773")).isZero();

            assertThat(files()).containsExactly("abcDEF123.yaml");
            assertThat(file("abcDEF123.yaml").at("/links/arxiv").asText()).isEqualTo("https://arxiv.org/abs/2310.12773");
            assertThat(file("abcDEF123.yaml").get("abstract").asText()).isEqualTo("We propose a method for abcDEF123.");
        }

        @Test
        void anArxivPreprintOfADraftWithoutArxivIdIsFoundByItsTitle() throws IOException {
            fake.on("/notes", r -> FakeSources.Response.json(Fixtures.note("abcDEF123", "A Paper Numbered 2310.12773",
                    "ICLR 2024 poster", "ICLR.cc/2024/Conference")));
            run("import", "openreview", "abcDEF123");
            answerArxivFromQuery();

            assertThat(run("import", "arxiv", "2310.12773")).isZero();

            assertThat(files()).containsExactly("abcDEF123.yaml");
            assertThat(file("abcDEF123.yaml").get("arxivId").asText()).isEqualTo("2310.12773");
            assertThat(out).contains("abcDEF123.yaml has the same title and no arXiv id yet");
        }

        @Test
        void aDigestWithoutLinksWritesNothing() throws IOException {
            assertThat(run("import", "digest", Files.writeString(tmp.resolve("d.txt"), "Просто текст.\n").toString())).isEqualTo(1);
            assertThat(err).contains("no OpenReview links");
            assertThat(files()).isEmpty();
        }
    }

    @Nested
    class CheckAndPublish {
        private void draft(String id, java.util.function.Consumer<ObjectNode> edit) throws IOException {
            ObjectNode p = TestPapers.validPaper(9).put("id", id).put(PaperFile.STATUS, PaperFile.DRAFT);
            p.put("arxivId", "2402.00009");
            edit.accept(p);
            Files.createDirectories(dir());
            Files.write(dir().resolve(id + ".yaml"), PaperFile.mapperFor("x.yaml").writeValueAsBytes(p));
        }

        @Test
        void aCleanCatalogPasses() throws IOException {
            published(1, "2026-11-01");
            assertThat(run("check")).as(out).isZero();
            assertThat(out).contains("catalog check: OK (1 published, 0 draft(s))");
        }

        @Test
        void everyFindingNamesFileLineAndFieldAndTheExitCodeIsOne() throws IOException {
            published(1, "2026-11-01");
            draft("d1", p -> {
                p.put("teaser", "Модель \"думает\" вслух");
                p.put("summary", "Точность выросла на 5% после дообучения.");
                p.putArray("keyPoints").add("Работает с LLМ и без них");
            });
            String text = Files.readString(dir().resolve("d1.yaml"));

            assertThat(run("check")).isEqualTo(1);

            assertThat(out).contains("d1.yaml:" + line(text, "teaser:") + ": teaser: straight quote \" in Russian text, use «ёлочки»")
                    .contains("d1.yaml:" + line(text, "summary:") + ": summary: '%' without a non-breaking space (U+00A0) before it")
                    .contains("d1.yaml:" + (line(text, "keyPoints:") + 1) + ": keyPoints[0]: «LLМ» mixes Cyrillic and Latin letters; Cyrillic: М (U+041C)")
                    .contains("catalog check: 3 problem(s)");
        }

        @Test
        void loaderProblemsAreFindingsToo() throws IOException {
            published(1, "2026-11-01");
            Files.writeString(dir().resolve("p1.yaml"), Files.readString(dir().resolve("p1.yaml")).replace("track: Poster", "track: 5"));
            assertThat(run("check")).isEqualTo(1);
            assertThat(out).containsPattern("p1\\.yaml:\\d+: track: must be text, not number");
        }

        @Test
        void aPaperWhoseTextsDoNotFitACardIsAFinding() throws IOException {
            published(1, "2026-11-01");
            ObjectNode p = TestPapers.validPaper(2).put(PaperFile.STATUS, PaperFile.PUBLISHED).put(PaperFile.PUBLISHED_AT, "2026-11-02");
            p.put("title", "T".repeat(300)).put("teaser", "т".repeat(200)).put("summary", "с".repeat(1500));
            var points = p.putArray("keyPoints");
            IntStream.range(0, 6).forEach(i -> points.add(i + "к".repeat(299)));
            Files.write(dir().resolve("p2.yaml"), PaperFile.mapperFor("x.yaml").writeValueAsBytes(p));

            assertThat(run("check")).isEqualTo(1);

            assertThat(out).containsPattern("p2\\.yaml:\\d+: card: does not fit the 3896 visible characters of a card \\(the summary is shortened");
        }

        @Test
        void aDraftThatFailsCheckIsNotPublishedAndItsFileIsUnchanged() throws IOException {
            published(1, "2026-11-01");
            draft("d1", p -> p.put("teaser", ""));
            byte[] before = Files.readAllBytes(dir().resolve("d1.yaml"));

            assertThat(run("publish", "d1")).isEqualTo(1);

            assertThat(out).containsPattern("d1\\.yaml:\\d+: teaser: must not be empty");
            assertThat(err).contains("d1.yaml cannot be published");
            assertThat(Files.readAllBytes(dir().resolve("d1.yaml"))).isEqualTo(before);
        }

        @Test
        void aGoodDraftIsPublishedTodayAndReachesTheCatalog() throws IOException {
            published(1, "2026-11-01");
            draft("d1", p -> { });
            assertThat(new CatalogLoader().load(dir()).byId("d1")).isEmpty();

            assertThat(run("publish", "d1")).as(out + err).isZero();

            JsonNode d = file("d1.yaml");
            assertThat(d.get("status").asText()).isEqualTo("published");
            assertThat(d.get("published_at").asText()).isEqualTo("2026-12-01");
            Catalog catalog = new CatalogLoader().load(dir());
            assertThat(catalog.papers()).extracting(p -> p.id()).containsExactly("p1", "d1");
            assertThat(catalog.publishedOn(catalog.byId("d1").orElseThrow())).contains(LocalDate.of(2026, 12, 1));
            assertThat(files()).containsExactly("d1.yaml", "p1.yaml"); // no temporary file left behind
            assertThat(run("publish", "d1")).isEqualTo(1);
            assertThat(err).contains("d1.yaml is already published (published_at: 2026-12-01)");
        }

        @Test
        void previewShowsTheCardAndItsLength() throws IOException {
            draft("d1", p -> { });
            assertThat(run("preview", "d1")).isZero();
            assertThat(out).startsWith("CARD Title of paper 9").containsPattern("Length: \\d+ of 3896 visible characters \\(teaser \\d+/200");

            draft("d2", p -> p.put("summary", ""));
            assertThat(run("preview", "d2")).isEqualTo(1);
            assertThat(out).containsPattern("d2\\.yaml:\\d+: summary: must not be empty");
        }

        @Test
        void aMissingPaperIsNamed() {
            assertThat(run("publish", "nope")).isEqualTo(1);
            assertThat(err).contains("no paper file for 'nope'");
        }

        @Test
        void splitWritesTheSingleFileCatalogAsADirectoryThatLoadsTheSamePapers() {
            assertThat(run("split", TestPapers.REAL_CATALOG.toString())).as(err).isZero();
            Catalog split = new CatalogLoader().load(dir());
            Catalog original = TestPapers.realCatalog();
            assertThat(split.papers()).containsExactlyInAnyOrderElementsOf(original.papers());
            assertThat(split.venues()).isEqualTo(original.venues());
            assertThat(run("check")).as(out).isZero();
            assertThat(run("split", TestPapers.REAL_CATALOG.toString())).isEqualTo(1);
            assertThat(err).contains("already has paper files");
        }

        private static int line(String text, String start) {
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(start)) {
                    return i + 1;
                }
            }
            throw new AssertionError(start);
        }
    }

    @Nested
    class Draft {
        private void abstractDraft() throws IOException {
            fake.on("/notes", r -> FakeSources.Response.json(Fixtures.spotlight("abcDEF123")));
            run("import", "openreview", "abcDEF123");
        }

        private void answer(String content) {
            fake.on("/v1/chat/completions", r -> FakeSources.Response.json("""
                    {"id": "chatcmpl-1", "object": "chat.completion", "created": 1733000000, "model": "qwen2.5",
                     "choices": [{"index": 0, "message": {"role": "assistant", "content": %s}, "finish_reason": "stop"}],
                     "usage": {"prompt_tokens": 300, "completion_tokens": 200, "total_tokens": 500}}
                    """.formatted(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(content).toString())));
        }

        @Test
        void withoutAnEndpointItSaysSoAndFails() throws IOException {
            abstractDraft();
            assertThat(run("draft", "abcDEF123")).isEqualTo(2);
            assertThat(err).contains("set PAPERBOT_LLM_URL").contains("PAPERBOT_LLM_MODEL");
        }

        @Test
        void theModelsTextsFillTheEmptyFieldsAndThePaperStaysADraft() throws IOException {
            abstractDraft();
            env.put("PAPERBOT_LLM_URL", fake.base().toString());
            env.put("PAPERBOT_LLM_MODEL", "qwen2.5");
            env.put("PAPERBOT_LLM_KEY", "llm-key");
            Path glossary = Files.writeString(tmp.resolve("glossary.txt"), "reinforcement learning — обучение с подкреплением\n");
            env.put("PAPERBOT_GLOSSARY", glossary.toString());
            answer("```json\n{\"teaser\": \"Тизер\", \"summary\": \"Пересказ.\", \"keyPoints\": [\"Первое\", \"Второе\"]}\n```");

            assertThat(run("draft", "abcDEF123")).as(err).isZero();

            JsonNode d = file("abcDEF123.yaml");
            assertThat(d.get("status").asText()).isEqualTo("draft");
            assertThat(d.get("teaser").asText()).isEqualTo("Тизер");
            assertThat(d.get("keyPoints")).extracting(JsonNode::asText).containsExactly("Первое", "Второе");
            FakeSources.Request request = fake.requests.get(fake.requests.size() - 1);
            assertThat(request.header("Authorization")).isEqualTo("Bearer llm-key");
            JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.body());
            assertThat(body.get("model").asText()).isEqualTo("qwen2.5");
            assertThat(body.at("/messages/0/content").asText()).contains("обучение с подкреплением");
            assertThat(body.at("/messages/1/content").asText()).contains("We propose a method for abcDEF123.");
        }

        @Test
        void anUnusableAnswerWritesNothing() throws IOException {
            abstractDraft();
            byte[] before = Files.readAllBytes(dir().resolve("abcDEF123.yaml"));
            env.put("PAPERBOT_LLM_URL", fake.base().toString());
            env.put("PAPERBOT_LLM_MODEL", "m");
            answer("Конечно! Вот пересказ: ...");
            assertThat(run("draft", "abcDEF123")).isEqualTo(1);
            assertThat(err).contains("chat completions: malformed JSON");

            answer("{\"teaser\": \"Тизер\"}");
            assertThat(run("draft", "abcDEF123")).isEqualTo(1);
            assertThat(err).contains("no usable \"summary\"");

            fake.on("/v1/chat/completions", r -> new FakeSources.Response(500, "application/json", "{\"error\": \"oom\"}"));
            assertThat(run("draft", "abcDEF123")).isEqualTo(1);
            assertThat(err).contains("chat completions: HTTP 500");
            assertThat(Files.readAllBytes(dir().resolve("abcDEF123.yaml"))).isEqualTo(before);
        }
    }
}
