package org.paperbot.telegram;

import org.paperbot.render.Html;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;
import java.util.function.LongConsumer;

/**
 * Executes a handler's replies in order. A reply Telegram rejects as malformed (bad HTML, too long) is resent
 * as plain text so the user still gets an answer; a migrated group gets the reply at its new id.
 */
public final class ReplySender {
    private static final Logger log = LoggerFactory.getLogger(ReplySender.class);
    /** Checked for every reply: compiled once rather than by String.matches on each call. */
    private static final Pattern CHAT_ID = Pattern.compile("-?\\d{1,18}");

    private final TelegramGateway gateway;
    private final ChatEvents chatEvents;
    private final LongConsumer messageSent;

    /** Chat-level facts learned while replying, for whoever keeps per-chat state (subscriptions). */
    public interface ChatEvents {
        ChatEvents NONE = new ChatEvents() { };

        default void chatMigrated(long oldChatId, long newChatId) { }

        default void chatGone(long chatId, ApiError error) { }
    }

    public ReplySender(TelegramGateway gateway, ChatEvents chatEvents) {
        this(gateway, chatEvents, chatId -> { });
    }

    /**
     * @param messageSent told of every new message about to go to a chat, so a shared send budget can count it:
     *                    replies never wait for the budget, broadcasts make room for them
     */
    public ReplySender(TelegramGateway gateway, ChatEvents chatEvents, LongConsumer messageSent) {
        this.gateway = gateway;
        this.chatEvents = chatEvents;
        this.messageSent = messageSent;
    }

    public void send(List<BotApiMethod<?>> replies) {
        for (BotApiMethod<?> reply : replies) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            sendOne(reply);
        }
    }

    private void sendOne(BotApiMethod<? extends Serializable> reply) {
        if (reply instanceof SendMessage m && isNumeric(m.getChatId())) {
            messageSent.accept(Long.parseLong(m.getChatId()));
        }
        ApiResult<? extends Serializable> result = gateway.call(reply, RetryPolicy.REPLIES);
        if (result.isOk()) {
            return;
        }
        ApiError error = result.error();
        String chat = chatOf(reply);
        switch (error.kind()) {
            case NOT_MODIFIED -> log.debug("{} to chat {}: nothing changed", reply.getMethod(), chat);
            case MIGRATED -> {
                long newId = error.migrateToChatId().orElseThrow();
                log.info("Chat {} migrated to {}; resending {}", chat, newId, reply.getMethod());
                if (isNumeric(chat)) {
                    chatEvents.chatMigrated(Long.parseLong(chat), newId);
                }
                if (reply instanceof SendMessage m) {
                    sendOne(copyTo(m, newId));
                }
            }
            case FORBIDDEN, CHAT_NOT_FOUND -> {
                log.info("{} to chat {} refused: {}", reply.getMethod(), chat, error);
                if (isNumeric(chat)) {
                    chatEvents.chatGone(Long.parseLong(chat), error);
                }
            }
            case BAD_REQUEST -> {
                log.warn("{} to chat {} rejected: {}; falling back to plain text", reply.getMethod(), chat, error);
                BotApiMethod<?> plain = plainFallback(reply);
                if (plain != null) {
                    ApiResult<? extends Serializable> second = gateway.call(plain, RetryPolicy.REPLIES);
                    if (!second.isOk()) {
                        log.warn("{} to chat {} failed again as plain text: {}", reply.getMethod(), chat, second.error());
                    }
                }
            }
            default -> log.warn("{} to chat {} failed: {}", reply.getMethod(), chat, error);
        }
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

    private static SendMessage copyTo(SendMessage m, long chatId) {
        return SendMessage.builder().chatId(chatId).text(m.getText()).parseMode(m.getParseMode())
                .linkPreviewOptions(m.getLinkPreviewOptions()).replyMarkup(m.getReplyMarkup()).build();
    }

    private static String chatOf(BotApiMethod<?> reply) {
        if (reply instanceof SendMessage m) {
            return m.getChatId();
        }
        if (reply instanceof EditMessageText e) {
            return e.getChatId() == null ? "inline" : e.getChatId();
        }
        return "-";
    }

    private static boolean isNumeric(String s) {
        return s != null && CHAT_ID.matcher(s).matches();
    }
}
