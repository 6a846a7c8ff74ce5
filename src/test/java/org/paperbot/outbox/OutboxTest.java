package org.paperbot.outbox;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.paperbot.render.Html;
import org.paperbot.telegram.ApiError;
import org.paperbot.telegram.RetryPolicy;
import org.paperbot.telegram.TelegramGateway;
import org.paperbot.telegram.TelegramHttp;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.FakeBotApi.Answer;
import org.paperbot.testing.Eventually;
import org.paperbot.testing.FakeBotApi.Call;
import org.paperbot.testing.FakeRateLimits;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox through the real TelegramBots client against the fake Bot API on loopback. Where time matters
 * the outbox and the fake's limits share a manual clock, so minutes pass without waiting for them.
 */
@Timeout(120)
class OutboxTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final long SECOND = 1_000_000_000L;
    static final ChatLimits.Rule NO_LIMIT = new ChatLimits.Rule(Duration.ZERO, 1, 0, Duration.ZERO);
    static final ChatLimits UNLIMITED = new ChatLimits(NO_LIMIT, NO_LIMIT);
    static final long CHAT = 4242;
    static final long GROUP = -100_4242;
    static final String CARD = "<b>Заголовок &amp; &lt;детали&gt;</b>\n<i>Авторы</i>\n📄 <a href=\"https://x.org/pdf?id=1&amp;v=2\">PDF</a>";
    static final LinkPreviewOptions NO_PREVIEW = LinkPreviewOptions.builder().isDisabled(true).build();

    /** What sending taught about chats. */
    static final class Learned implements ChatEvents {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void chatMigrated(long oldChatId, long newChatId) {
            events.add("migrated " + oldChatId + " → " + newChatId);
        }

        @Override
        public void chatGone(long chatId, ApiError error) {
            events.add("gone " + chatId + " " + error.kind());
        }
    }

    final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    final Learned learned = new Learned();
    final AtomicInteger newMessages = new AtomicInteger();
    FakeBotApi api;
    OkHttpClient http;
    TelegramGateway gateway;
    Outbox outbox;

    @BeforeEach
    void startApi() {
        api = FakeBotApi.start();
        http = TelegramHttp.sendingClient(32);
        OkHttpTelegramClient client = new OkHttpTelegramClient(http, FakeBotApi.TOKEN, TelegramHttp.telegramUrl(URI.create(api.url())));
        gateway = new TelegramGateway(client, d -> {
            throw new AssertionError("the outbox never sleeps on a thread");
        }, new SplittableRandom(5), TelegramGateway.ApiListener.NONE);
    }

    @AfterEach
    void stopAll() {
        if (outbox != null) {
            outbox.stop(Duration.ofSeconds(1));
        }
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        api.close();
    }

    private Outbox start(ChatLimits limits, LongSupplier nanoTime) {
        return start(new Outbox.Options(limits, 16, Outbox.MAX_PENDING_PER_CHAT, 1000), nanoTime);
    }

    private Outbox start(Outbox.Options options, LongSupplier nanoTime) {
        outbox = Outbox.start(gateway, learned, newMessages::incrementAndGet, options, nanoTime, new SplittableRandom(3));
        return outbox;
    }

    /** An outbox on the manual clock, with Telegram's limits, against a fake that enforces them on the same clock. */
    private FakeRateLimits startOnManualClock() {
        FakeRateLimits limits = FakeRateLimits.telegram(clock::get);
        api.enforce(limits);
        start(ChatLimits.TELEGRAM, clock::get);
        return limits;
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
        awaitSettled();
    }

    /** Waits until the outbox has done everything the clock's current time allows. */
    private void awaitSettled() {
        Eventually.until("the outbox to settle", WAIT, outbox::settled);
    }

    static SendMessage text(long chat, String text) {
        return SendMessage.builder().chatId(chat).text(text).build();
    }

    static InlineKeyboardMarkup keyboard() {
        return InlineKeyboardMarkup.builder().keyboardRow(new InlineKeyboardRow(
                InlineKeyboardButton.builder().text("▶️").callbackData("c:next").build())).build();
    }

    static SendMessage html(long chat, String text) {
        return SendMessage.builder().chatId(chat).text(text).parseMode(ParseMode.HTML).linkPreviewOptions(NO_PREVIEW)
                .replyMarkup(keyboard()).build();
    }

    static EditMessageText edit(long chat, int messageId, String text) {
        return EditMessageText.builder().chatId(chat).messageId(messageId).text(text).parseMode(ParseMode.HTML)
                .replyMarkup(keyboard()).build();
    }

    private CompletableFuture<Void> submit(BotApiMethod<?>... replies) {
        return outbox.submit(List.of(replies));
    }

    private List<String> textsTo(long chat) {
        return api.calls().stream().filter(c -> c.body().path("chat_id").asLong() == chat && c.text() != null)
                .map(Call::text).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ order, and nobody waits

    @Test
    void eachChatGetsItsMessagesInOrderWhileTheApiAnswersInAnyOrder() {
        SplittableRandom random = new SplittableRandom(42);
        api.override("sendMessage", c -> {
            int delay;
            synchronized (random) {
                delay = random.nextInt(15);
            }
            sleep(delay); // then answered as usual
            return null;
        });
        start(UNLIMITED, System::nanoTime);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int n = 0; n < 10; n++) {
            for (long chat = 1; chat <= 6; chat++) {
                all.add(submit(text(chat, "message " + n)));
            }
        }
        api.awaitCount("sendMessage", 60, WAIT);
        for (long chat = 1; chat <= 6; chat++) {
            assertThat(textsTo(chat)).containsExactly(java.util.stream.IntStream.range(0, 10)
                    .mapToObj(n -> "message " + n).toArray(String[]::new));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    @Test
    void submitReturnsAtOnceWhileTheApiHoldsTheMessageAndOtherChatsGoOn() {
        CountDownLatch release = new CountDownLatch(1);
        api.override("sendMessage", c -> {
            if (c.chatId() == 1) {
                await(release);
            }
            return null;
        });
        start(ChatLimits.TELEGRAM, System::nanoTime);
        CompletableFuture<Void> held = submit(text(1, "held by the API"));
        api.await("sendMessage", c -> c.chatId() == 1, WAIT);
        assertThat(held).as("the caller did not wait for Telegram").isNotDone();
        CompletableFuture<Void> other = submit(text(2, "meanwhile"));
        other.join();
        assertThat(held).isNotDone();
        release.countDown();
        held.join();
        assertThat(textsTo(1)).containsExactly("held by the API");
    }

    // ------------------------------------------------------------------ 429

    @Test
    void a429ParksThatChatForItsRetryAfterWhileOtherChatsGoOn() {
        AtomicInteger refused = new AtomicInteger();
        api.override("sendMessage", c -> c.chatId() == 1 && refused.getAndIncrement() == 0 ? Answer.tooManyRequests(60) : null);
        start(ChatLimits.TELEGRAM, clock::get);

        CompletableFuture<Void> parked = submit(text(1, "refused once"), text(1, "after it"));
        api.await("sendMessage", c -> c.chatId() == 1, WAIT);
        awaitSettled();
        assertThat(outbox.stats().parkedChats()).isEqualTo(1);
        submit(text(2, "another chat")).join();
        advance(Duration.ofSeconds(59));
        submit(text(3, "a minute later, another chat")).join();
        assertThat(textsTo(1)).as("nothing to the parked chat before its retry_after").containsExactly("refused once");

        advance(Duration.ofSeconds(2));
        parked.join();
        assertThat(textsTo(1)).containsExactly("refused once", "refused once", "after it");
        assertThat(outbox.stats().parkedChats()).isZero();
    }

    @Test
    void aFloodedGroupGetsAtMostTwentyAMinuteInOrderWithoutA429() {
        FakeRateLimits telegram = startOnManualClock();
        int flood = 900; // three minutes of five different messages a second
        for (int i = 0; i < flood; i++) {
            submit(text(GROUP, "reply " + i));
            advance(Duration.ofMillis(200));
        }
        for (int s = 0; s < 120; s++) {
            advance(Duration.ofSeconds(1));
        }

        assertThat(telegram.refusals()).as("429s").isEmpty();
        assertThat(telegram.mostWithin(GROUP, Duration.ofMinutes(1))).as("most in any minute").isEqualTo(20);
        List<Integer> delivered = textsTo(GROUP).stream().map(t -> Integer.parseInt(t.substring(6))).toList();
        assertThat(delivered).as("in the order submitted").isSorted().doesNotHaveDuplicates();
        assertThat(delivered.size()).as("20 a minute for three minutes, then what waited").isGreaterThanOrEqualTo(60);
        Outbox.Stats stats = outbox.stats();
        assertThat(stats.pending()).isZero();
        assertThat(stats.dropped()).as("the oldest waiting ones made room").isEqualTo(flood - delivered.size());
        assertThat(stats.coalesced()).isZero();
    }

    @Test
    void thirtyIdenticalCardsInAGroupWithinAMinuteGiveOneCard() {
        FakeRateLimits telegram = startOnManualClock();
        List<CompletableFuture<Void>> asked = new ArrayList<>();
        for (int member = 0; member < 30; member++) {
            asked.add(submit(html(GROUP, CARD)));
            advance(Duration.ofMillis(1900));
        }
        CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).join();
        assertThat(textsTo(GROUP)).hasSize(1);
        assertThat(outbox.stats().coalesced()).isEqualTo(29);
        assertThat(telegram.refusals()).isEmpty();
        advance(Duration.ofSeconds(5));
        submit(html(GROUP, CARD)).join();
        assertThat(textsTo(GROUP)).as("a minute after the last one it is sent again").hasSize(2);
    }

    @Test
    void pagingQuicklySendsTheEditOnTheWireAndThenOnlyTheNewest() {
        CountDownLatch release = new CountDownLatch(1);
        api.override("editMessageText", c -> {
            await(release);
            return null;
        });
        start(ChatLimits.TELEGRAM, System::nanoTime);
        CompletableFuture<Void> first = submit(edit(CHAT, 77, "страница 1"));
        api.await("editMessageText", c -> true, WAIT);
        List<CompletableFuture<Void>> presses = new ArrayList<>();
        for (int page = 2; page <= 6; page++) {
            presses.add(submit(edit(CHAT, 77, "страница " + page)));
        }
        api.override("editMessageText", null);
        release.countDown();
        first.join();
        CompletableFuture.allOf(presses.toArray(CompletableFuture[]::new)).join();
        assertThat(api.calls("editMessageText")).extracting(Call::text).containsExactly("страница 1", "страница 6");
        assertThat(outbox.stats().coalesced()).isEqualTo(4);
    }

    @Test
    void beyondTenWaitingTheOldestAreDroppedAndCounted() {
        CountDownLatch release = new CountDownLatch(1);
        api.override("sendMessage", c -> {
            if (c.text().equals("0")) {
                await(release);
            }
            return null;
        });
        start(ChatLimits.TELEGRAM, System::nanoTime);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        all.add(submit(text(CHAT, "0")));
        api.await("sendMessage", c -> true, WAIT);
        for (int i = 1; i <= 16; i++) {
            all.add(submit(text(CHAT, String.valueOf(i))));
        }
        assertThat(all.subList(1, 7)).as("the six oldest waiting ones are let go at once").allMatch(CompletableFuture::isDone);
        assertThat(outbox.stats().dropped()).isEqualTo(6);
        api.override("sendMessage", null);
        release.countDown();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        assertThat(textsTo(CHAT)).containsExactly("0", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16");
    }

    @Test
    void whenTooManyMessagesWaitAcrossChatsSubmitWaitsForRoom() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        api.override("sendMessage", c -> {
            await(release);
            return null;
        });
        start(new Outbox.Options(ChatLimits.TELEGRAM, 16, Outbox.MAX_PENDING_PER_CHAT, 4), System::nanoTime);
        for (long chat = 1; chat <= 2; chat++) {
            submit(text(chat, "on the wire"), text(chat, "waits"), text(chat, "waits too"));
        }
        api.awaitCount("sendMessage", 2, WAIT);
        assertThat(outbox.stats().pending()).isEqualTo(4);
        CompletableFuture<CompletableFuture<Void>> fifth = CompletableFuture.supplyAsync(() -> submit(text(3, "no room yet")));
        Thread.sleep(200); // not a timing assertion: it only gives a wrong outbox the chance to let the fifth in
        assertThat(fifth).as("the caller waits for room").isNotDone();
        submit(AnswerCallbackQuery.builder().callbackQueryId("q").build()).get(20, TimeUnit.SECONDS); // answers take no room
        release.countDown();
        fifth.get(20, TimeUnit.SECONDS).join();
        assertThat(textsTo(3)).containsExactly("no room yet");
    }

    // ------------------------------------------------------------------ Telegram's other answers

    @Test
    void aRejectedHtmlMessageIsResentAsPlainTextWithoutMarkupOrKeyboard() {
        api.override("sendMessage", c -> c.body().has("parse_mode")
                ? Answer.error(400, "Bad Request: can't parse entities: unsupported start tag") : null);
        start(UNLIMITED, System::nanoTime);
        submit(html(CHAT, CARD)).join();
        List<Call> sent = api.calls("sendMessage");
        assertThat(sent).hasSize(2);
        Call plain = sent.get(1);
        assertThat(plain.chatId()).isEqualTo(CHAT);
        assertThat(plain.body().has("parse_mode")).isFalse();
        assertThat(plain.body().has("reply_markup")).isFalse();
        assertThat(plain.body().path("link_preview_options").path("is_disabled").asBoolean()).isTrue();
        assertThat(plain.text()).isEqualTo("Заголовок & <детали>\nАвторы\n📄 PDF").isEqualTo(Html.toPlain(CARD));
        assertThat(learned.events).isEmpty();
    }

    @Test
    void aRejectedEditIsRetriedAsAPlainEditOfTheSameMessage() {
        api.override("editMessageText", c -> c.body().has("parse_mode") ? Answer.error(400, "Bad Request: can't parse entities") : null);
        start(UNLIMITED, System::nanoTime);
        submit(edit(CHAT, 77, CARD)).join();
        Call plain = api.calls("editMessageText").get(1);
        assertThat(plain.body().path("message_id").asInt()).isEqualTo(77);
        assertThat(plain.body().has("parse_mode")).isFalse();
        assertThat(plain.body().has("reply_markup")).isFalse();
        assertThat(plain.text()).isEqualTo(Html.toPlain(CARD));
    }

    @Test
    void aPlainMessageIsNotResentAndTheNextOneStillGoes() {
        api.override("sendMessage", c -> !c.text().equals("next") ? Answer.error(400, "Bad Request: message is too long") : null);
        start(UNLIMITED, System::nanoTime);
        submit(text(CHAT, "plain"), html(CHAT, CARD), text(CHAT, "next")).join();
        assertThat(api.calls("sendMessage")).extracting(c -> c.body().has("parse_mode"))
                .as("plain once; the card, then its plain version, refused too; the next one")
                .containsExactly(false, true, false, false);
        assertThat(outbox.stats().givenUp()).isEqualTo(2);
    }

    @Test
    void aMigratedGroupGetsTheMessageAtItsNewIdAndTheEventIsReported() {
        long oldId = -4242;
        long newId = -1001234567890L;
        api.override("sendMessage", c -> c.chatId() == oldId ? Answer.migrated(newId) : null);
        start(UNLIMITED, System::nanoTime);
        submit(html(oldId, CARD)).join();
        Call resent = api.calls("sendMessage").get(1);
        assertThat(resent.chatId()).isEqualTo(newId);
        assertThat(resent.text()).isEqualTo(CARD);
        assertThat(resent.body().path("parse_mode").asText()).isEqualToIgnoringCase("html");
        assertThat(resent.body().path("reply_markup").path("inline_keyboard").get(0).get(0).path("callback_data").asText())
                .isEqualTo("c:next");
        assertThat(learned.events).containsExactly("migrated " + oldId + " → " + newId);
    }

    @Test
    void aBlockedUserAndAMissingChatAreReportedGoneAndNotRetried() {
        api.override("sendMessage", c -> c.chatId() == 1 ? Answer.error(403, "Forbidden: bot was blocked by the user")
                : c.chatId() == -2 ? Answer.error(400, "Bad Request: chat not found") : null);
        start(UNLIMITED, System::nanoTime);
        submit(html(1, CARD), html(-2, CARD)).join();
        assertThat(api.calls("sendMessage")).hasSize(2);
        assertThat(learned.events).containsExactlyInAnyOrder("gone 1 FORBIDDEN", "gone -2 CHAT_NOT_FOUND");
    }

    @Test
    void anEditThatChangesNothingIsNeitherRetriedNorCountedAsAFailure() {
        api.override("editMessageText", c -> Answer.error(400,
                "Bad Request: message is not modified: specified new message content and reply markup are exactly the same"));
        start(UNLIMITED, System::nanoTime);
        submit(edit(CHAT, 5, CARD)).join();
        assertThat(api.calls("editMessageText")).hasSize(1);
        assertThat(outbox.stats().givenUp()).isZero();
        assertThat(learned.events).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenGivenUpWhileOtherChatsAreServed() {
        api.override("sendMessage", c -> c.chatId() == 1 ? Answer.error(502, "Bad Gateway") : null);
        start(UNLIMITED, System::nanoTime);
        CompletableFuture<Void> failing = submit(text(1, "never arrives"));
        api.await("sendMessage", c -> c.chatId() == 1, WAIT);
        submit(text(2, "served")).join();
        failing.join();
        List<Call> attempts = api.calls("sendMessage").stream().filter(c -> c.chatId() == 1).toList();
        assertThat(attempts).hasSize(RetryPolicy.MESSAGES.maxAttempts());
        long served = api.calls("sendMessage").stream().filter(c -> c.chatId() == 2).findFirst().orElseThrow().atNanos();
        assertThat(served).as("the other chat did not wait for the retries").isLessThan(attempts.get(attempts.size() - 1).atNanos());
        for (int i = 1; i < attempts.size(); i++) {
            assertThat(attempts.get(i).atNanos() - attempts.get(i - 1).atNanos()).as("backoff before attempt %d", i + 1)
                    .isGreaterThanOrEqualTo(RetryPolicy.MESSAGES.firstBackoff().multipliedBy(1L << (i - 1)).toNanos() * 3 / 4);
        }
        assertThat(outbox.stats().givenUp()).isEqualTo(1);
    }

    @Test
    void newMessagesAreToldToTheSharedBudgetEditsAndAnswersAreNot() {
        start(UNLIMITED, System::nanoTime);
        submit(text(1, "one"), edit(1, 9, "edit"), text(2, "two"),
                AnswerCallbackQuery.builder().callbackQueryId("q").build()).join();
        assertThat(newMessages).hasValue(2);
    }

    // ------------------------------------------------------------------ answers

    /** On the manual clock, the first message to CHAT gets 429 with retry_after 60: the chat is parked for a minute. */
    private void parkTheChatForAMinute() {
        api.override("sendMessage", c -> Answer.tooManyRequests(60));
        start(ChatLimits.TELEGRAM, clock::get);
        submit(text(CHAT, "parks the chat"));
        api.await("sendMessage", c -> true, WAIT);
        awaitSettled();
    }

    @Test
    void answersGoOutAtOnceEvenWhileTheirChatIsParked() {
        parkTheChatForAMinute();
        CompletableFuture<Void> press = submit(AnswerCallbackQuery.builder().callbackQueryId("q1").text("👍").build(),
                edit(CHAT, 3, "страница 2"));
        api.await("answerCallbackQuery", c -> c.body().path("callback_query_id").asText().equals("q1"), WAIT);
        awaitSettled();
        assertThat(api.calls("editMessageText")).as("the edit waits with its chat").isEmpty();
        assertThat(press).isNotDone();
    }

    @Test
    void aFailedAnswerIsRetriedQuicklyAndARejectedOneIsNot() {
        AtomicInteger failures = new AtomicInteger();
        api.override("answerCallbackQuery", c -> c.body().path("callback_query_id").asText().equals("old")
                ? Answer.error(400, "Bad Request: query is too old and response timeout expired")
                : failures.getAndIncrement() == 0 ? Answer.error(502, "Bad Gateway") : null);
        start(UNLIMITED, System::nanoTime);
        submit(AnswerCallbackQuery.builder().callbackQueryId("q").build(),
                AnswerCallbackQuery.builder().callbackQueryId("old").build()).join();
        Map<String, Long> attempts = api.calls("answerCallbackQuery").stream()
                .collect(Collectors.groupingBy(c -> c.body().path("callback_query_id").asText(), Collectors.counting()));
        assertThat(attempts).containsExactlyInAnyOrderEntriesOf(Map.of("q", 2L, "old", 1L));
        assertThat(outbox.stats().givenUp()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ stopping

    @Test
    void drainSendsWhatIsWaiting() {
        start(ChatLimits.TELEGRAM, System::nanoTime);
        for (int i = 0; i < 5; i++) {
            submit(text(CHAT, "reply " + i));
        }
        assertThat(outbox.drain(WAIT)).isTrue();
        assertThat(textsTo(CHAT)).hasSize(5);
    }

    @Test
    void drainGivesUpAtOnceWhenWhatIsLeftIsParkedBeyondTheDeadline() {
        parkTheChatForAMinute();
        // The manual clock does not move: had drain waited for the chat, it would wait out the whole minute.
        assertThat(outbox.drain(Duration.ofMinutes(1))).isFalse();
        assertThat(outbox.stats().pending()).isEqualTo(1);
    }

    @Test
    void stopLetsGoOfEverythingEvenWithEveryCallStalled() {
        CountDownLatch never = new CountDownLatch(1);
        api.override("sendMessage", c -> {
            await(never);
            return null;
        });
        api.override("answerCallbackQuery", c -> {
            await(never);
            return null;
        });
        start(ChatLimits.TELEGRAM, System::nanoTime);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (long chat = 1; chat <= 3; chat++) {
            all.add(submit(text(chat, "stalled"), text(chat, "waiting behind it")));
        }
        all.add(submit(AnswerCallbackQuery.builder().callbackQueryId("q").build()));
        api.awaitCount("sendMessage", 3, WAIT);
        api.awaitCount("answerCallbackQuery", 1, WAIT);

        outbox.stop(Duration.ofSeconds(1));

        assertThat(all).as("let go of, and said so: none was delivered").allSatisfy(f ->
                assertThat(f).failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .withCauseInstanceOf(java.util.concurrent.CancellationException.class));
        assertThat(submit(text(9, "after stop"))).isCompletedExceptionally();
        never.countDown();
        assertThat(textsTo(9)).isEmpty();
    }
}
