package org.paperbot.telegram;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.paperbot.render.Html;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.paperbot.telegram.TelegramGatewayTest.apiError;

class ReplySenderTest {
    static final long CHAT = 4242L;
    static final String CARD = "<b>Заголовок &amp; &lt;детали&gt;</b>\n<i>Авторы</i>\n📄 <a href=\"https://x.org/pdf?id=1&amp;v=2\">PDF</a>";
    static final LinkPreviewOptions NO_PREVIEW = LinkPreviewOptions.builder().isDisabled(true).build();

    private final TelegramClient client = mock(TelegramClient.class);
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final ReplySender.ChatEvents events = mock(ReplySender.ChatEvents.class);
    private final ReplySender sender = new ReplySender(new TelegramGateway(client, sleeps::add, TelegramGateway.ApiListener.NONE), events);

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    static InlineKeyboardMarkup keyboard() {
        return InlineKeyboardMarkup.builder().keyboardRow(new InlineKeyboardRow(
                InlineKeyboardButton.builder().text("▶️").callbackData("c:next").build())).build();
    }

    static SendMessage html(long chat, String text) {
        return SendMessage.builder().chatId(chat).text(text).parseMode(ParseMode.HTML).linkPreviewOptions(NO_PREVIEW)
                .replyMarkup(keyboard()).build();
    }

    private List<SendMessage> sentMessages(int expected) throws TelegramApiException {
        ArgumentCaptor<SendMessage> captor = ArgumentCaptor.forClass(SendMessage.class);
        verify(client, times(expected)).execute(captor.capture());
        return captor.getAllValues();
    }

    @Test
    void successfulRepliesAreSentInOrderOnce() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenReturn(new Message());
        when(client.execute(any(AnswerCallbackQuery.class))).thenReturn(true);
        AnswerCallbackQuery answer = AnswerCallbackQuery.builder().callbackQueryId("q").build();
        SendMessage first = html(CHAT, "one");
        SendMessage second = html(CHAT, "two");

        sender.send(List.of(answer, first, second));

        InOrder order = inOrder(client);
        order.verify(client).execute(answer);
        order.verify(client).execute(first);
        order.verify(client).execute(second);
        verifyNoInteractions(events);
    }

    @Test
    void aRejectedHtmlMessageIsResentAsPlainTextWithoutMarkupOrKeyboard() throws TelegramApiException {
        when(client.execute(any(SendMessage.class)))
                .thenThrow(apiError(400, "Bad Request: can't parse entities: unsupported start tag", null, null))
                .thenReturn(new Message());

        sender.send(List.of(html(CHAT, CARD)));

        List<SendMessage> sent = sentMessages(2);
        SendMessage plain = sent.get(1);
        assertThat(plain.getChatId()).isEqualTo(String.valueOf(CHAT));
        assertThat(plain.getParseMode()).isNull();
        assertThat(plain.getReplyMarkup()).isNull();
        assertThat(plain.getEntities()).isNullOrEmpty();
        assertThat(plain.getLinkPreviewOptions()).isEqualTo(NO_PREVIEW);
        assertThat(plain.getText()).isEqualTo("Заголовок & <детали>\nАвторы\n📄 PDF").isEqualTo(Html.toPlain(CARD));
        assertThat(sleeps).isEmpty();
        verifyNoInteractions(events);
    }

    @Test
    void thePlainFallbackIsShortenedToTheMessageLimit() throws TelegramApiException {
        when(client.execute(any(SendMessage.class)))
                .thenThrow(apiError(400, "Bad Request: message is too long", null, null))
                .thenReturn(new Message());
        String tooLong = "<b>" + "слово &amp; ".repeat(600) + "</b>";

        sender.send(List.of(html(CHAT, tooLong)));

        SendMessage plain = sentMessages(2).get(1);
        assertThat(plain.getText().length()).isLessThanOrEqualTo(Html.MAX_MESSAGE_LENGTH).isGreaterThan(Html.MAX_MESSAGE_LENGTH - 20);
        assertThat(plain.getText()).startsWith("слово & слово &").endsWith("…").doesNotContain("&amp;", "<b>");
    }

    @Test
    void aRejectedEditIsRetriedAsAPlainEditOfTheSameMessage() throws TelegramApiException {
        when(client.execute(any(EditMessageText.class)))
                .thenThrow(apiError(400, "Bad Request: can't parse entities", null, null))
                .thenReturn(new Message());
        EditMessageText edit = EditMessageText.builder().chatId(CHAT).messageId(77).text(CARD).parseMode(ParseMode.HTML)
                .replyMarkup(keyboard()).build();

        sender.send(List.of(edit));

        ArgumentCaptor<EditMessageText> captor = ArgumentCaptor.forClass(EditMessageText.class);
        verify(client, times(2)).execute(captor.capture());
        EditMessageText plain = captor.getAllValues().get(1);
        assertThat(plain.getChatId()).isEqualTo(String.valueOf(CHAT));
        assertThat(plain.getMessageId()).isEqualTo(77);
        assertThat(plain.getParseMode()).isNull();
        assertThat(plain.getReplyMarkup()).isNull();
        assertThat(plain.getText()).isEqualTo(Html.toPlain(CARD));
    }

    @Test
    void aMessageThatWasAlreadyPlainIsNotResent() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(apiError(400, "Bad Request: text is too long", null, null));
        sender.send(List.of(SendMessage.builder().chatId(CHAT).text("plain").build()));
        sentMessages(1);
    }

    @Test
    void aRejectedCallbackAnswerHasNoFallback() throws TelegramApiException {
        when(client.execute(any(AnswerCallbackQuery.class))).thenThrow(apiError(400, "Bad Request: query is too old", null, null));
        sender.send(List.of(AnswerCallbackQuery.builder().callbackQueryId("old").build()));
        verify(client, times(1)).execute(any(AnswerCallbackQuery.class));
    }

    @Test
    void whenTheFallbackFailsTooTheNextReplyIsStillSent() throws TelegramApiException {
        when(client.execute(any(SendMessage.class)))
                .thenThrow(apiError(400, "Bad Request: one", null, null))
                .thenThrow(apiError(400, "Bad Request: two", null, null))
                .thenReturn(new Message());
        sender.send(List.of(html(CHAT, CARD), html(CHAT, "next")));
        List<SendMessage> sent = sentMessages(3);
        assertThat(sent.get(2).getText()).isEqualTo("next");
    }

    @Test
    void aMigratedGroupGetsTheReplyAtItsNewIdAndTheEventIsReported() throws TelegramApiException {
        long oldId = -4242L;
        long newId = -1001234567890L;
        when(client.execute(any(SendMessage.class)))
                .thenThrow(apiError(400, "Bad Request: group chat was upgraded to a supergroup chat", null, newId))
                .thenReturn(new Message());
        SendMessage original = html(oldId, CARD);

        sender.send(List.of(original));

        SendMessage resent = sentMessages(2).get(1);
        assertThat(resent.getChatId()).isEqualTo(String.valueOf(newId));
        assertThat(resent.getText()).isEqualTo(CARD);
        assertThat(resent.getParseMode()).isEqualTo(ParseMode.HTML);
        assertThat(resent.getReplyMarkup()).isEqualTo(original.getReplyMarkup());
        assertThat(resent.getLinkPreviewOptions()).isEqualTo(NO_PREVIEW);
        verify(events).chatMigrated(oldId, newId);
        verify(events, never()).chatGone(anyLong(), any());
    }

    @Test
    void aBlockedUserIsReportedGoneAndNotRetried() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(apiError(403, "Forbidden: bot was blocked by the user", null, null));
        sender.send(List.of(html(CHAT, CARD)));
        sentMessages(1);
        ArgumentCaptor<ApiError> error = ArgumentCaptor.forClass(ApiError.class);
        verify(events).chatGone(eq(CHAT), error.capture());
        assertThat(error.getValue().kind()).isEqualTo(ApiError.Kind.FORBIDDEN);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aMissingChatIsReportedGone() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(apiError(400, "Bad Request: chat not found", null, null));
        sender.send(List.of(html(-100L, CARD)));
        verify(events).chatGone(eq(-100L), any(ApiError.class));
        sentMessages(1);
    }

    @Test
    void notModifiedIsSilent() throws TelegramApiException {
        when(client.execute(any(EditMessageText.class)))
                .thenThrow(apiError(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same", null, null));
        sender.send(List.of(EditMessageText.builder().chatId(CHAT).messageId(5).text(CARD).parseMode(ParseMode.HTML).build()));
        verify(client, times(1)).execute(any(EditMessageText.class));
        verifyNoInteractions(events);
    }

    @Test
    void transientFailuresAreRetriedByTheRepliesPolicy() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(apiError(502, "Bad Gateway", null, null)).thenReturn(new Message());
        sender.send(List.of(html(CHAT, CARD)));
        sentMessages(2);
        assertThat(sleeps).containsExactly(RetryPolicy.REPLIES.firstBackoff());
    }

    @Test
    void anInterruptedThreadStopsSendingTheRest() throws TelegramApiException {
        Thread.currentThread().interrupt();
        sender.send(List.of(html(CHAT, "one"), html(CHAT, "two")));
        verify(client, never()).execute(any(SendMessage.class));
    }

    @Test
    void plainFallbackOfOtherMethodsIsNull() {
        BotApiMethod<? extends Serializable> answer = AnswerCallbackQuery.builder().callbackQueryId("q").text("t").build();
        assertThat(ReplySender.plainFallback(answer)).isNull();
    }

    @Test
    void plainFallbackOfHtmlThatIsOnlyTagsIsAnEllipsis() {
        SendMessage onlyTags = SendMessage.builder().chatId(CHAT).text("<b> </b>").parseMode(ParseMode.HTML).build();
        assertThat(((SendMessage) ReplySender.plainFallback(onlyTags)).getText()).isEqualTo("…");
    }
}
