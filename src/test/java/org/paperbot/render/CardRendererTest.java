package org.paperbot.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.testing.BotApiLimits;
import org.paperbot.testing.TestPapers;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperbot.testing.TestPapers.paper;
import static org.paperbot.testing.TestPapers.repeat;

class CardRendererTest {
    static final String HOSTILE = "<script>alert(1)</script> & \"x\"";
    static final String HOSTILE_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;";

    private final Texts texts = Texts.russian();
    private final CardRenderer renderer = new CardRenderer(texts);

    private static List<String> names(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "Author" + i).toList();
    }

    @Test
    void hostileTextInEveryDataFieldIsEscaped() {
        Paper p = paper("evil").title("T " + HOSTILE).authors(List.of("A " + HOSTILE, "B"))
                .venue("V " + HOSTILE).track("K " + HOSTILE).teaser("Z " + HOSTILE).summary("S " + HOSTILE)
                .keyPoints(List.of("P1 " + HOSTILE, "P2 " + HOSTILE))
                .links("https://x.org/pdf?a=1&b=2", "https://x.org/forum?id=evil&x=%3Cy%3E").build();

        String html = renderer.render(p);

        assertThat(html).doesNotContain("<script>", "\"x\"", "& ");
        for (String prefix : List.of("T ", "A ", "V ", "K ", "Z ", "S ", "P1 ", "P2 ")) {
            assertThat(html).as(prefix).contains(prefix + HOSTILE_ESCAPED);
        }
        // URLs cannot hold quotes or angle brackets (java.net.URI), but '&' is common and must be escaped.
        assertThat(html).contains("href=\"https://x.org/pdf?a=1&amp;b=2\"", "href=\"https://x.org/forum?id=evil&amp;x=%3Cy%3E\"");
        assertThat(BotApiLimits.validateHtml(html)).isEmpty();
        // The user sees the text exactly as written in the catalog.
        String plain = Html.toPlain(html);
        for (String prefix : List.of("T ", "A ", "V ", "K ", "Z ", "S ", "P1 ", "P2 ")) {
            assertThat(plain).contains(prefix + HOSTILE);
        }
    }

    @Test
    void everyCardOfTheRealCatalogIsValidAndComplete() {
        Catalog catalog = TestPapers.realCatalog();
        for (Paper p : catalog.papers()) {
            String html = renderer.render(p);
            assertThat(BotApiLimits.validateHtml(html)).as(p.id()).isEmpty();
            assertThat(Html.visibleLength(html)).as(p.id()).isLessThanOrEqualTo(CardRenderer.MAX_CARD_LENGTH);
            assertThat(html).as(p.id()).startsWith("<b>" + Html.escape(p.title()) + "</b>\n")
                    .contains(Html.escape(p.summary()), Html.escape(p.teaser()),
                            "href=\"" + Html.escape(p.links().pdf().toString()) + "\"",
                            "href=\"" + Html.escape(p.links().openReview().toString()) + "\"",
                            "href=\"" + Html.escape(p.links().arxiv().orElseThrow().toString()) + "\"");
            p.topics().forEach(t -> assertThat(html).as(p.id()).contains("#" + t));
            // Real cards are short enough to keep every key point.
            p.keyPoints().forEach(k -> assertThat(html).as(p.id()).contains("• " + Html.escape(k) + "\n"));
        }
    }

    @Test
    void partsComeInTheDocumentedOrder() {
        Paper p = paper("ord").title("TITLE").authors(List.of("AUTHOR")).venue("VENUE").track("TRACK").teaser("TEASER")
                .summary("SUMMARY").keyPoints(List.of("POINT")).topics("TOPIC").build();
        String html = renderer.render(p);
        List<Integer> positions = new ArrayList<>();
        for (String part : List.of("TITLE", "AUTHOR", "VENUE", "TRACK", "TEASER", "SUMMARY", texts.get("card.keyPoints"),
                "• POINT", "#TOPIC", "PDF", "OpenReview")) {
            int at = html.indexOf(part);
            assertThat(at).as(part).isNotNegative();
            positions.add(at);
        }
        assertThat(positions).isSorted();
        assertThat(html).doesNotContain("arXiv");
    }

    @Test
    void aPaperAtEveryValidatorMaximumStillFits() {
        List<String> topics = IntStream.range(0, 6).mapToObj(i -> repeat((char) ('а' + i), 28)).toList();
        Paper max = paper(repeat('i', 40)).title(repeat('T', 300))
                .authors(IntStream.range(0, 100).mapToObj(i -> repeat((char) ('A' + i % 26), 100)).toList())
                .venue(repeat('V', 60)).track(repeat('K', 40)).topics(topics).teaser(repeat('&', 200))
                .summary(repeat('<', 1500)).keyPoints(IntStream.range(0, 6).mapToObj(i -> i + repeat('"', 299)).toList())
                .arxivId("2401.00001").build();

        String html = renderer.render(max);

        assertThat(Html.visibleLength(html)).isLessThanOrEqualTo(CardRenderer.MAX_CARD_LENGTH);
        assertThat(BotApiLimits.validateHtml(html)).isEmpty();
        // A header of the reserved size still fits into one message.
        String withHeader = repeat('H', CardRenderer.HEADER_RESERVE - 2) + "\n\n" + html;
        assertThat(BotApiLimits.validateHtml(withHeader)).isEmpty();
        // What gives way is the tail of the key points; title, summary, topics and links stay whole.
        assertThat(html).contains(Html.escape(max.title()), Html.escape(max.summary()), "• 0", "arXiv");
        topics.forEach(t -> assertThat(html).contains("#" + t));
        assertThat(html).doesNotContain("• 5");
        long kept = html.lines().filter(l -> l.startsWith("• ")).count();
        assertThat(kept).isBetween(1L, 5L);
        // Keeping one more key point would not have fitted.
        assertThat(Html.visibleLength(html) + 2 + 300).isGreaterThan(CardRenderer.MAX_CARD_LENGTH);
    }

    @Test
    void beyondTheValidatorTheSummaryIsShortenedAsALastResort() {
        Paper huge = paper("huge").title(repeat('T', 1500)).summary("слово ".repeat(400).strip())
                .keyPoints(List.of("первый", "второй", "третий")).build();
        String html = renderer.render(huge);
        assertThat(Html.visibleLength(html)).isLessThanOrEqualTo(CardRenderer.MAX_CARD_LENGTH);
        assertThat(BotApiLimits.validateHtml(html)).isEmpty();
        assertThat(html).contains("слово…", "• первый").doesNotContain("• второй");
    }

    @Test
    void upToFourAuthorsAreAllShown() {
        assertThat(renderer.authors(names(1))).isEqualTo("Author1");
        assertThat(renderer.authors(names(3))).isEqualTo("Author1, Author2, Author3");
        assertThat(renderer.authors(names(4))).isEqualTo("Author1, Author2, Author3, Author4");
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 14, 100})
    void longAuthorListsShowThreeAndTheRest(int n) {
        assertThat(renderer.authors(names(n))).isEqualTo("Author1, Author2, Author3 и ещё " + (n - 3));
    }

    @Test
    void authorsLineOfTheRealDreamLlmPaper() {
        Paper dream = TestPapers.realCatalog().papers().stream().filter(p -> p.authors().size() == 14).findFirst().orElseThrow();
        String html = renderer.render(dream);
        List<String> a = dream.authors();
        assertThat(html).contains("<i>" + Html.escape(a.get(0) + ", " + a.get(1) + ", " + a.get(2)) + " и ещё 11</i>")
                .doesNotContain(a.get(3));
    }

    @Test
    void topicsBecomeHashtags() {
        String html = renderer.render(paper("t").topics("LLM", "обучение_в_контексте").build());
        assertThat(html).contains("\n#LLM #обучение_в_контексте\n");
    }
}
