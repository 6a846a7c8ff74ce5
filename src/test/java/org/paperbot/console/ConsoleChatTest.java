package org.paperbot.console;

import org.junit.jupiter.api.Test;
import org.paperbot.bot.ChatAdmins;
import org.paperbot.bot.Screens;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.render.Texts;
import org.paperbot.testing.TestPapers;
import org.paperbot.testing.TestRouter;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleChatTest {
    private final Texts texts = Texts.russian();
    private final Catalog catalog = TestPapers.realCatalog();

    /** Runs the console on a script and returns everything it printed. */
    private String run(String script) throws IOException {
        Screens screens = Screens.of(texts, "paperbot", org.paperbot.testing.Dailies.inMemory(), 3,
                new SplittableRandom(5));
        try (TestRouter bot = new TestRouter(catalog, screens, "paperbot", Clock.systemUTC(), id -> false, ChatAdmins.ANYONE, null)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            new ConsoleChat(bot.router(), texts, new BufferedReader(new StringReader(script)), out).run();
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private Paper paper(int number) {
        return catalog.byNumber(number).orElseThrow();
    }

    @Test
    void anEmptyScriptPrintsTheIntroAndEnds() throws IOException {
        String out = run("");
        assertThat(out).startsWith(texts.get("console.intro") + System.lineSeparator() + "> ");
    }

    @Test
    void commandsAreAnsweredAsReadableTextWithNumberedButtons() throws IOException {
        Paper last = paper(8);
        String out = run("/paper 8\n");

        assertThat(out).contains(last.title(), last.teaser())
                .doesNotContain("<b>", "</b>", "<i>", "<a href", "<blockquote", "&amp;", "&lt;")
                .contains(ConsoleChat.QUOTE_BAR + "Подробнее\n" + ConsoleChat.QUOTE_BAR + last.summary())
                .contains("[📄 PDF → " + last.links().pdf() + "]   [💬 Обсуждение → " + last.links().openReview().orElseThrow()
                        + "]   [📚 arXiv → " + last.links().arxiv().orElseThrow() + "]")
                .contains("[1] ☆ Сохранить   [2] 👍   [3] 👎", "[4] ◀️   [5] 8 / 8   [6] ▶️",
                        "[7] " + texts.get("similar.button") + "   [8] ✏️ Ошибка в пересказе")
                .contains(texts.get("console.pressHint"));
    }

    @Test
    void pressingANumberTriggersTheButton() throws IOException {
        String out = run("/paper 8\n6\n");
        int edited = out.indexOf(texts.get("console.edited"));
        assertThat(edited).as("▶️ edits the card in place").isPositive();
        // ▶️ on the last paper wraps around to the first.
        assertThat(out.substring(edited)).contains(paper(1).title(), "[4] ◀️   [5] 1 / 8   [6] ▶️")
                .doesNotContain(paper(8).title());
    }

    @Test
    void buttonsCanBePressedWithAHashAndRefreshAfterEachMessage() throws IOException {
        String out = run("/paper 2\n#4\n6\n");
        String[] parts = out.split(java.util.regex.Pattern.quote(texts.get("console.edited")));
        assertThat(parts).hasSize(3);
        assertThat(parts[1]).contains(paper(1).title());
        assertThat(parts[2]).contains(paper(2).title());
    }

    @Test
    void aNumberOutOfRangeGetsTheRussianMessage() throws IOException {
        // The card has eight buttons to press: ☆ 👍 👎, ◀️, n / total, ▶️, «Похожие» and «Ошибка в пересказе».
        String out = run("/paper 8\n9\n0\n");
        String message = texts.format("console.noSuchButton", 8);
        assertThat(out).contains(message);
        assertThat(out.split(java.util.regex.Pattern.quote(message), -1)).hasSize(3);
        assertThat(out).doesNotContain(texts.get("console.edited"));
    }

    @Test
    void withoutButtonsANumberIsJustText() throws IOException {
        String out = run("/help\n2024\n");
        // With no buttons on screen, "2024" is just text: a search query (every paper is from ICLR 2024).
        assertThat(out).contains("Что я умею", "«2024»").doesNotContain(texts.format("console.noSuchButton", 0));
    }

    @Test
    void listButtonsOpenCardsAsNewMessages() throws IOException {
        String out = run("/list\n2\n");
        assertThat(out).contains("[1] 1   [2] 2   [3] 3", "[4] ◀️   [5] 1 / 3   [6] ▶️");
        // Button 2 opened the card of paper 2 as a new message with its own buttons.
        String afterList = out.substring(out.indexOf("[4] ◀️   [5] 1 / 3   [6] ▶️"));
        assertThat(afterList).contains(paper(2).summary().substring(0, 40), "[4] ◀️   [5] 2 / 8   [6] ▶️");
        assertThat(out).doesNotContain(texts.get("console.edited"));
    }

    @Test
    void blankLinesAreIgnoredAndEofEndsTheLoop() throws IOException {
        String out = run("\n   \n/start");
        assertThat(out).contains("Привет").endsWith("> " + System.lineSeparator());
        assertThat(out.split("> ", -1)).hasSize(5);
    }

    @Test
    void readableKeepsLinkAddressesAndDecodesEntities() {
        assertThat(ConsoleChat.readable("<b>A &amp; B</b> <a href=\"https://x.org/?a=1&amp;b=2\">PDF</a> &lt;tag&gt;"))
                .isEqualTo("A & B PDF (https://x.org/?a=1&b=2) <tag>");
    }

    @Test
    void readableShowsAnExpandableQuoteOpenWithABarOnEveryLine() {
        assertThat(ConsoleChat.readable("Главное\n<blockquote expandable><b>Подробнее</b>\nпервая &amp; строка\nвторая</blockquote>\n#тег"))
                .isEqualTo("Главное\n┃ Подробнее\n┃ первая & строка\n┃ вторая\n#тег");
    }
}
