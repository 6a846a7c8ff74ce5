package org.paperbot;

import org.paperbot.config.BotConfig;
import org.paperbot.config.BotToken;
import org.paperbot.daily.DailyScheduler;
import org.paperbot.telegram.ApiError;
import org.paperbot.telegram.WebhookServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The running bot: what {@link Wiring#bot} assembled, and how it stops. Built by {@link App} for bot mode and by the
 * end-to-end tests and benchmarks, which point it at a fake Bot API.
 */
public final class PaperBot {
    private static final Logger log = LoggerFactory.getLogger(PaperBot.class);
    /** The daily broadcast finishes the message in flight on stop; sends are single HTTP calls. */
    static final Duration SCHEDULER_GRACE = Duration.ofSeconds(3);

    private final Wiring.Stores stores;
    private final Wiring.Telegram telegram;
    private final Wiring.Transport transport;
    private final Wiring.Services services;
    private boolean stopped;

    PaperBot(Wiring.Stores stores, Wiring.Telegram telegram, Wiring.Transport transport, Wiring.Services services) {
        this.stores = stores;
        this.telegram = telegram;
        this.transport = transport;
        this.services = services;
    }

    /** Thrown when Telegram refuses the token; the process should end with a clear message. */
    public static final class RejectedTokenException extends RuntimeException {
        RejectedTokenException(ApiError error) {
            super("Telegram rejected TELEGRAM_BOT_TOKEN (" + error.code() + " " + error.description()
                    + "): check the token with @BotFather");
        }
    }

    /**
     * Connects (retrying while Telegram is unreachable, until {@code cancel} fires), publishes the command
     * menu, starts polling and then the daily scheduler. Returns null if cancelled before Telegram answered.
     */
    public static PaperBot start(BotConfig config, BotToken token, Clock clock, CountDownLatch cancel) {
        return Wiring.bot(config, token, clock, cancel);
    }

    /** The operations port actually bound (useful when configured as an ephemeral port), or -1. */
    public int httpPort() {
        return services.health() == null ? -1 : services.health().port();
    }

    /** The webhook port actually bound (tests configure 0, any free port), or -1 in polling mode. */
    public int webhookPort() {
        return transport.source() instanceof WebhookServer webhook ? webhook.port() : -1;
    }

    /** The daily scheduler (tests look at its reports). */
    public DailyScheduler scheduler() {
        return services.scheduler();
    }

    /**
     * Stops polling, finishes the daily send, the updates in flight and the replies waiting in the outbox, all within
     * {@code budget}: calls still open then are cancelled, and updates not finished stay stored in the inbox and are
     * handled at the next start.
     */
    public synchronized void stop(Duration budget) {
        if (stopped) {
            return;
        }
        stopped = true;
        // The outbox's own stop comes last and takes up to OUTBOX_STOP: what comes before ends that much earlier.
        long deadline = System.nanoTime() + budget.minus(Wiring.Telegram.OUTBOX_STOP).toNanos();
        log.info("Stopping: finishing the daily send and replies in flight");
        if (services.watcher() != null) {
            services.watcher().close();
        }
        // The broadcast first: it stops claiming at once and records the send in flight.
        services.scheduler().stop(min(SCHEDULER_GRACE, until(deadline)));
        try {
            transport.source().stop(until(deadline));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        telegram.finishSending(until(deadline));
        Wiring.closeHealthPort(services.health());
        telegram.close();
        stores.db().close();
        log.info("Stopped");
    }

    private static Duration until(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops at once, like a crash: nothing is finished or confirmed. For tests of recovery. */
    public synchronized void kill() {
        stopped = true;
        if (services.watcher() != null) {
            services.watcher().close();
        }
        // Like a crash, the database is gone at once: sends in flight are never recorded as sent.
        services.scheduler().kill();
        stores.db().close();
        transport.dispatcher().stopAccepting();
        transport.dispatcher().shutdownNow();
        telegram.cancelCalls();
        transport.source().abort();
        Wiring.closeHealthPort(services.health());
        telegram.close();
    }
}
