package org.paperbot.telegram;

import okhttp3.OkHttpClient;
import org.paperbot.concurrent.DaemonThreads;
import org.paperbot.config.BotToken;
import org.paperbot.logging.Logging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.BotSession;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.ExponentialBackOff;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * TelegramBots' long-polling loop, pointed at the configured API URL, feeding an {@link UpdateSink}.
 * Stopping is quick: the open long poll is cancelled, and nothing more is sent to Telegram, since what the
 * sink has stored is safe and a redelivered update is recognised (so a stalled Bot API cannot hold the stop).
 */
public final class LongPollingRunner implements UpdateSource {
    private static final Logger log = LoggerFactory.getLogger(LongPollingRunner.class);
    static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query", "inline_query", "my_chat_member");

    private final BotToken token;
    private final TelegramUrl url;
    private final int pollTimeoutSeconds;
    private final UpdateSink dispatcher;
    private final OkHttpClient pollingClient;
    private final ScheduledExecutorService pollingThread;
    private volatile long lastSuccessfulPoll = System.nanoTime();
    private BotSession session;

    public LongPollingRunner(BotToken token, TelegramUrl url, int pollTimeoutSeconds, UpdateSink dispatcher) {
        this.token = token;
        this.url = url;
        this.pollTimeoutSeconds = pollTimeoutSeconds;
        this.dispatcher = dispatcher;
        this.pollingClient = TelegramHttp.pollingClient(pollTimeoutSeconds, chain -> {
            okhttp3.Response response = chain.proceed(chain.request());
            if (response.isSuccessful()) {
                lastSuccessfulPoll = System.nanoTime();
            }
            return response;
        });
        this.pollingThread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("telegram-poll"));
    }

    /**
     * Takes up what the last run left unfinished, then starts polling. TelegramBots calls deleteWebhook (without
     * dropping pending updates) before the first getUpdates, so a bot switched back from webhook mode polls again.
     */
    @Override
    public void start() throws InterruptedException {
        dispatcher.resume();
        TelegramBotsLongPollingApplication application = new TelegramBotsLongPollingApplication(
                com.fasterxml.jackson.databind.ObjectMapper::new,
                () -> pollingClient,
                () -> pollingThread,
                () -> new ExponentialBackOff.Builder().setInitialIntervalMillis(500).setMaxIntervalMillis(30_000).build());
        try {
            session = application.registerBot(token.secret(), () -> url, this::nextGetUpdates, dispatcher);
        } catch (TelegramApiException e) {
            throw new IllegalStateException("could not start long polling: " + e.getMessage(), e);
        }
        log.info("Long polling started (timeout {} s)", pollTimeoutSeconds);
    }

    /** The sink decides the offset: it confirms what the sink has stored. */
    private GetUpdates nextGetUpdates(int lastReceived) {
        return new TolerantGetUpdates((int) dispatcher.nextOffset(), 100, pollTimeoutSeconds, ALLOWED_UPDATES,
                dispatcher::confirmed);
    }

    /** Healthy while running and Telegram answered a poll recently (a long poll plus the longest backoff). */
    @Override
    public String problem() {
        if (session == null || !session.isRunning()) {
            return "long polling is not running";
        }
        long silence = System.nanoTime() - lastSuccessfulPoll;
        return silence < Duration.ofSeconds(pollTimeoutSeconds + 60L).toNanos() ? null
                : "telegram unreachable: no answer to getUpdates within the poll timeout + 60 s";
    }

    @Override
    public void stop(Duration grace) throws InterruptedException {
        dispatcher.stopAccepting();
        if (session != null) {
            session.stop();
        }
        // Cancelling the open long poll ends it now instead of after its timeout; TelegramBots would report
        // the cancellation as an ERROR with a stack trace, which on a normal shutdown is only noise.
        Logging.silence(BotSession.class.getName());
        pollingClient.dispatcher().cancelAll();
        pollingThread.shutdownNow();
        UpdateSource.finish(dispatcher, grace);
        pollingClient.connectionPool().evictAll();
    }

    @Override
    public void abort() {
        if (session != null) {
            session.stop();
        }
        pollingClient.dispatcher().cancelAll();
        pollingThread.shutdownNow();
        pollingClient.connectionPool().evictAll();
    }
}
