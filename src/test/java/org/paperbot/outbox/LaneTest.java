package org.paperbot.outbox;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One chat's queue: what is merged, what replaces what, what is dropped. */
class LaneTest {
    static final long SECOND = 1_000_000_000L;
    static final long CHAT = 7;
    static final long GROUP = -700;

    static SendMessage card(long chat, String text, String button) {
        return SendMessage.builder().chatId(chat).text(text).parseMode(ParseMode.HTML)
                .replyMarkup(InlineKeyboardMarkup.builder().keyboardRow(new InlineKeyboardRow(
                        InlineKeyboardButton.builder().text("▶️").callbackData(button).build())).build())
                .build();
    }

    static EditMessageText edit(long chat, int messageId, String text) {
        return EditMessageText.builder().chatId(chat).messageId(messageId).text(text).parseMode(ParseMode.HTML).build();
    }

    private static Lane lane(long chat) {
        return new Lane(chat, ChatLimits.TELEGRAM.ruleFor(chat));
    }

    /** Takes everything waiting, in order; returns the texts. */
    private static List<String> drain(Lane lane) {
        List<String> texts = new ArrayList<>();
        Pending p;
        while ((p = lane.next()) != null) {
            texts.add(p.method instanceof SendMessage m ? m.getText() : ((EditMessageText) p.method).getText());
        }
        return texts;
    }

    @Test
    void anIdenticalMessageStillWaitingIsMergedIntoIt() {
        Lane lane = lane(CHAT);
        Lane.Offer first = lane.offer(card(CHAT, "Статья дня", "c:1"), 10, 0, false);
        lane.offer(card(CHAT, "другая", "c:1"), 10, 0, false);
        Lane.Offer again = lane.offer(card(CHAT, "Статья дня", "c:1"), 10, 0, false);
        assertThat(first.coalesced()).isFalse();
        assertThat(again.coalesced()).isTrue();
        assertThat(again.waitFor()).as("it waits for the first one's delivery").isSameAs(first.waitFor());
        assertThat(drain(lane)).containsExactly("Статья дня", "другая");
    }

    @Test
    void anIdenticalMessageOnTheWireIsMergedIntoIt() {
        Lane lane = lane(CHAT);
        lane.offer(card(CHAT, "Статья дня", "c:1"), 10, 0, false);
        lane.inFlight = lane.next();
        Lane.Offer again = lane.offer(card(CHAT, "Статья дня", "c:1"), 10, 0, false);
        assertThat(again.coalesced()).isTrue();
        assertThat(again.waitFor()).isSameAs(lane.inFlight);
        assertThat(lane.hasQueued()).isFalse();
    }

    @Test
    void theSameTextWithAnotherKeyboardIsNotTheSameMessage() {
        Lane lane = lane(CHAT);
        lane.offer(card(CHAT, "Каталог", "l:1"), 10, 0, false);
        assertThat(lane.offer(card(CHAT, "Каталог", "l:2"), 10, 0, false).coalesced()).isFalse();
    }

    @Test
    void aNewerEditOfAMessageReplacesTheWaitingOneInItsPlace() {
        Lane lane = lane(CHAT);
        lane.offer(edit(CHAT, 77, "страница 2"), 10, 0, false);
        lane.offer(card(CHAT, "после", "c:1"), 10, 0, false);
        lane.offer(edit(CHAT, 78, "другое сообщение"), 10, 0, false);
        Lane.Offer newest = lane.offer(edit(CHAT, 77, "страница 3"), 10, 0, false);
        assertThat(newest.coalesced()).isTrue();
        assertThat(drain(lane)).containsExactly("страница 3", "после", "другое сообщение");
    }

    @Test
    void anEditOfTheMessageOnTheWireStillGoesOut() {
        Lane lane = lane(CHAT);
        lane.offer(edit(CHAT, 77, "страница 2"), 10, 0, false);
        lane.inFlight = lane.next();
        assertThat(lane.offer(edit(CHAT, 77, "страница 3"), 10, 0, false).coalesced())
                .as("the one on the wire may carry older content").isFalse();
    }

    @Test
    void beyondTheBoundTheOldestWaitingMessageIsDropped() {
        Lane lane = lane(CHAT);
        Lane.Offer oldest = lane.offer(card(CHAT, "0", "c:1"), 3, 0, false);
        for (int i = 1; i < 3; i++) {
            assertThat(lane.offer(card(CHAT, String.valueOf(i), "c:1"), 3, 0, false).dropped()).isNull();
        }
        Lane.Offer fourth = lane.offer(card(CHAT, "3", "c:1"), 3, 0, false);
        assertThat(fourth.dropped()).isSameAs(oldest.waitFor());
        assertThat(drain(lane)).containsExactly("1", "2", "3");
    }

    @Test
    void aGroupIsNotSentAgainWhatItGotWithinTheMinute() {
        Lane group = lane(GROUP);
        SendMessage today = card(GROUP, "Статья дня", "c:1");
        group.offer(today, 10, 0, false);
        group.delivered(group.next().method, 0);
        assertThat(group.offer(today, 10, 59 * SECOND, false)).isEqualTo(new Lane.Offer(null, true, null));
        assertThat(group.offer(today, 10, 60 * SECOND, false).coalesced()).as("a minute later it is news again").isFalse();

        Lane chat = lane(CHAT);
        chat.offer(card(CHAT, "Статья дня", "c:1"), 10, 0, false);
        chat.delivered(chat.next().method, 0);
        assertThat(chat.offer(card(CHAT, "Статья дня", "c:1"), 10, SECOND, false).coalesced())
                .as("a private chat asked again: it gets the answer again").isFalse();
    }
}
