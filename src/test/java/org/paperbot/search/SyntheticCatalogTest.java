package org.paperbot.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.paperbot.bench.SyntheticCatalog;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.catalog.Paper;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The synthetic catalog that the search tests and the benchmark run on must be one the bot could load: it passes the
 * real loader's validation. (Here rather than in the bench package, which the test run excludes.)
 */
class SyntheticCatalogTest {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{10}");

    @Test
    void passesTheCatalogLoadersValidation() throws Exception {
        Catalog generated = SyntheticCatalog.generate(2_000, 99);

        Catalog loaded = new CatalogLoader().parse("synthetic", toJson(generated));

        assertThat(loaded.papers()).isEqualTo(generated.papers());
    }

    @Test
    void isDeterministicForASeed() {
        assertThat(SyntheticCatalog.generate(500, 1).papers()).isEqualTo(SyntheticCatalog.generate(500, 1).papers());
        assertThat(SyntheticCatalog.generate(500, 1).papers()).isNotEqualTo(SyntheticCatalog.generate(500, 2).papers());
    }

    @Test
    void idsAndLinksHaveTheRealShape() {
        for (Paper p : SyntheticCatalog.generate(1_000, 5).papers()) {
            assertThat(p.id()).matches(ID);
            assertThat(p.links().pdf()).hasToString("https://openreview.net/pdf?id=" + p.id());
            p.arxivId().ifPresent(a -> assertThat(a).matches("\\d{4}\\.\\d{5}"));
        }
    }

    private static byte[] toJson(Catalog catalog) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode papers = root.putArray("papers");
        for (Paper p : catalog.papers()) {
            ObjectNode n = papers.addObject();
            n.put("id", p.id());
            p.arxivId().ifPresent(a -> n.put("arxivId", a));
            n.put("title", p.title());
            p.authors().forEach(n.putArray("authors")::add);
            n.put("venue", p.venue());
            n.put("track", p.track());
            ArrayNode topics = n.putArray("topics");
            p.topics().forEach(topics::add);
            ArrayNode keywords = n.putArray("keywords");
            p.keywords().forEach(keywords::add);
            n.put("teaser", p.teaser());
            n.put("summary", p.summary());
            ArrayNode points = n.putArray("keyPoints");
            p.keyPoints().forEach(points::add);
            ObjectNode links = n.putObject("links");
            links.put("pdf", p.links().pdf().toString());
            links.put("openreview", p.links().openReview().orElseThrow().toString());
            p.links().arxiv().ifPresent(a -> links.put("arxiv", a.toString()));
        }
        return mapper.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    }
}
