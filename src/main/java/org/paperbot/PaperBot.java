package org.paperbot;

import com.github.benmanes.caffeine.cache.Ticker;
import okhttp3.OkHttpClient;
import org.paperbot.bot.CatalogReloader;
import org.paperbot.bot.ChatAdmins;
import org.paperbot.bot.Commands;
import org.paperbot.bot.FloodGuard;
import org.paperbot.bot.Snapshot;
import org.paperbot.bot.SnapshotHolder;
import org.paperbot.bot.UpdateRouter;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.catalog.FileWatcher;
import org.paperbot.config.BotConfig;
import org.paperbot.config.BotToken;
import org.paperbot.daily.Broadcaster;
import org.paperbot.daily.DailyScheduler;
import org.paperbot.daily.RateBudget;
import org.paperbot.daily.SubscriptionEvents;
import org.paperbot.ops.HealthCheck;
import org.paperbot.ops.HealthServer;
import org.paperbot.ops.Metrics;
import org.paperbot.store.BroadcastLog;
import org.paperbot.store.Database;
import org.paperbot.store.DatabaseWatch;
import org.paperbot.render.Texts;
import org.paperbot.telegram.ApiError;
import org.paperbot.telegram.ApiResult;
import org.paperbot.telegram.ChatMemberCheck;
import org.paperbot.telegram.LongPollingRunner;
import org.paperbot.telegram.ReplySender;
import org.paperbot.telegram.RetryPolicy;
import org.paperbot.telegram.Sleeper;
import org.paperbot.telegram.TelegramGateway;
import org.paperbot.telegram.TelegramHttp;
import org.paperbot.telegram.SequentialSink;
import org.paperbot.telegram.UpdateDispatcher;
import org.paperbot.telegram.UpdateSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The bot, wired by hand: catalog, views, command table, router, Telegram seam, long polling. Built by
 * {@link App} for bot mode and by the end-to-end tests and benchmarks, which point it at a fake Bot API.
 */
public final class PaperBot {
    private static final Logger log = LoggerFactory.getLogger(PaperBot.class);
    /** Bounds memory under a flood, and what a crash can lose. */
    static final int MAX_UPDATES_IN_FLIGHT = 500;
    static final int MAX_PARALLEL_CALLS = 128;
    /** The daily broadcast finishes the message in flight on stop; sends are single HTTP calls. */
    static final Duration SCHEDULER_GRACE = Duration.ofSeconds(3);

    private final OkHttpClient http;
    private final LongPollingRunner polling;
    private final UpdateSink dispatcher;
    private final HealthServer health;
    private final FileWatcher watcher;
    private final Database db;
    private final DailyScheduler scheduler;
    private boolean stopped;

    private PaperBot(OkHttpClient http, LongPollingRunner polling, UpdateSink dispatcher,
                     HealthServer health, FileWatcher watcher, Database db, DailyScheduler scheduler) {
        this.watcher = watcher;
        this.db = db;
        this.scheduler = scheduler;
        this.http = http;
        this.polling = polling;
        this.dispatcher = dispatcher;
        this.health = health;
    }

    /** The operations port actually bound (useful when configured as an ephemeral port), or -1. */
    public int httpPort() {
        return health == null ? -1 : health.port();
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
        Catalog catalog = new CatalogLoader().load(config.catalogPath());
        log.info("Catalog {}: {} papers", config.catalogPath(), catalog.size());
        // Opened before going online, so an unusable data directory is reported at once.
        Database db = Database.open(config.dataDir());
        Metrics metrics = new Metrics();
        // Until the bot runs, /healthz answers 503 with this reason (not a refused connection).
        AtomicReference<String> starting = new AtomicReference<>("starting: waiting for Telegram (getMe)");
        HealthServer health = null;
        try {
            health = config.httpEnabled() ? openHealthPort(config, Map.of("telegram", starting::get), metrics) : null;
            PaperBot bot = start(config, token, clock, cancel, catalog, db, metrics, health, starting::set);
            if (bot == null) {
                closeHealthPort(health);
                db.close();
            }
            return bot;
        } catch (RuntimeException e) {
            closeHealthPort(health);
            db.close();
            throw e;
        }
    }

    private static PaperBot start(BotConfig config, BotToken token, Clock clock, CountDownLatch cancel, Catalog catalog,
                                  Database db, Metrics metrics, HealthServer health, Consumer<String> startingStatus) {
        log.info("Database {} (schema version {})", db.name(), db.schemaVersion());
        DatabaseWatch.start(db, DatabaseWatch.INTERVAL); // ends when the database is closed
        // The search index is built while we wait for Telegram to answer getMe: start-up is mostly waiting.
        CompletableFuture<Snapshot> firstSnapshot = CompletableFuture.supplyAsync(() -> Snapshot.of(catalog),
                PaperBot::runInBackground);

        OkHttpClient http = TelegramHttp.sendingClient(MAX_PARALLEL_CALLS);
        OkHttpTelegramClient client = new OkHttpTelegramClient(http, token.secret(), TelegramHttp.telegramUrl(config.apiUrl()));
        TelegramGateway gateway = new TelegramGateway(client, Sleeper.REAL, metrics);

        User me = awaitIdentity(gateway, cancel,
                error -> startingStatus.accept("starting: waiting for Telegram (getMe): " + error));
        if (me == null) {
            shutdownHttp(http);
            return null;
        }
        startingStatus.accept("starting: Telegram answered, starting long polling");
        log.info("Logged in as @{} via {}", me.getUserName(), config.apiUrl());

        ChatMemberCheck members = new ChatMemberCheck(gateway);
        ChatAdmins admins = (chatId, userId) -> members.isAdministrator(chatId, userId)
                .map(yes -> yes ? ChatAdmins.Verdict.ALLOWED : ChatAdmins.Verdict.DENIED)
                .orElse(ChatAdmins.Verdict.UNKNOWN);
        int rate = config.daily().ratePerSecond();
        // One budget for everything sent: broadcasts wait for it, replies only count against it.
        RateBudget budget = new RateBudget(rate, System::nanoTime);
        Core.Daily daily = new Core.Daily(db, admins, (cards, subscriptions, deliveries) -> new DailyScheduler(
                deliveries, new BroadcastLog(db),
                new Broadcaster(gateway, subscriptions, deliveries, cards, budget, clock, Broadcaster.Options.forRate(rate)),
                clock, Duration.ofSeconds(config.daily().tickSeconds())));
        Core core = Core.build(config, firstSnapshot.join(), clock, me.getUserName(),
                new FloodGuard(config.floodCommandsPerMinute(), Ticker.systemTicker(), () -> metrics.floodRejected("commands")),
                new FloodGuard(config.floodInlinePerMinute(), Ticker.systemTicker(), () -> metrics.floodRejected("inline")), daily);
        UpdateRouter router = core.router;
        SnapshotHolder snapshots = core.snapshots;
        CatalogReloader reloader = core.reloader;
        // What replies learn about chats (a group became a supergroup, the bot was blocked) updates subscriptions.
        ReplySender replies = new ReplySender(gateway, new SubscriptionEvents(core.subscriptions), budget::debit);

        java.util.function.Consumer<Update> handler = update -> handle(update, router, replies, metrics);
        UpdateSink dispatcher = config.updateWorkers() == 0
                ? new SequentialSink(handler)
                : new UpdateDispatcher(handler, config.updateWorkers(), MAX_UPDATES_IN_FLIGHT);
        metrics.gauge("paperbot_updates_in_flight", dispatcher::inFlight);
        metrics.gauge("paperbot_broadcast_planned", () -> core.scheduler.progress().planned());
        metrics.gauge("paperbot_broadcast_sent", () -> core.scheduler.progress().sent());
        metrics.gauge("paperbot_broadcast_failed", () -> core.scheduler.progress().failed());
        LongPollingRunner polling = new LongPollingRunner(token, TelegramHttp.telegramUrl(config.apiUrl()),
                config.pollTimeoutSeconds(), dispatcher, gateway);
        try {
            polling.start();
        } catch (TelegramApiException e) {
            shutdownHttp(http);
            throw new IllegalStateException("could not start long polling: " + e.getMessage(), e);
        }
        if (health != null) {
            Map<String, HealthCheck> checks = new LinkedHashMap<>();
            checks.put("polling", () -> !polling.isRunning() ? "long polling is not running"
                    : polling.isHealthy() ? null : "telegram unreachable: no answer to getUpdates within the poll timeout + 60 s");
            checks.put("catalog", () -> snapshots.current().catalog().size() > 0 ? null : "the catalog is empty");
            checks.put("database", db::problem);
            health.replaceChecks(checks);
        }
        FileWatcher watcher = null;
        if (config.catalogWatch()) {
            try {
                watcher = FileWatcher.watch(config.catalogPath(), Duration.ofMillis(300), reloader::reload);
            } catch (IOException e) {
                log.warn("Cannot watch {} for changes ({}); use /reload after editing it", config.catalogPath(), e.getMessage());
            }
        }
        core.scheduler.start();
        // The command menu is not needed to answer updates, so it goes out once polling runs.
        runInBackground(() -> publishCommands(gateway, core.commands, core.texts));
        return new PaperBot(http, polling, dispatcher, health, watcher, db, core.scheduler);
    }


    /** One update: route, reply, measure. Runs on a dispatcher worker, in order within its chat. */
    private static void handle(Update update, UpdateRouter router, ReplySender replies, Metrics metrics) {
        long started = System.nanoTime();
        String type = UpdateTypes.of(update);
        metrics.update(type);
        List<BotApiMethod<?>> answers = router.route(update);
        replies.send(answers);
        metrics.replies(answers.size());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.updateHandled(took, update.getInlineQuery() != null);
        if (log.isDebugEnabled()) {
            log.debug("update {} {} chat {}: {} replies in {} ms", update.getUpdateId(), type, UpdateDispatcher.keyOf(update),
                    answers.size(), took.toMillis());
        }
    }




    /** Updates accepted but not yet handled (bounded by backpressure). */
    public int updatesInFlight() {
        return dispatcher.inFlight();
    }

    /** The daily scheduler (tests look at its reports). */
    public DailyScheduler scheduler() {
        return scheduler;
    }


    /** Stops polling, finishes replies in flight (bounded by {@code grace}) and confirms them to Telegram. */
    public synchronized void stop(Duration grace) {
        if (stopped) {
            return;
        }
        stopped = true;
        log.info("Stopping: finishing the daily send and replies in flight");
        if (watcher != null) {
            watcher.close();
        }
        // The broadcast first: it stops claiming at once and records the send in flight.
        scheduler.stop(SCHEDULER_GRACE);
        try {
            polling.stop(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeHealthPort(health);
        shutdownHttp(http);
        db.close();
        log.info("Stopped");
    }

    /** Stops at once, like a crash: nothing is finished or confirmed. For tests of recovery. */
    public synchronized void kill() {
        stopped = true;
        if (watcher != null) {
            watcher.close();
        }
        // Like a crash, the database is gone at once: sends in flight are never recorded as sent.
        scheduler.kill();
        db.close();
        dispatcher.stopAccepting();
        dispatcher.shutdownNow();
        http.dispatcher().cancelAll();
        polling.abort();
        closeHealthPort(health);
        shutdownHttp(http);
    }

    private static HealthServer openHealthPort(BotConfig config, Map<String, HealthCheck> checks, Metrics metrics) {
        try {
            return HealthServer.start(config.httpHost(), config.httpPort(), checks, metrics);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the HTTP port " + config.httpPort() + ": " + e.getMessage(), e);
        }
    }

    private static void closeHealthPort(HealthServer health) {
        if (health != null) {
            health.close();
        }
    }

    /** Asks getMe until Telegram answers; each failure is reported to {@code failed} (for /healthz) and logged. */
    private static User awaitIdentity(TelegramGateway gateway, CountDownLatch cancel, Consumer<ApiError> failed) {
        Duration wait = Duration.ofSeconds(1);
        while (cancel.getCount() > 0) {
            ApiResult<User> me = gateway.call(new GetMe(), RetryPolicy.REPLIES);
            if (me instanceof ApiResult.Ok<User> ok) {
                return ok.value();
            }
            ApiError error = me.error();
            if (error.kind() == ApiError.Kind.UNAUTHORIZED) {
                throw new RejectedTokenException(error);
            }
            failed.accept(error);
            log.warn("Telegram is not reachable yet ({}); retrying in {} s", error, wait.toSeconds());
            try {
                if (cancel.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            wait = wait.compareTo(Duration.ofSeconds(30)) >= 0 ? Duration.ofSeconds(60) : wait.multipliedBy(2);
        }
        return null;
    }

    /** A one-off task on its own daemon thread (start-up work that must not delay polling). */
    private static void runInBackground(Runnable task) {
        Thread t = new Thread(task, "startup-task");
        t.setDaemon(true);
        t.start();
    }

    private static void publishCommands(TelegramGateway gateway, Commands commands, Texts texts) {
        SetMyCommands set = SetMyCommands.builder()
                .commands(commands.menu().stream()
                        .map(c -> new BotCommand(c.name(), texts.get(c.menuTextKey())))
                        .toList())
                .build();
        ApiResult<Boolean> result = gateway.call(set, RetryPolicy.REPLIES);
        if (!result.isOk()) {
            log.warn("setMyCommands failed: {}; the command menu may be outdated", result.error());
        }
    }

    private static void shutdownHttp(OkHttpClient http) {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
