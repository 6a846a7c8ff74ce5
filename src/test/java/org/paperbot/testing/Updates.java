package org.paperbot.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Update payloads shaped like Telegram's JSON, for {@link FakeBotApi#push}. */
public final class Updates {
    private static final java.util.concurrent.atomic.AtomicInteger MESSAGE_IDS = new java.util.concurrent.atomic.AtomicInteger(1);

    private Updates() {
    }

    public static Map<String, Object> user(long id) {
        return Map.of("id", id, "is_bot", false, "first_name", "Tester" + id, "language_code", "ru");
    }

    /** A text message in a private chat (chat id = user id). */
    public static Map<String, Object> privateText(long userId, String text) {
        return Map.of("message", message(Map.of("id", userId, "type", "private", "first_name", "Tester"), userId, text));
    }

    /** A text message in a group (chat ids of groups are negative). */
    public static Map<String, Object> groupText(long chatId, long userId, String text) {
        return Map.of("message", message(Map.of("id", chatId, "type", "supergroup", "title", "Reading club"), userId, text));
    }

    public static Map<String, Object> message(Map<String, Object> chat, long userId, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message_id", nextMessageId());
        m.put("date", System.currentTimeMillis() / 1000);
        m.put("chat", chat);
        m.put("from", user(userId));
        if (text != null) {
            m.put("text", text);
        }
        return m;
    }

    /** A button press under message {@code messageId} in the private chat of {@code userId}. */
    public static Map<String, Object> callback(long userId, int messageId, String data) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", messageId);
        message.put("date", System.currentTimeMillis() / 1000);
        message.put("chat", Map.of("id", userId, "type", "private", "first_name", "Tester"));
        message.put("text", "card");
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("id", "cb" + messageId + "-" + System.nanoTime());
        query.put("from", user(userId));
        query.put("message", message);
        query.put("chat_instance", "ci" + userId);
        query.put("data", data);
        return Map.of("callback_query", query);
    }

    public static Map<String, Object> inline(long userId, String query, String offset) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("id", "iq" + userId + "-" + System.nanoTime());
        q.put("from", user(userId));
        q.put("query", query);
        q.put("offset", offset);
        q.put("chat_type", "sender");
        return Map.of("inline_query", q);
    }

    // ------------------------------------------------------------------ as TelegramBots objects, for unit tests

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final java.util.concurrent.atomic.AtomicInteger UPDATE_IDS = new java.util.concurrent.atomic.AtomicInteger(1);

    /** The payload (e.g. {@link #privateText}) as the {@code Update} TelegramBots would deserialize from Telegram. */
    public static org.telegram.telegrambots.meta.api.objects.Update parse(Map<String, Object> payload) {
        Map<String, Object> update = new LinkedHashMap<>(payload);
        update.putIfAbsent("update_id", UPDATE_IDS.getAndIncrement());
        return JSON.convertValue(update, org.telegram.telegrambots.meta.api.objects.Update.class);
    }

    public static Map<String, Object> privateChat(long userId) {
        return Map.of("id", userId, "type", "private", "first_name", "Tester");
    }

    public static Map<String, Object> groupChat(long chatId) {
        return Map.of("id", chatId, "type", "supergroup", "title", "Reading club");
    }

    /** A message with arbitrary extra fields (photo, pinned_message, …) and no text. */
    public static Map<String, Object> messageWith(Map<String, Object> chat, Long userId, Map<String, Object> extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message_id", nextMessageId());
        m.put("date", System.currentTimeMillis() / 1000);
        m.put("chat", chat);
        if (userId != null) {
            m.put("from", user(userId));
        }
        m.putAll(extra);
        return m;
    }

    /**
     * A button press. {@code messageDate} 0 makes the message inaccessible (older than 48 h) as Telegram sends it;
     * a null {@code messageId} makes it a press under an inline-mode message (no message, only inline_message_id).
     */
    public static Map<String, Object> callback(String queryId, long userId, Map<String, Object> chat, Integer messageId,
                                               long messageDate, String data) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("id", queryId);
        query.put("from", user(userId));
        if (messageId != null) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("message_id", messageId);
            message.put("date", messageDate);
            message.put("chat", chat);
            if (messageDate != 0) {
                message.put("text", "card");
            }
            query.put("message", message);
        } else {
            query.put("inline_message_id", "inline-" + queryId);
        }
        query.put("chat_instance", "ci" + userId);
        if (data != null) {
            query.put("data", data);
        }
        return Map.of("callback_query", query);
    }

    private static int nextMessageId() {
        return MESSAGE_IDS.getAndIncrement();
    }
}
