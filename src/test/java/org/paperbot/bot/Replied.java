package org.paperbot.bot;

import org.paperbot.catalog.Paper;
import org.paperbot.daily.ChatCalendar;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.render.Texts;
import org.paperbot.store.Database;
import org.paperbot.store.SubscriptionStore;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.ReplyKeyboard;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers to build the bot core for unit tests and to read the Bot API calls it returns. */
final class Replied {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    private Replied() {
    }

    static Screens screens(int pageSize, RandomGenerator random) {
        return Screens.of(Texts.russian(), "paperbot_test_bot", org.paperbot.testing.Dailies.inMemory(), pageSize, random);
    }

    /**
     * What day it is in each chat by {@code clock}, over an in-memory database where no chat has chosen a zone:
     * every chat is in Moscow, the default.
     */
    static ChatCalendar calendar(Clock clock) {
        return new ChatCalendar(clock, new SubscriptionStore(Database.inMemory(), clock, LocalTime.of(9, 0), MOSCOW));
    }

    /** The single reply, which must be an HTML SendMessage without link preview. */
    static SendMessage onlySend(List<BotApiMethod<?>> replies) {
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0)).isInstanceOf(SendMessage.class);
        SendMessage m = (SendMessage) replies.get(0);
        assertThat(m.getParseMode()).isEqualTo(ParseMode.HTML);
        assertThat(m.getLinkPreviewOptions().getIsDisabled()).isTrue();
        return m;
    }

    static List<List<InlineKeyboardButton>> rows(ReplyKeyboard markup) {
        List<List<InlineKeyboardButton>> rows = new ArrayList<>();
        if (markup == null) {
            return rows;
        }
        for (InlineKeyboardRow row : ((InlineKeyboardMarkup) markup).getKeyboard()) {
            rows.add(new ArrayList<>(row));
        }
        return rows;
    }

    static List<String> callbackData(ReplyKeyboard markup) {
        List<String> data = new ArrayList<>();
        rows(markup).forEach(r -> r.stream().filter(b -> b.getCallbackData() != null).forEach(b -> data.add(b.getCallbackData())));
        return data;
    }

    /** The row "links" a card of {@code p} should carry: PDF, the OpenReview forum, and arXiv when there is one. */
    static List<String> linkUrls(Paper p) {
        List<String> urls = new ArrayList<>(List.of(p.links().pdf().toString(), p.links().openReview().orElseThrow().toString()));
        p.links().arxiv().ifPresent(a -> urls.add(a.toString()));
        return urls;
    }

    static List<String> urls(ReplyKeyboard markup) {
        List<String> urls = new ArrayList<>();
        rows(markup).forEach(r -> r.stream().filter(b -> b.getUrl() != null).forEach(b -> urls.add(b.getUrl())));
        return urls;
    }

    static List<String> callbackData(BotApiMethod<?> reply) {
        if (reply instanceof SendMessage m) {
            return callbackData(m.getReplyMarkup());
        }
        if (reply instanceof EditMessageText e) {
            return callbackData(e.getReplyMarkup());
        }
        throw new AssertionError("no keyboard on " + reply.getMethod());
    }

    static AnswerCallbackQuery answer(BotApiMethod<?> reply) {
        assertThat(reply).isInstanceOf(AnswerCallbackQuery.class);
        return (AnswerCallbackQuery) reply;
    }
}
