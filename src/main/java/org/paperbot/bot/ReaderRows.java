package org.paperbot.bot;

import org.paperbot.catalog.Paper;
import org.paperbot.render.Texts;
import org.paperbot.store.VoteStore;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The readers' buttons on a card: the row ⭐ · 👍 · 👎 and «✏️ Ошибка в пересказе». A card is rendered once for
 * everyone, with neutral labels; {@link #relabel} then shows one reader's state in a keyboard (their private chat,
 * or the keyboard a press of theirs edits).
 */
final class ReaderRows {
    /** One reader's marks on a paper. */
    record Marks(boolean saved, int vote) {
        static final Marks NONE = new Marks(false, VoteStore.NONE);
    }

    private final Texts texts;

    ReaderRows(Texts texts) {
        this.texts = texts;
    }

    /** ⭐ · 👍 · 👎, neutral. */
    InlineKeyboardRow readerRow(Paper paper) {
        return row(paper.id(), Marks.NONE);
    }

    /** «✏️ Ошибка в пересказе», for the row "more". */
    InlineKeyboardButton noteButton(Paper paper) {
        return Keyboards.callback(texts.get("note.button"), new CallbackData.NoteAbout(paper.id()));
    }

    private InlineKeyboardRow row(String paperId, Marks marks) {
        return new InlineKeyboardRow(
                Keyboards.callback(texts.get(marks.saved() ? "saved.button.on" : "saved.button.off"),
                        new CallbackData.SavePaper(paperId)),
                Keyboards.callback(texts.get(marks.vote() == VoteStore.UP ? "vote.button.up.on" : "vote.button.up"),
                        new CallbackData.VoteUp(paperId)),
                Keyboards.callback(texts.get(marks.vote() == VoteStore.DOWN ? "vote.button.down.on" : "vote.button.down"),
                        new CallbackData.VoteDown(paperId)));
    }

    /**
     * {@code keyboard} with its reader row (if any) labelled by {@code marksOf} the paper; every other button kept.
     * Null for a keyboard without a reader row (nothing to change).
     */
    InlineKeyboardMarkup relabel(InlineKeyboardMarkup keyboard, Function<String, Marks> marksOf) {
        if (keyboard == null || keyboard.getKeyboard() == null) {
            return null;
        }
        List<InlineKeyboardRow> rows = new ArrayList<>();
        boolean changed = false;
        for (InlineKeyboardRow row : keyboard.getKeyboard()) {
            String paperId = row.isEmpty() ? null : savedPaper(row.get(0));
            if (paperId != null) {
                rows.add(row(paperId, marksOf.apply(paperId)));
                changed = true;
            } else {
                rows.add(row);
            }
        }
        return changed ? Keyboards.of(rows) : null;
    }

    /** The paper of a ⭐ button, or null for any other button. */
    private static String savedPaper(InlineKeyboardButton button) {
        String data = button.getCallbackData();
        String prefix = CallbackData.SavePaper.KIND.key() + ":";
        return data != null && data.startsWith(prefix) ? data.substring(prefix.length()) : null;
    }
}
