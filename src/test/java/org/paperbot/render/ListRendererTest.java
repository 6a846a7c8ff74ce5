package org.paperbot.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.testing.BotApiLimits;
import org.paperbot.testing.TestPapers;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperbot.testing.TestPapers.paper;
import static org.paperbot.testing.TestPapers.repeat;

class ListRendererTest {
    private final Texts texts = Texts.russian();
    private final ListRenderer renderer = new ListRenderer(texts);
    private final Catalog real = TestPapers.realCatalog();

    @ParameterizedTest(name = "{0} items, {1} per page -> {2}")
    @CsvSource({"0, 8, 1", "1, 8, 1", "8, 8, 1", "9, 8, 2", "16, 8, 2", "17, 8, 3", "1, 1, 1", "20, 3, 7", "8, 20, 1"})
    void pageCount(int items, int pageSize, int pages) {
        assertThat(ListRenderer.pageCount(items, pageSize)).isEqualTo(pages);
    }

    @Test
    void onePageHasNoPageNumber() {
        ListRenderer.Page page = renderer.render("HEADER", real.papers(), 0, 8, real::numberOf);
        assertThat(page.pages()).isEqualTo(1);
        assertThat(page.papers()).containsExactlyElementsOf(real.papers());
        assertThat(page.html()).startsWith("HEADER\n\n").doesNotContain("страница").endsWith(texts.get("list.footer"));
    }

    @Test
    void severalPagesShowWhereWeAre() {
        ListRenderer.Page page = renderer.render("H", real.papers(), 1, 3, real::numberOf);
        assertThat(page.page()).isEqualTo(1);
        assertThat(page.pages()).isEqualTo(3);
        assertThat(page.papers()).containsExactlyElementsOf(real.papers().subList(3, 6));
        assertThat(page.html()).startsWith("H · страница 2 из 3\n\n");
        for (Paper p : page.papers()) {
            assertThat(page.html()).contains("<b>" + real.numberOf(p) + ".</b> " + Html.escape(p.title()) + "\n<i>"
                    + Html.escape(p.teaser()) + "</i>");
        }
        real.papers().subList(0, 3).forEach(p -> assertThat(page.html()).doesNotContain(Html.escape(p.title())));
    }

    @Test
    void lastPageMayBeShort() {
        ListRenderer.Page page = renderer.render("H", real.papers(), 2, 3, real::numberOf);
        assertThat(page.papers()).containsExactlyElementsOf(real.papers().subList(6, 8));
        assertThat(page.html()).contains("страница 3 из 3");
    }

    @ParameterizedTest
    @CsvSource({"-1, 0", "-1000, 0", "3, 2", "99, 2", "2147483647, 2"})
    void pageNumbersAreClamped(int requested, int shown) {
        ListRenderer.Page page = renderer.render("H", real.papers(), requested, 3, real::numberOf);
        assertThat(page.page()).isEqualTo(shown);
        assertThat(page.papers()).isNotEmpty();
    }

    @Test
    void numbersComeFromTheGivenFunction() {
        List<Paper> some = List.of(real.papers().get(5), real.papers().get(1));
        ListRenderer.Page page = renderer.render("H", some, 0, 8, real::numberOf);
        assertThat(page.html()).contains("<b>6.</b>", "<b>2.</b>").doesNotContain("<b>1.</b>");
        assertThat(page.html().indexOf("<b>6.</b>")).isLessThan(page.html().indexOf("<b>2.</b>"));
    }

    @Test
    void emptyListIsOnePageWithHeaderAndFooter() {
        ListRenderer.Page page = renderer.render("H", List.of(), 5, 8, p -> 1);
        assertThat(page.page()).isZero();
        assertThat(page.pages()).isEqualTo(1);
        assertThat(page.papers()).isEmpty();
        assertThat(page.html()).isEqualTo("H\n\n" + texts.get("list.footer"));
    }

    @Test
    void twentyItemsWithMaximalHostileTitlesStayWithinOneMessage() {
        List<Paper> papers = IntStream.rangeClosed(1, 45).mapToObj(i -> paper("m" + i)
                .title(i + " " + "<&> ".repeat(75)).teaser(repeat('"', 200)).build()).toList();
        String header = texts.format("list.header", texts.count("plural.papers", 45));
        for (int page = 0; page < 3; page++) {
            ListRenderer.Page p = renderer.render(header, papers, page, 20, x -> 100_000 + papers.indexOf(x));
            assertThat(BotApiLimits.validateHtml(p.html())).as("page %d", page).isEmpty();
            assertThat(Html.visibleLength(p.html())).isLessThanOrEqualTo(Html.MAX_MESSAGE_LENGTH);
            // Every paper on the page is still listed, shortened but recognisable.
            p.papers().forEach(x -> assertThat(p.html()).contains((100_000 + papers.indexOf(x)) + ".</b> " + x.title().split(" ")[0] + " &lt;&amp;&gt;"));
        }
    }

    @Test
    void longTitlesAreShortenedWithAnEllipsisShortOnesAreNot() {
        Paper longOne = paper("l").title("слово ".repeat(60).strip()).teaser("тизер").build();
        Paper shortOne = paper("s").title("Короткое название").teaser("тизер").build();
        ListRenderer.Page p = renderer.render("H", List.of(longOne, shortOne), 0, 20, x -> 1);
        assertThat(p.html()).contains("слово…\n", "Короткое название\n");
    }
}
