package org.paperbot.outbox;

import org.paperbot.render.Html;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/** What the outbox needs to know about a Bot API method: which chat it writes to, and its plain-text fallback. */
final class ChatMessages {
    /** Checked for every reply: compiled once rather than by String.matches on each call. */
    private static final Pattern CHAT_ID = Pattern.compile("-?\\d{1,18}");

    private ChatMessages() {
    }

    /**
     * The chat a message writes to: sendMessage, editMessageText and editMessageReplyMarkup addressed by numeric chat
     * id (the only form the bot uses). Empty for everything else — callback and inline answers, edits of inline messages.
     */
    static OptionalLong chatOf(BotApiMethod<?> method) {
        String id = method instanceof SendMessage m ? m.getChatId()
                : method instanceof EditMessageText e ? e.getChatId()
                : method instanceof EditMessageReplyMarkup k ? k.getChatId() : null;
        return id != null && CHAT_ID.matcher(id).matches() ? OptionalLong.of(Long.parseLong(id)) : OptionalLong.empty();
    }

    /** The chat for log lines: its id, "inline" for an inline message, "-" for answers. */
    static String describeChat(BotApiMethod<?> method) {
        if (method instanceof SendMessage m) {
            return m.getChatId();
        }
        if (method instanceof EditMessageText e) {
            return e.getChatId() == null ? "inline" : e.getChatId();
        }
        if (method instanceof EditMessageReplyMarkup k) {
            return k.getChatId() == null ? "inline" : k.getChatId();
        }
        return "-";
    }

    /** The same message without HTML and keyboard, shortened to the limit; null when there is no text. */
    static BotApiMethod<?> plainFallback(BotApiMethod<?> reply) {
        if (reply instanceof SendMessage m && m.getParseMode() != null) {
            return SendMessage.builder().chatId(m.getChatId()).text(plain(m.getText()))
                    .linkPreviewOptions(m.getLinkPreviewOptions()).build();
        }
        if (reply instanceof EditMessageText e && e.getParseMode() != null) {
            return EditMessageText.builder().chatId(e.getChatId()).messageId(e.getMessageId())
                    .inlineMessageId(e.getInlineMessageId()).text(plain(e.getText()))
                    .linkPreviewOptions(e.getLinkPreviewOptions()).build();
        }
        return null;
    }

    private static String plain(String html) {
        String text = Html.shorten(Html.toPlain(html).strip(), Html.MAX_MESSAGE_LENGTH);
        return text.isEmpty() ? "…" : text;
    }

    /** The same message to another chat (a group that became a supergroup). */
    static SendMessage copyTo(SendMessage m, long chatId) {
        return SendMessage.builder().chatId(chatId).text(m.getText()).parseMode(m.getParseMode())
                .linkPreviewOptions(m.getLinkPreviewOptions()).replyMarkup(m.getReplyMarkup()).build();
    }
}
