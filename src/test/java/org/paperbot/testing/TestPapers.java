package org.paperbot.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.catalog.Paper;
import org.paperbot.catalog.PaperLinks;
import org.paperbot.catalog.Venue;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Small catalogs for unit tests: valid catalog JSON to mutate per case ({@link #validRoot}), {@link Paper}
 * objects built field by field ({@link #paper}), and the real catalog of the repository.
 */
public final class TestPapers {
    public static final Path REAL_CATALOG = Path.of("config", "papers.json");
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TestPapers() {
    }

    public static Catalog realCatalog() {
        return new CatalogLoader().load(REAL_CATALOG);
    }

    // ---------------------------------------------------------------- catalog JSON

    /** A catalog JSON tree with {@code papers} valid papers p1, p2, … and one venue. */
    public static ObjectNode validRoot(int papers) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode venue = root.putArray("venues").addObject();
        venue.put("name", "ICLR 2024");
        venue.putArray("facts").add("Подано 7262 статьи.");
        ArrayNode list = root.putArray("papers");
        for (int i = 1; i <= papers; i++) {
            list.add(validPaper(i));
        }
        return root;
    }

    /** Paper number {@code n} (1-based): id "p{n}", arXiv id "2401.{n:05}", every field valid. */
    public static ObjectNode validPaper(int n) {
        ObjectNode p = JSON.createObjectNode();
        String id = "p" + n;
        String arxiv = String.format("2401.%05d", n);
        p.put("id", id);
        p.put("arxivId", arxiv);
        p.put("title", "Title of paper " + n);
        p.putArray("authors").add("Ada Lovelace").add("Alan Turing");
        p.put("venue", "ICLR 2024");
        p.put("track", "Poster");
        p.putArray("topics").add("LLM").add("теория");
        p.putArray("keywords").add("keyword");
        p.put("teaser", "Короткий тизер статьи " + n);
        p.put("summary", "Пересказ статьи " + n + " в нескольких предложениях.");
        p.putArray("keyPoints").add("Первый вывод").add("Второй вывод");
        ObjectNode links = p.putObject("links");
        links.put("pdf", "https://openreview.net/pdf?id=" + id);
        links.put("openreview", "https://openreview.net/forum?id=" + id);
        links.put("arxiv", "https://arxiv.org/abs/" + arxiv);
        return p;
    }

    /** The paper object at a 0-based index of {@code root.papers}. */
    public static ObjectNode paperNode(ObjectNode root, int index) {
        return (ObjectNode) root.get("papers").get(index);
    }

    public static byte[] bytes(Object tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(Object tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- Paper objects

    public static PaperBuilder paper(String id) {
        return new PaperBuilder(id);
    }

    public static Catalog catalogOf(List<Paper> papers) {
        return new Catalog(papers, List.of());
    }

    public static Catalog catalogOf(Paper... papers) {
        return catalogOf(List.of(papers));
    }

    /** {@code n} distinct valid papers s1 … sn with the given topic lists cycling. */
    public static List<Paper> synthetic(int n) {
        List<Paper> papers = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            papers.add(paper("s" + i).title("Synthetic paper " + i).arxivId(String.format("2402.%05d", i)).build());
        }
        return papers;
    }

    public static String repeat(char c, int times) {
        return String.valueOf(c).repeat(times);
    }

    /** Builds a valid {@link Paper}; every field can be replaced. */
    public static final class PaperBuilder {
        private final String id;
        private Optional<String> arxivId = Optional.empty();
        private String title;
        private List<String> authors = List.of("Ada Lovelace", "Alan Turing");
        private String venue = "ICLR 2024";
        private String track = "Poster";
        private List<String> topics = List.of("LLM");
        private List<String> keywords = List.of();
        private String teaser = "Короткий тизер";
        private String summary = "Пересказ в нескольких предложениях.";
        private List<String> keyPoints = List.of("Первый вывод", "Второй вывод");
        private URI pdf;
        private URI openReview;
        private Optional<URI> arxivLink = Optional.empty();

        private PaperBuilder(String id) {
            this.id = id;
            this.title = "Title of " + id;
            this.pdf = URI.create("https://openreview.net/pdf?id=" + id);
            this.openReview = URI.create("https://openreview.net/forum?id=" + id);
        }

        public PaperBuilder arxivId(String a) {
            this.arxivId = Optional.of(a);
            this.arxivLink = Optional.of(URI.create("https://arxiv.org/abs/" + a));
            return this;
        }

        public PaperBuilder title(String t) {
            this.title = t;
            return this;
        }

        public PaperBuilder authors(List<String> a) {
            this.authors = a;
            return this;
        }

        public PaperBuilder venue(String v) {
            this.venue = v;
            return this;
        }

        public PaperBuilder track(String t) {
            this.track = t;
            return this;
        }

        public PaperBuilder topics(String... t) {
            this.topics = List.of(t);
            return this;
        }

        public PaperBuilder topics(List<String> t) {
            this.topics = t;
            return this;
        }

        public PaperBuilder teaser(String t) {
            this.teaser = t;
            return this;
        }

        public PaperBuilder summary(String s) {
            this.summary = s;
            return this;
        }

        public PaperBuilder keyPoints(List<String> k) {
            this.keyPoints = k;
            return this;
        }

        public PaperBuilder links(String pdfUrl, String openReviewUrl) {
            this.pdf = URI.create(pdfUrl);
            this.openReview = URI.create(openReviewUrl);
            return this;
        }

        public Paper build() {
            return new Paper(id, arxivId, title, authors, venue, track, topics, keywords, teaser, summary, keyPoints,
                    new PaperLinks(pdf, Optional.ofNullable(openReview), arxivLink));
        }
    }

    public static Venue venue(String name, String... facts) {
        return new Venue(name, List.of(facts));
    }
}
