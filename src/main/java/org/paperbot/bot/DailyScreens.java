package org.paperbot.bot;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The paper of the day (for /today, inline mode and the daily message) and the papers of past days (/history). */
public final class DailyScreens {
    private final Texts texts;
    private final CardScreens cards;
    private final Keyboards keyboards;
    private final PaperOfTheDay paperOfTheDay;

    DailyScreens(Texts texts, CardScreens cards, Keyboards keyboards, PaperOfTheDay paperOfTheDay) {
        this.texts = texts;
        this.cards = cards;
        this.keyboards = keyboards;
        this.paperOfTheDay = paperOfTheDay;
    }

    /** The paper kept for {@code date}: its id and title, and the paper while it is still in the catalog. */
    public PaperOfTheDay.Pick pick(Catalog catalog, LocalDate date) {
        return paperOfTheDay.pick(catalog, date);
    }

    /**
     * The card of the paper of {@code date} under its dated header, as /today and the daily message show it. It has no
     * ◀️ ▶️: the daily card stays the daily card (in a group, one member could otherwise flip it for everyone).
     */
    public View ofDate(Catalog catalog, LocalDate date) {
        PaperOfTheDay.Pick pick = paperOfTheDay.pick(catalog, date);
        String header = texts.format("today.header", texts.date(date));
        return pick.paper().map(paper -> cards.daily(paper, header))
                // The date keeps its paper even after the curator removed it: say which it was, rather than show another.
                .orElseGet(() -> new View(header + "\n\n" + texts.format("today.removed", Html.escape(pick.title())), null));
    }

    /** The first words of the daily card's header as Telegram shows them (no HTML), to recognise a daily card. */
    String headerStart() {
        String header = texts.get("today.header");
        return Html.toPlain(header.substring(0, header.indexOf("{0}"))).strip();
    }

    /** The daily card as it is delivered to a subscriber: with the buttons for the chat's delivery settings. */
    public View delivered(Catalog catalog, LocalDate date) {
        View card = ofDate(catalog, date);
        return new View(card.html(), Keyboards.withRow(card.keyboard(), keyboards.deliveryRow()));
    }

    /** A paper of the day with its date, for /history. */
    public record DatedPaper(LocalDate date, PaperOfTheDay.Pick pick) {
    }

    /** Papers of the last days, newest first, with number buttons that open the cards. */
    public View history(Catalog catalog, List<DatedPaper> days, LocalDate today) {
        String footer = "\n\n" + texts.get("history.footer");
        int room = Html.MAX_MESSAGE_LENGTH - footer.length() - 100; // 100: the header
        StringBuilder items = new StringBuilder();
        List<Paper> shown = new ArrayList<>();
        int listed = 0;
        for (DatedPaper d : days) {
            String day = d.date().equals(today) ? texts.get("history.today") : "";
            String item = "\n" + d.pick().paper()
                    .map(p -> texts.format("history.item", texts.dayMonth(d.date()), day, catalog.numberOf(p),
                            Html.escape(p.title())))
                    .orElseGet(() -> texts.format("history.itemRemoved", texts.dayMonth(d.date()), day,
                            Html.escape(d.pick().title())));
            if (items.length() + item.length() > room) {
                break; // long titles: show the days that fit
            }
            items.append(item);
            listed++;
            d.pick().paper().filter(p -> !shown.contains(p)).ifPresent(shown::add);
        }
        String html = texts.format("history.header", texts.plural("plural.last", listed),
                texts.count("plural.days", listed)) + "\n" + items + footer;
        return new View(html, keyboards.list(shown, catalog::numberOf, 0, 1, CallbackData.ListPage::new));
    }
}
