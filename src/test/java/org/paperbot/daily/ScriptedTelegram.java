package org.paperbot.daily;

import org.mockito.Mockito;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.ApiResponse;
import org.telegram.telegrambots.meta.api.objects.ResponseParameters;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;

/**
 * A {@link TelegramClient} whose answers to sendMessage are scripted per chat; everything else fails the
 * test. Errors are thrown the way TelegramBots throws them for Telegram's JSON error answers.
 */
final class ScriptedTelegram {
    /** One scripted answer. */
    sealed interface Answer {
        record Ok() implements Answer { }

        record Error(int code, String description, Integer retryAfter, Long migrateTo) implements Answer { }

        record Network() implements Answer { }
    }

    static Answer ok() {
        return new Answer.Ok();
    }

    static Answer error(int code, String description) {
        return new Answer.Error(code, description, null, null);
    }

    static Answer forbidden() {
        return error(403, "Forbidden: bot was blocked by the user");
    }

    static Answer chatNotFound() {
        return error(400, "Bad Request: chat not found");
    }

    static Answer tooManyRequests(int retryAfter) {
        return new Answer.Error(429, "Too Many Requests: retry after " + retryAfter, retryAfter, null);
    }

    static Answer migrated(long to) {
        return new Answer.Error(400, "Bad Request: group chat was upgraded to a supergroup chat", null, to);
    }

    static Answer serverError() {
        return error(502, "Bad Gateway");
    }

    static Answer network() {
        return new Answer.Network();
    }

    private final Map<Long, Deque<Answer>> scripts = new HashMap<>();
    private final Map<Long, Answer> always = new HashMap<>();
    private final List<Long> sent = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> attempts = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger messageIds = new AtomicInteger(100);
    private volatile LongPredicate beforeAnswer = chat -> true;
    final TelegramClient client;

    ScriptedTelegram() {
        this.client = Mockito.mock(TelegramClient.class, invocation -> {
            Object arg = invocation.getArguments().length == 1 ? invocation.getArgument(0) : null;
            if (!invocation.getMethod().getName().equals("execute") || !(arg instanceof SendMessage m)) {
                throw new AssertionError("unexpected call " + invocation);
            }
            return answer(Long.parseLong(m.getChatId()));
        });
    }

    /** Answers for the next sends to {@code chatId}, in order; after them: ok. */
    synchronized ScriptedTelegram script(long chatId, Answer... answers) {
        scripts.computeIfAbsent(chatId, k -> new ArrayDeque<>()).addAll(List.of(answers));
        return this;
    }

    /** This answer to every send to {@code chatId}. */
    synchronized ScriptedTelegram always(long chatId, Answer answer) {
        always.put(chatId, answer);
        return this;
    }

    /** Runs before each answer (e.g. to block or to trigger a stop); false makes the send a network failure. */
    ScriptedTelegram beforeAnswer(LongPredicate hook) {
        this.beforeAnswer = hook;
        return this;
    }

    /** Chats that received a message, in order (a chat twice = a duplicate). */
    List<Long> delivered() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** Every sendMessage attempt, by chat. */
    List<Long> attempts() {
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }

    private Message answer(long chatId) throws TelegramApiException {
        attempts.add(chatId);
        if (!beforeAnswer.test(chatId)) {
            throw new TelegramApiException("Unable to execute sendMessage", new IOException("connection reset"));
        }
        Answer a;
        synchronized (this) {
            Deque<Answer> queue = scripts.get(chatId);
            a = always.getOrDefault(chatId, queue == null || queue.isEmpty() ? ok() : queue.pollFirst());
        }
        if (a instanceof Answer.Error e) {
            ResponseParameters parameters = e.retryAfter() == null && e.migrateTo() == null ? null
                    : new ResponseParameters(e.migrateTo(), e.retryAfter());
            ApiResponse<Object> response = new ApiResponse<>(false, e.code(), e.description(), parameters, null);
            throw new TelegramApiRequestException("Error sending message", response);
        }
        if (a instanceof Answer.Network) {
            throw new TelegramApiException("Unable to execute sendMessage", new IOException("timeout"));
        }
        sent.add(chatId);
        Message message = new Message();
        message.setMessageId(messageIds.incrementAndGet());
        return message;
    }
}
