package org.paperbot.telegram;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.testing.FakeBotApi;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.ApiResponse;
import org.telegram.telegrambots.meta.api.objects.ResponseParameters;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiValidationException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class TelegramGatewayTest {
    static final RetryPolicy POLICY = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(30));
    /** Always the middle of [0, 1): backoffs come out without jitter, so tests can name them exactly. */
    static final RandomGenerator MIDDLE = () -> 1L << 63;

    private final TelegramClient client = mock(TelegramClient.class);
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final TelegramGateway gateway = new TelegramGateway(client, sleeps::add, MIDDLE,
            (method, error) -> calls.add(method + ":" + (error == null ? "ok" : error.kind())));
    private final SendMessage send = SendMessage.builder().chatId(1L).text("hi").build();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    /** The exception TelegramBots throws for an error answer from the Bot API. */
    static TelegramApiRequestException apiError(int code, String description, Integer retryAfter, Long migrateTo) {
        ResponseParameters parameters = retryAfter == null && migrateTo == null ? null : new ResponseParameters(migrateTo, retryAfter);
        return new TelegramApiRequestException("Error sending message", new ApiResponse<>(false, code, description, parameters, null));
    }

    static Message message() {
        return new Message();
    }

    @Test
    void successIsReturnedAfterOneCall() throws TelegramApiException {
        Message m = message();
        when(client.execute(any(SendMessage.class))).thenReturn(m);
        ApiResult<Message> r = gateway.call(send, POLICY);
        assertThat(r).isEqualTo(new ApiResult.Ok<>(m));
        assertThat(r.isOk()).isTrue();
        assertThat(sleeps).isEmpty();
        assertThat(calls).containsExactly("sendmessage:ok");
    }

    @Test
    void rateLimitWaitsRetryAfterThenSucceeds() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(apiError(429, "Too Many Requests: retry after 3", 3, null))
                .thenReturn(message());
        ApiResult<Message> r = gateway.call(send, POLICY);
        assertThat(r.isOk()).isTrue();
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
        assertThat(calls).containsExactly("sendmessage:RATE_LIMITED", "sendmessage:ok");
    }

    @Test
    void rateLimitWithoutRetryAfterWaitsOneSecond() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(apiError(429, "Too Many Requests", null, null)).thenReturn(message());
        assertThat(gateway.call(send, POLICY).isOk()).isTrue();
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void rateLimitLongerThanMaxRetryAfterIsNotWaitedOut() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(apiError(429, "Too Many Requests: retry after 31", 31, null));
        ApiResult<Message> r = gateway.call(send, POLICY);
        assertThat(r.error().kind()).isEqualTo(ApiError.Kind.RATE_LIMITED);
        assertThat(r.error().retryAfter()).contains(Duration.ofSeconds(31));
        assertThat(sleeps).isEmpty();
        verify(client, times(1)).execute(any(SendMessage.class));
    }

    @Test
    void rateLimitExactlyAtMaxRetryAfterIsWaited() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(apiError(429, "x", 30, null)).thenReturn(message());
        assertThat(gateway.call(send, POLICY).isOk()).isTrue();
        assertThat(sleeps).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void serverErrorsAreRetriedWithDoublingBackoffUpToMaxAttempts() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(apiError(502, "Bad Gateway", null, null));
        ApiResult<Message> r = gateway.call(send, POLICY);
        assertThat(r.error().kind()).isEqualTo(ApiError.Kind.TRANSIENT);
        assertThat(r.error().code()).isEqualTo(502);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        verify(client, times(4)).execute(any(SendMessage.class));
        assertThat(calls).hasSize(4).containsOnly("sendmessage:TRANSIENT");
    }

    @Test
    void backgroundPolicyMakesFourAttempts() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(apiError(500, "Internal", null, null));
        gateway.call(send, RetryPolicy.BACKGROUND);
        verify(client, times(RetryPolicy.BACKGROUND.maxAttempts())).execute(any(SendMessage.class));
        assertThat(sleeps).containsExactly(Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofMillis(1200));
    }

    @Test
    void oncePolicyNeverRetries() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(apiError(429, "x", 1, null));
        assertThat(gateway.call(send, RetryPolicy.ONCE).error().kind()).isEqualTo(ApiError.Kind.RATE_LIMITED);
        verify(client, times(1)).execute(any(SendMessage.class));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void recoveryAfterTransientFailures() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(apiError(503, "x", null, null))
                .thenThrow(new TelegramApiRequestException("Unable to execute sendmessage method", new IOException("timeout")))
                .thenReturn(message());
        assertThat(gateway.call(send, POLICY).isOk()).isTrue();
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void clientErrorsAreNotRetried() throws TelegramApiException {
        for (int code : new int[] {400, 401, 403, 404, 409}) {
            TelegramClient c = mock(TelegramClient.class);
            when(c.execute(any(SendMessage.class))).thenThrow(apiError(code, "x", null, null));
            ApiResult<Message> r = new TelegramGateway(c, sleeps::add, MIDDLE, TelegramGateway.ApiListener.NONE).call(send, POLICY);
            assertThat(r.isOk()).isFalse();
            assertThat(r.error().code()).isEqualTo(code);
            verify(c, times(1)).execute(any(SendMessage.class));
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void migrationAndChatErrorsAreClassifiedFromTheResponse() throws TelegramApiException {
        when(client.execute(any(SendMessage.class)))
                .thenThrow(apiError(400, "Bad Request: group chat was upgraded to a supergroup chat", null, -1009L))
                .thenThrow(apiError(400, "Bad Request: chat not found", null, null))
                .thenThrow(apiError(400, "Bad Request: message is not modified", null, null));
        ApiError migrated = gateway.call(send, POLICY).error();
        assertThat(migrated.kind()).isEqualTo(ApiError.Kind.MIGRATED);
        assertThat(migrated.migrateToChatId()).contains(-1009L);
        assertThat(migrated.description()).isEqualTo("Bad Request: group chat was upgraded to a supergroup chat");
        assertThat(gateway.call(send, POLICY).error().kind()).isEqualTo(ApiError.Kind.CHAT_NOT_FOUND);
        assertThat(gateway.call(send, POLICY).error().kind()).isEqualTo(ApiError.Kind.NOT_MODIFIED);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void networkFailuresAreTransientAndDescribeTheCauseChain() throws TelegramApiException {
        when(client.execute(any(SendMessage.class)))
                .thenThrow(new TelegramApiRequestException("Unable to execute sendmessage method", new IOException("Connection refused")));
        ApiError e = gateway.call(send, RetryPolicy.ONCE).error();
        assertThat(e.kind()).isEqualTo(ApiError.Kind.TRANSIENT);
        assertThat(e.code()).isZero();
        assertThat(e.description()).isEqualTo("TelegramApiRequestException: Unable to execute sendmessage method; IOException: Connection refused");
    }

    @Test
    void otherLibraryFailuresAreTransient() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(new TelegramApiException("Unable to deserialize response"));
        assertThat(gateway.call(send, RetryPolicy.ONCE).error().kind()).isEqualTo(ApiError.Kind.TRANSIENT);
    }

    @Test
    void aRuntimeExceptionFromTheClientIsReportedNotThrown() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(new IllegalStateException("serializer bug"));
        ApiResult<Message> r = gateway.call(send, POLICY);
        assertThat(r.error().kind()).isEqualTo(ApiError.Kind.OTHER);
        assertThat(r.error().description()).isEqualTo("IllegalStateException: serializer bug");
        verify(client, times(1)).execute(any(SendMessage.class));
    }

    @Test
    void aValidationExceptionIsABadRequestAndNotRetried() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(new TelegramApiValidationException("Text parameter can't be empty", send));
        ApiError e = gateway.call(send, POLICY).error();
        assertThat(e.kind()).isEqualTo(ApiError.Kind.BAD_REQUEST);
        assertThat(e.description()).startsWith("rejected before sending: ").contains("Text parameter can't be empty");
        verify(client, times(1)).execute(any(SendMessage.class));
    }

    @Test
    void theRealClientValidatesWithoutAnyNetworkCall() {
        AtomicInteger requests = new AtomicInteger();
        OkHttpClient http = new OkHttpClient.Builder().addInterceptor(chain -> {
            requests.incrementAndGet();
            throw new IOException("no network in this test");
        }).build();
        try {
            TelegramClient real = new OkHttpTelegramClient(http, FakeBotApi.TOKEN, TelegramHttp.telegramUrl(URI.create("http://127.0.0.1:9")));
            TelegramGateway g = new TelegramGateway(real, sleeps::add, MIDDLE, TelegramGateway.ApiListener.NONE);

            ApiError invalid = g.call(SendMessage.builder().chatId(1L).text("").build(), POLICY).error();
            assertThat(invalid.kind()).isEqualTo(ApiError.Kind.BAD_REQUEST);
            assertThat(requests).hasValue(0);

            // The same client does reach the (failing) network for a valid message, and that is retried.
            ApiError network = g.call(send, POLICY).error();
            assertThat(network.kind()).isEqualTo(ApiError.Kind.TRANSIENT);
            assertThat(network.description()).doesNotContain(FakeBotApi.TOKEN);
            assertThat(requests).hasValue(POLICY.maxAttempts());
        } finally {
            http.dispatcher().executorService().shutdown();
        }
    }

    @Test
    void anInterruptedSleepStopsRetryingAndKeepsTheInterruptFlag() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(apiError(502, "Bad Gateway", null, null));
        List<Duration> attempted = new ArrayList<>();
        TelegramGateway g = new TelegramGateway(client, d -> {
            attempted.add(d);
            throw new InterruptedException();
        }, MIDDLE, TelegramGateway.ApiListener.NONE);

        ApiResult<Message> r = g.call(send, POLICY);

        assertThat(r.error().code()).isEqualTo(502);
        assertThat(attempted).hasSize(1);
        verify(client, times(1)).execute(any(SendMessage.class));
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void anInterruptedCallKeepsTheInterruptFlag() throws TelegramApiException {
        when(client.execute(any(SendMessage.class)))
                .thenThrow(new TelegramApiException("Unable to execute", new InterruptedException()));
        assertThat(gateway.call(send, RetryPolicy.ONCE).error().kind()).isEqualTo(ApiError.Kind.TRANSIENT);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void backoffDoublesAndIsCapped() {
        RetryPolicy p = new RetryPolicy(100, Duration.ofMillis(300), Duration.ofSeconds(30));
        assertThat(p.backoff(1)).isEqualTo(Duration.ofMillis(300));
        assertThat(p.backoff(2)).isEqualTo(Duration.ofMillis(600));
        assertThat(p.backoff(3)).isEqualTo(Duration.ofMillis(1200));
        assertThat(p.backoff(11)).isEqualTo(Duration.ofMillis(300 * 1024));
        assertThat(p.backoff(60)).isEqualTo(Duration.ofMillis(300 * 1024));
    }

    @Test
    void backoffIsSpreadByAQuarterEitherWay() {
        RetryPolicy p = new RetryPolicy(4, Duration.ofMillis(400), Duration.ZERO);
        assertThat(p.backoff(2, () -> 0L)).as("lowest draw").isEqualTo(Duration.ofMillis(600));
        assertThat(p.backoff(2, MIDDLE)).isEqualTo(Duration.ofMillis(800));
        assertThat(p.backoff(2, () -> -1L).toNanos()).as("highest draw").isBetween(999_999_000L, 1_000_000_000L);
        SplittableRandom random = new SplittableRandom(7);
        List<Duration> spread = java.util.stream.IntStream.range(0, 200).mapToObj(i -> p.backoff(1, random)).toList();
        assertThat(spread).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(300), Duration.ofMillis(500)));
        assertThat(spread.stream().distinct().count()).as("failures at the same instant retry apart").isGreaterThan(150);
    }

    @Test
    void theGatewaySpreadsItsBackoffsWithTheGivenRandom() throws TelegramApiException {
        when(client.execute(any(SendMessage.class))).thenThrow(apiError(502, "Bad Gateway", null, null));
        new TelegramGateway(client, sleeps::add, () -> 0L, TelegramGateway.ApiListener.NONE).call(send, POLICY);
        assertThat(sleeps).containsExactly(Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofMillis(300));
    }

    @Test
    void anAsyncAttemptClassifiesTheAnswerLikeASynchronousOne() throws Exception {
        try (FakeBotApi api = FakeBotApi.start()) {
            OkHttpClient http = TelegramHttp.sendingClient(4);
            try {
                TelegramClient real = new OkHttpTelegramClient(http, FakeBotApi.TOKEN, TelegramHttp.telegramUrl(URI.create(api.url())));
                List<String> seen = new CopyOnWriteArrayList<>();
                TelegramGateway g = new TelegramGateway(real, sleeps::add, MIDDLE,
                        (method, error) -> seen.add(method + ":" + (error == null ? "ok" : error.kind())));
                api.override("sendMessage", c -> c.chatId() == 2 ? FakeBotApi.Answer.tooManyRequests(7)
                        : c.chatId() == 3 ? FakeBotApi.Answer.DROP : null);

                assertThat(g.onceAsync(send).get(10, TimeUnit.SECONDS).isOk()).isTrue();
                ApiError limited = g.onceAsync(SendMessage.builder().chatId(2L).text("x").build()).get(10, TimeUnit.SECONDS).error();
                assertThat(limited.kind()).isEqualTo(ApiError.Kind.RATE_LIMITED);
                assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));
                ApiError dropped = g.onceAsync(SendMessage.builder().chatId(3L).text("x").build()).get(10, TimeUnit.SECONDS).error();
                assertThat(dropped.kind()).isEqualTo(ApiError.Kind.TRANSIENT);
                assertThat(dropped.description()).doesNotContain(FakeBotApi.TOKEN);
                ApiError invalid = g.onceAsync(SendMessage.builder().chatId(1L).text("").build()).get(10, TimeUnit.SECONDS).error();
                assertThat(invalid.kind()).isEqualTo(ApiError.Kind.BAD_REQUEST);
                assertThat(seen).containsExactly("sendmessage:ok", "sendmessage:RATE_LIMITED", "sendmessage:TRANSIENT",
                        "sendmessage:BAD_REQUEST");
                // (OkHttp itself repeats a request whose connection dropped, so chat 3 may appear twice.)
                assertThat(api.calls("sendMessage")).as("the invalid one never left").noneMatch(c -> c.text().isEmpty());
                assertThat(sleeps).as("an attempt never waits").isEmpty();
            } finally {
                http.dispatcher().executorService().shutdown();
            }
        }
    }

    @Test
    void describeStopsAfterFourCauses() {
        Throwable t = new RuntimeException("1", new RuntimeException("2", new RuntimeException("3",
                new RuntimeException("4", new RuntimeException("5")))));
        assertThat(TelegramGateway.describe(t)).isEqualTo("RuntimeException: 1; RuntimeException: 2; RuntimeException: 3; RuntimeException: 4");
    }
}
