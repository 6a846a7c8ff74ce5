package org.paperbot.bot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.library.Snapshot;
import org.paperbot.render.Html;
import org.paperbot.testing.TestPapers;
import org.paperbot.testing.TestRouter;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** What readers see when the catalog changes under a date whose paper was already chosen. */
class KeptPaperOfTheDayTest {
    static final long USER = 4711;
    static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    final Catalog catalog = TestPapers.realCatalog();
    final Screens screens = Replied.screens(3, new SplittableRandom(1));
    final TestRouter bot = new TestRouter(catalog, screens, "paperbot_test_bot", Clock.fixed(NOW, ZoneOffset.UTC), id -> false,
            ChatAdmins.ANYONE, null);

    @AfterEach
    void close() {
        bot.close();
    }

    private String ask(String text) {
        return ((SendMessage) bot.router().route(Updates.parse(Updates.privateText(USER, text))).get(0)).getText();
    }

    /** The titles of a /history list, in order. */
    private static java.util.List<String> titles(String history) {
        return java.util.regex.Pattern.compile("\n\\d+\\. (.+)").matcher(history).results().map(m -> m.group(1)).toList();
    }

    private void replaceCatalog(Catalog next) {
        bot.snapshots().replace(Snapshot.of(next));
    }

    @Test
    void todayAndTheHistoryStayTheSameWhenAnotherPaperIsRemovedMidDay() {
        String today = ask("/today");
        String history = ask("/history 7");
        Paper shown = screens.daily().pick(catalog, TODAY).paper().orElseThrow();
        Paper other = catalog.papers().stream().filter(p -> !p.equals(shown)).findFirst().orElseThrow();
        Catalog smaller = new Catalog(catalog.papers().stream().filter(p -> !p.equals(other)).toList(), catalog.venues());

        replaceCatalog(smaller);

        assertThat(today).contains(Html.escape(shown.title()));
        assertThat(ask("/today")).contains(Html.escape(shown.title()));
        // Numbers in the list shift when a paper goes; the papers of the dates do not.
        assertThat(titles(ask("/history 7"))).hasSize(7).isEqualTo(titles(history));
    }

    @Test
    void aDateWhosePaperWasRemovedSaysWhichPaperItWas() {
        ask("/today");
        Paper shown = screens.daily().pick(catalog, TODAY).paper().orElseThrow();
        Catalog without = new Catalog(catalog.papers().stream().filter(p -> !p.equals(shown)).toList(), catalog.venues());

        replaceCatalog(without);

        assertThat(ask("/today")).contains("убрали из каталога", Html.escape(shown.title()));
        assertThat(ask("/history 2")).contains(Html.escape(shown.title()) + " <i>(её убрали из каталога)</i>");
    }
}
