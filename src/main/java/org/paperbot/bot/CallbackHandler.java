package org.paperbot.bot;

import org.paperbot.library.Snapshot;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.render.Texts;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Button presses. Every query is answered (first, so the client's spinner stops at once); buttons that no
 * longer make sense (an old catalog, a removed paper) get a short explanation instead of an error.
 */
public final class CallbackHandler {
    private final Views views;
    private final Texts texts;

    public CallbackHandler(Views views) {
        this.views = views;
        this.texts = views.texts();
    }

    public List<BotApiMethod<?>> handle(Snapshot snapshot, CallbackQuery query) {
        Optional<CallbackData> data = CallbackData.decode(query.getData());
        MaybeInaccessibleMessage message = query.getMessage();
        if (data.isEmpty()) {
            return List.of(Replies.answer(query.getId(), texts.get("callback.stale")));
        }
        if (message == null || message.getChatId() == null) {
            // A button under a message sent in inline mode: nothing to edit from here.
            return List.of(Replies.answer(query.getId(), null));
        }
        Catalog catalog = snapshot.catalog();
        long chatId = message.getChatId();
        // An inaccessible (very old) message cannot be edited, so such presses open a new message instead.
        Integer editable = message.getDate() != null && message.getDate() != 0 ? message.getMessageId() : null;
        CallbackData d = data.get();

        if (d instanceof CallbackData.ShowCard c) {
            return catalog.byId(c.paperId())
                    .map(p -> answerThen(query, show(chatId, editable, views.card(catalog, p))))
                    .orElseGet(() -> List.of(Replies.answer(query.getId(), texts.get("callback.paperGone"))));
        }
        if (d instanceof CallbackData.OpenCard c) {
            Optional<Paper> paper = catalog.byId(c.paperId());
            return paper.map(p -> answerThen(query, Replies.send(chatId, views.card(catalog, p))))
                    .orElseGet(() -> List.of(Replies.answer(query.getId(), texts.get("callback.paperGone"))));
        }
        if (d instanceof CallbackData.ListPage l) {
            return answerThen(query, show(chatId, editable, views.listPage(catalog, l.page())));
        }
        if (d instanceof CallbackData.TopicPage t) {
            return views.topicPage(catalog, t.topic(), t.page())
                    .map(v -> answerThen(query, show(chatId, editable, v)))
                    .orElseGet(() -> List.of(Replies.answer(query.getId(), texts.get("callback.stale"))));
        }
        if (d instanceof CallbackData.OpenTopic t) {
            return views.topicPage(catalog, t.topic(), 0)
                    .map(v -> answerThen(query, Replies.send(chatId, v)))
                    .orElseGet(() -> List.of(Replies.answer(query.getId(), texts.get("callback.stale"))));
        }
        if (d instanceof CallbackData.SearchPage q) {
            return answerThen(query, show(chatId, editable, views.searchPage(snapshot, q.query(), q.page())));
        }
        if (d instanceof CallbackData.SearchByKey q) {
            return views.searchPageByKey(snapshot, q.key(), q.page())
                    .map(v -> answerThen(query, show(chatId, editable, v)))
                    .orElseGet(() -> List.of(Replies.answer(query.getId(), texts.get("callback.searchExpired"))));
        }
        if (d instanceof CallbackData.Today) {
            return answerThen(query, Replies.send(chatId, views.today(catalog)));
        }
        if (d instanceof CallbackData.RandomPaper) {
            return answerThen(query, Replies.send(chatId, views.random(catalog)));
        }
        if (d instanceof CallbackData.OpenList) {
            return answerThen(query, Replies.send(chatId, views.listPage(catalog, 0)));
        }
        if (d instanceof CallbackData.Topics) {
            return answerThen(query, Replies.send(chatId, views.topics(catalog)));
        }
        return List.of(Replies.answer(query.getId(), null));
    }

    private static BotApiMethod<?> show(long chatId, Integer messageId, View view) {
        return messageId == null ? Replies.send(chatId, view) : Replies.edit(chatId, messageId, view);
    }

    private static List<BotApiMethod<?>> answerThen(CallbackQuery query, BotApiMethod<?> reply) {
        List<BotApiMethod<?>> out = new ArrayList<>(2);
        out.add(Replies.answer(query.getId(), null));
        out.add(reply);
        return out;
    }
}
