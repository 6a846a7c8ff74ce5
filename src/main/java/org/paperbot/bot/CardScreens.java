package org.paperbot.bot;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.render.CardRenderer;
import org.paperbot.render.Texts;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

import java.util.random.RandomGenerator;

/** A paper's card: its HTML, the ◀️ n / total ▶️ navigation under it (not under the daily card), and the random pick. */
public final class CardScreens {
    private final Texts texts;
    private final CardRenderer renderer;
    private final Keyboards keyboards;
    private final int pageSize;
    private final RandomGenerator random;
    /** Keyed by the paper's value: a changed paper after a reload is a new key, an unchanged one stays cached. */
    private final Cache<Paper, String> cards = Caffeine.newBuilder().maximumSize(10_000).build();

    CardScreens(Texts texts, Keyboards keyboards, int pageSize, RandomGenerator random) {
        this.texts = texts;
        this.renderer = new CardRenderer(texts);
        this.keyboards = keyboards;
        this.pageSize = pageSize;
        this.random = random;
    }

    /** The card's HTML alone (cached); {@link #card} adds the keyboard. */
    public String cardHtml(Paper paper) {
        return cards.get(paper, renderer::render);
    }

    public View card(Catalog catalog, Paper paper) {
        return card(catalog, paper, null);
    }

    /** A card with navigation; {@code headerHtml} (may be null) goes above it. */
    public View card(Catalog catalog, Paper paper, String headerHtml) {
        int number = catalog.numberOf(paper);
        int total = catalog.size();
        Paper previous = catalog.byNumber(number == 1 ? total : number - 1).orElseThrow();
        Paper next = catalog.byNumber(number == total ? 1 : number + 1).orElseThrow();
        String html = headerHtml == null ? cardHtml(paper) : headerHtml + "\n\n" + cardHtml(paper);
        return new View(html, keyboards.card(paper, previous, next, number, total, (number - 1) / pageSize));
    }

    /** The daily card: {@code headerHtml} above the card, and no catalog navigation under it. */
    public View daily(Paper paper, String headerHtml) {
        return new View(headerHtml + "\n\n" + cardHtml(paper), keyboards.dailyCard(paper));
    }

    /** The buttons under a card sent through inline mode: links and «Открыть в боте». */
    public InlineKeyboardMarkup inlineCardKeyboard(Paper paper) {
        return keyboards.sharedCard(paper);
    }

    public View random(Catalog catalog) {
        Paper paper = catalog.paperAt(random.nextInt(catalog.size()));
        return card(catalog, paper, texts.get("random.header"));
    }
}
