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

    public Paper paperOfTheDay(Catalog catalog, LocalDate date) {
        return paperOfTheDay.forDate(catalog, date);
    }

    /**
     * The card of the paper of {@code date} under its dated header, as /today and the daily message show it. It has no
     * ◀️ ▶️: the daily card stays the daily card (in a group, one member could otherwise flip it for everyone).
     */
    public View ofDate(Catalog catalog, LocalDate date) {
        return cards.daily(paperOfTheDay.forDate(catalog, date), texts.format("today.header", texts.date(date)));
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
    public record DatedPaper(LocalDate date, Paper paper) {
    }

    /** Papers of the last days, newest first, with number buttons that open the cards. */
    public View history(Catalog catalog, List<DatedPaper> days, LocalDate today) {
        String footer = "\n\n" + texts.get("history.footer");
        int room = Html.MAX_MESSAGE_LENGTH - footer.length() - 100; // 100: the header
        StringBuilder items = new StringBuilder();
        List<Paper> shown = new ArrayList<>();
        for (DatedPaper d : days) {
            String item = "\n" + texts.format("history.item", texts.dayMonth(d.date()),
                    d.date().equals(today) ? texts.get("history.today") : "", catalog.numberOf(d.paper()),
                    Html.escape(d.paper().title()));
            if (items.length() + item.length() > room) {
                break; // long titles: show the days that fit
            }
            items.append(item);
            shown.add(d.paper());
        }
        String html = texts.format("history.header", texts.plural("plural.last", shown.size()),
                texts.count("plural.days", shown.size())) + "\n" + items + footer;
        return new View(html, keyboards.list(shown, catalog::numberOf, 0, 1, CallbackData.ListPage::new));
    }
}
