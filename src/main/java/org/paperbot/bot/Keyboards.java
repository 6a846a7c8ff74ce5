package org.paperbot.bot;

import org.paperbot.catalog.Paper;
import org.paperbot.render.Texts;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/** Builds inline keyboards; every callback button goes through {@link CallbackData#encode}. */
final class Keyboards {
    static final int NUMBER_BUTTONS_PER_ROW = 5;

    private final Texts texts;
    /** The bot's username from getMe, for the t.me links of «Открыть в боте». */
    private final String botUsername;
    private final ReaderRows reader;

    Keyboards(Texts texts, String botUsername) {
        this.texts = texts;
        this.botUsername = botUsername;
        this.reader = new ReaderRows(texts);
    }

    ReaderRows reader() {
        return reader;
    }

    static InlineKeyboardButton callback(String text, CallbackData data) {
        return InlineKeyboardButton.builder().text(text).callbackData(CallbackData.encode(data)).build();
    }

    static InlineKeyboardButton url(String text, String url) {
        return InlineKeyboardButton.builder().text(text).url(url).build();
    }

    static InlineKeyboardMarkup of(List<InlineKeyboardRow> rows) {
        return InlineKeyboardMarkup.builder().keyboard(rows).build();
    }

    /**
     * Row "links": 📄 PDF · 💬 Обсуждение (the OpenReview forum) · 📚 arXiv, those the paper has. The card's text
     * carries no links, so these are the only way to the paper.
     */
    InlineKeyboardRow linkRow(Paper paper) {
        InlineKeyboardRow row = new InlineKeyboardRow(url(texts.get("button.pdf"), paper.links().pdf().toString()));
        paper.links().openReview().ifPresent(o -> row.add(url(texts.get("button.openreview"), o.toString())));
        paper.links().arxiv().ifPresent(a -> row.add(url(texts.get("button.arxiv"), a.toString())));
        return row;
    }

    /**
     * Row «Открыть в боте» on cards that travel to other chats (inline results): whoever receives one can open
     * the card in a chat with the bot. Empty when the paper's id has no deep link (see {@link DeepLink}).
     */
    Optional<InlineKeyboardRow> openInBotRow(Paper paper) {
        return DeepLink.url(botUsername, paper.id()).map(u -> new InlineKeyboardRow(url(texts.get("button.openInBot"), u)));
    }

    /** Row ◀️ "n / total" ▶️ stepping through the catalog (wrapping around); none for a one-paper catalog. */
    Optional<InlineKeyboardRow> navigationRow(Paper previous, Paper next, int number, int total, int listPage) {
        if (total <= 1) {
            return Optional.empty();
        }
        return Optional.of(new InlineKeyboardRow(
                callback(texts.get("button.prev"), new CallbackData.ShowCard(previous.id())),
                callback(texts.format("button.position", number, total), new CallbackData.ListPage(listPage)),
                callback(texts.get("button.next"), new CallbackData.ShowCard(next.id()))));
    }

    /** Row ↗️ Поделиться: opens the chat picker with "@bot <id>" typed in, so the card can go to any chat. */
    InlineKeyboardRow shareRow(Paper paper) {
        return new InlineKeyboardRow(InlineKeyboardButton.builder().text(texts.get("button.share"))
                .switchInlineQuery(paper.id()).build());
    }

    /** A card in a chat with the bot or a group: links, the reader's marks, navigation, more, sharing; one named row each. */
    InlineKeyboardMarkup card(Paper paper, Paper previous, Paper next, int number, int total, int listPage) {
        List<InlineKeyboardRow> rows = new ArrayList<>();
        rows.add(linkRow(paper));
        rows.add(reader.readerRow(paper));
        navigationRow(previous, next, number, total, listPage).ifPresent(rows::add);
        rows.add(moreRow(paper));
        rows.add(shareRow(paper));
        return of(rows);
    }

    /** A card sent through inline mode: URL buttons only, since presses there cannot edit our messages. */
    InlineKeyboardMarkup sharedCard(Paper paper) {
        List<InlineKeyboardRow> rows = new ArrayList<>();
        rows.add(linkRow(paper));
        openInBotRow(paper).ifPresent(rows::add);
        return of(rows);
    }

    /** Under the paper of the day: as any card, but no ◀️ ▶️ (the daily card stays the daily card). */
    InlineKeyboardMarkup dailyCard(Paper paper) {
        return of(List.of(linkRow(paper), reader.readerRow(paper), moreRow(paper), shareRow(paper)));
    }

    /** 🔎 «Похожие» (the papers most like this one) and «✏️ Ошибка в пересказе». */
    InlineKeyboardRow moreRow(Paper paper) {
        return new InlineKeyboardRow(callback(texts.get("similar.button"), new CallbackData.Similar(paper.id())),
                reader.noteButton(paper));
    }

    /**
     * Number buttons that open cards, then ◀️ "page / pages" ▶️ when there is more than one page.
     *
     * @param number the paper's catalog number, the label of its button (so it matches /paper N)
     */
    InlineKeyboardMarkup list(List<Paper> onPage, ToIntFunction<Paper> number, int page, int pages,
                              IntFunction<CallbackData> pageTarget) {
        List<InlineKeyboardRow> rows = new ArrayList<>();
        InlineKeyboardRow row = new InlineKeyboardRow();
        for (int i = 0; i < onPage.size(); i++) {
            if (row.size() == NUMBER_BUTTONS_PER_ROW) {
                rows.add(row);
                row = new InlineKeyboardRow();
            }
            row.add(callback(String.valueOf(number.applyAsInt(onPage.get(i))), new CallbackData.OpenCard(onPage.get(i).id())));
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        if (pages > 1) {
            rows.add(new InlineKeyboardRow(
                    callback(texts.get("button.prev"), pageTarget.apply((page - 1 + pages) % pages)),
                    callback(texts.format("button.position", page + 1, pages), new CallbackData.Noop()),
                    callback(texts.get("button.next"), pageTarget.apply((page + 1) % pages))));
        }
        return of(rows);
    }

    /** Under the daily card only: ⚙️ the chat's delivery settings and 🔕 unsubscribe. */
    InlineKeyboardRow deliveryRow() {
        return new InlineKeyboardRow(
                callback(texts.get("settings.button.open"), new CallbackData.OpenSettings()),
                callback(texts.get("settings.button.unsubscribe"), new CallbackData.Unsubscribe()));
    }

    /** {@code markup} with {@code row} added at the bottom. */
    static InlineKeyboardMarkup withRow(InlineKeyboardMarkup markup, InlineKeyboardRow row) {
        List<InlineKeyboardRow> rows = new ArrayList<>(markup == null ? List.of() : markup.getKeyboard());
        rows.add(row);
        return of(rows);
    }

    InlineKeyboardMarkup nothingFound() {
        return of(List.of(new InlineKeyboardRow(
                callback(texts.get("button.topics"), new CallbackData.Topics()),
                callback(texts.get("button.list"), new CallbackData.OpenList()))));
    }

    InlineKeyboardMarkup start() {
        return of(List.of(
                new InlineKeyboardRow(
                        callback(texts.get("button.today"), new CallbackData.Today()),
                        callback(texts.get("button.random"), new CallbackData.RandomPaper())),
                new InlineKeyboardRow(
                        callback(texts.get("button.list"), new CallbackData.OpenList()),
                        callback(texts.get("button.topics"), new CallbackData.Topics()))));
    }
}
