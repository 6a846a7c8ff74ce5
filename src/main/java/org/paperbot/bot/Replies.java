package org.paperbot.bot;

import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions;

import java.util.List;

/** Bot API method objects for the replies handlers return. Link previews are always off: cards carry links. */
public final class Replies {
    private static final LinkPreviewOptions NO_PREVIEW = LinkPreviewOptions.builder().isDisabled(true).build();

    private Replies() {
    }

    public static SendMessage send(long chatId, View view) {
        return SendMessage.builder()
                .chatId(chatId)
                .text(view.html())
                .parseMode(ParseMode.HTML)
                .linkPreviewOptions(NO_PREVIEW)
                .replyMarkup(view.keyboard())
                .build();
    }

    public static EditMessageText edit(long chatId, int messageId, View view) {
        return EditMessageText.builder()
                .chatId(chatId)
                .messageId(messageId)
                .text(view.html())
                .parseMode(ParseMode.HTML)
                .linkPreviewOptions(NO_PREVIEW)
                .replyMarkup(view.keyboard())
                .build();
    }

    public static AnswerCallbackQuery answer(String callbackQueryId, String text) {
        return AnswerCallbackQuery.builder().callbackQueryId(callbackQueryId).text(text).build();
    }

    public static List<BotApiMethod<?>> one(BotApiMethod<?> method) {
        return List.of(method);
    }
}
