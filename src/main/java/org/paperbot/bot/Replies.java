package org.paperbot.bot;

import org.paperbot.render.Html;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions;

import java.util.List;

/** Bot API method objects for the replies handlers return. Link previews are always off: cards carry links. */
public final class Replies {
    /** Longest piece of user input echoed back in a reply. */
    static final int ECHO_LIMIT = 40;
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

    /** The one way to reply with a message: {@code view} sent to {@code chatId}. */
    public static List<BotApiMethod<?>> reply(long chatId, View view) {
        return List.of(send(chatId, view));
    }

    /** A text reply without keyboard. */
    public static List<BotApiMethod<?>> reply(long chatId, String html) {
        return reply(chatId, View.text(html));
    }

    /** User input shown back to the user: shortened and escaped. */
    public static String echo(String input) {
        return Html.escape(Html.shorten(input.strip(), ECHO_LIMIT));
    }
}
