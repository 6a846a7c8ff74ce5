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

    /** The card as a phone shows it before anything is tapped: the expandable summary counts as collapsed. */
    static String outsideTheExpandableSummary(String html) {
        return Html.toPlain(html.replaceAll("(?s)<blockquote expandable>.*?</blockquote>", ""));
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
        assertThat(BotApiLimits.validateHtml(html)).isEmpty();
        // The user sees the text exactly as written in the catalog.
        String plain = Html.toPlain(html);
        for (String prefix : List.of("T ", "A ", "V ", "K ", "Z ", "S ", "P1 ", "P2 ")) {
            assertThat(plain).contains(prefix + HOSTILE);
        }
    }

    @Test
    void linksAreButtonsOnlyNeverInTheText() {
        for (Paper p : TestPapers.realCatalog().papers()) {
            String html = renderer.render(p);
            assertThat(html).as(p.id()).doesNotContain("<a ", "http", "openreview.net", "arxiv.org");
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
                    .contains(Html.escape(p.teaser()))
                    // The whole summary, once, inside the block that stays collapsed until tapped.
                    .endsWith("<blockquote expandable><b>Подробнее</b>\n" + Html.escape(p.summary()) + "</blockquote>");
            p.topics().forEach(t -> assertThat(html).as(p.id()).contains("#" + t));
            // Real cards are short enough to keep every key point.
            p.keyPoints().forEach(k -> assertThat(html).as(p.id()).contains("• " + Html.escape(k) + "\n"));
        }
    }

    @Test
    void everyRealCardFitsAPhoneScreenUntilTheSummaryIsExpanded() {
        for (Paper p : TestPapers.realCatalog().papers()) {
            String visible = outsideTheExpandableSummary(renderer.render(p));
            // Before the compact card these were 1 380–1 570 characters; now about 700 (see README).
            assertThat(visible.length()).as(p.id()).isLessThanOrEqualTo(750);
            assertThat(visible).as(p.id()).doesNotContain(p.summary());
        }
    }

    @Test
    void partsComeInTheDocumentedOrder() {
        Paper p = paper("ord").title("TITLE").authors(List.of("AUTHOR")).venue("VENUE").track("TRACK").teaser("TEASER")
                .summary("SUMMARY").keyPoints(List.of("POINT")).topics("TOPIC").build();
        String html = renderer.render(p);
        List<Integer> positions = new ArrayList<>();
        for (String part : List.of("TITLE", "AUTHOR", "VENUE", "TRACK", "TEASER", texts.get("card.keyPoints"),
                "• POINT", "#TOPIC", "<blockquote expandable>", "SUMMARY", "</blockquote>")) {
            int at = html.indexOf(part);
            assertThat(at).as(part).isNotNegative();
            positions.add(at);
        }
        assertThat(positions).isSorted();
    }

    @Test
    void aPaperAtEveryValidatorMaximumStillFitsByShorteningTheCollapsedSummary() {
        List<String> topics = IntStream.range(0, 6).mapToObj(i -> repeat((char) ('а' + i), 28)).toList();
        String summary = "слово ".repeat(250).strip(); // 1 499 characters, the loader allows 1 500
        Paper max = paper(repeat('i', 40)).title(repeat('T', 300))
                .authors(IntStream.range(0, 100).mapToObj(i -> repeat((char) ('A' + i % 26), 100)).toList())
                .venue(repeat('V', 60)).track(repeat('K', 40)).topics(topics).teaser(repeat('&', 200))
                .summary(summary).keyPoints(IntStream.range(0, 6).mapToObj(i -> i + repeat('"', 299)).toList())
                .arxivId("2401.00001").build();

        String html = renderer.render(max);

        assertThat(Html.visibleLength(html)).isLessThanOrEqualTo(CardRenderer.MAX_CARD_LENGTH);
        assertThat(BotApiLimits.validateHtml(html)).isEmpty();
        // A header of the reserved size still fits into one message.
        String withHeader = repeat('H', CardRenderer.HEADER_RESERVE - 2) + "\n\n" + html;
        assertThat(BotApiLimits.validateHtml(withHeader)).isEmpty();
        // What is visible without tapping stays whole; the collapsed summary ends early, at a word.
        assertThat(html).contains(Html.escape(max.title()), Html.escape(max.teaser()));
        topics.forEach(t -> assertThat(html).contains("#" + t));
        max.keyPoints().forEach(k -> assertThat(html).contains("• " + Html.escape(k) + "\n"));
        String shown = html.substring(html.indexOf("<b>Подробнее</b>\n") + "<b>Подробнее</b>\n".length(), html.indexOf("</blockquote>"));
        assertThat(shown).endsWith("слово…").hasSizeGreaterThan(CardRenderer.SUMMARY_KEPT);
        assertThat(summary).startsWith(shown.substring(0, shown.length() - 1));
        // Not shortened more than needed: one more word would not have fitted.
        assertThat(Html.visibleLength(html) + "слово ".length()).isGreaterThan(CardRenderer.MAX_CARD_LENGTH);
    }

    @Test
    void keyPointsGiveWayOnlyOnceTheSummaryIsDownToItsFloor() {
        Paper huge = paper("huge").title(repeat('T', 2000)).summary("слово ".repeat(400).strip())
                .keyPoints(IntStream.range(0, 6).mapToObj(i -> i + repeat('k', 299)).toList()).build();
        String html = renderer.render(huge);
        assertThat(Html.visibleLength(html)).isLessThanOrEqualTo(CardRenderer.MAX_CARD_LENGTH);
        assertThat(BotApiLimits.validateHtml(html)).isEmpty();
        assertThat(html).contains(repeat('T', 2000), "• 0", "слово…</blockquote>").doesNotContain("• 5");
        String shown = html.substring(html.indexOf("<b>Подробнее</b>\n") + "<b>Подробнее</b>\n".length(), html.indexOf("</blockquote>"));
        assertThat(shown.length()).isBetween(CardRenderer.SUMMARY_KEPT / 2, CardRenderer.SUMMARY_KEPT);
        // Keeping one more key point would not have fitted.
        long kept = html.lines().filter(l -> l.startsWith("• ")).count();
        assertThat(kept).isBetween(1L, 5L);
        assertThat(Html.visibleLength(html) + 2 + 300).isGreaterThan(CardRenderer.MAX_CARD_LENGTH);
    }

    @Test
    void beyondEveryLimitTheTitleAndTeaserGiveWayLast() {
        Paper absurd = paper("absurd").title("заголовок ".repeat(1000).strip()).teaser("тизер ".repeat(1000).strip())
                .summary("слово ".repeat(400).strip()).keyPoints(List.of("первый", "второй")).build();
        String html = renderer.render(absurd);
        assertThat(Html.visibleLength(html)).isLessThanOrEqualTo(CardRenderer.MAX_CARD_LENGTH);
        assertThat(BotApiLimits.validateHtml(html)).isEmpty();
        assertThat(html).contains("заголовок…</b>", "• первый").doesNotContain("• второй");
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
