package org.paperbot.bot;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

import java.util.List;

/**
 * Shows a reader their own marks on the cards the bot sends them in their private chat: ⭐ «Сохранено» on a paper they
 * saved, ✓ on their vote. Cards are rendered once for everyone; this relabels only the reader row of the keyboards
 * in replies to that reader's own chat. Group chats keep neutral labels: one card there is everyone's.
 */
public final class ReaderMarks implements UpdateRouter.ReplyMarks {
    private final ReaderRows rows;
    private final ReaderButtons buttons;

    public ReaderMarks(ReaderScreens screens, ReaderButtons buttons) {
        this.rows = screens.rows();
        this.buttons = buttons;
    }

    @Override
    public List<BotApiMethod<?>> mark(Update update, List<BotApiMethod<?>> replies) {
        User from = update.getMessage() != null ? update.getMessage().getFrom()
                : update.getCallbackQuery() != null ? update.getCallbackQuery().getFrom() : null;
        if (from == null) {
            return replies;
        }
        String ownChat = String.valueOf(from.getId());
        for (BotApiMethod<?> reply : replies) {
            if (reply instanceof SendMessage m && ownChat.equals(m.getChatId())
                    && m.getReplyMarkup() instanceof InlineKeyboardMarkup keyboard) {
                InlineKeyboardMarkup marked = rows.relabel(keyboard, id -> buttons.marks(from.getId(), id));
                if (marked != null) {
                    m.setReplyMarkup(marked);
                }
            } else if (reply instanceof EditMessageText e && ownChat.equals(e.getChatId()) && e.getReplyMarkup() != null) {
                InlineKeyboardMarkup marked = rows.relabel(e.getReplyMarkup(), id -> buttons.marks(from.getId(), id));
                if (marked != null) {
                    e.setReplyMarkup(marked);
                }
            }
        }
        return replies;
    }
}
