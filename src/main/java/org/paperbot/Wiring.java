package org.paperbot;

import com.github.benmanes.caffeine.cache.Ticker;
import okhttp3.OkHttpClient;
import org.paperbot.bot.AdminCommands;
import org.paperbot.bot.CallbackHandler;
import org.paperbot.bot.CatalogCommands;
import org.paperbot.bot.ChatAdmins;
import org.paperbot.bot.Commands;
import org.paperbot.bot.DailyAdminCommands;
import org.paperbot.bot.DeliverySettingsCommands;
import org.paperbot.bot.FloodGuard;
import org.paperbot.bot.FloodGuards;
import org.paperbot.bot.InlineHandler;
import org.paperbot.bot.NextDelivery;
import org.paperbot.bot.ReaderButtons;
import org.paperbot.bot.ReaderCommands;
import org.paperbot.bot.ReaderMarks;
import org.paperbot.bot.Replies;
import org.paperbot.bot.Screens;
import org.paperbot.bot.SearchCommands;
import org.paperbot.bot.SmallTalk;
import org.paperbot.bot.SubscriptionCommands;
import org.paperbot.bot.UpdateRouter;
import org.paperbot.library.CatalogLibrary;
import org.paperbot.library.CatalogReloader;
import org.paperbot.library.MemoryBudget;
import org.paperbot.library.Snapshot;
import org.paperbot.search.Synonyms;
import org.paperbot.library.SnapshotHolder;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogException;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.catalog.FileWatcher;
import org.paperbot.concurrent.DaemonThreads;
import org.paperbot.config.BotConfig;
import org.paperbot.config.BotToken;
import org.paperbot.daily.Broadcaster;
import org.paperbot.daily.ChatCalendar;
import org.paperbot.daily.DailyCards;
import org.paperbot.daily.DailyScheduler;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.store.DailyPickStore;
import org.paperbot.daily.RateBudget;
import org.paperbot.daily.SubscriptionEvents;
import org.paperbot.ops.HealthCheck;
import org.paperbot.ops.HealthServer;
import org.paperbot.ops.Metrics;
import org.paperbot.outbox.ChatEvents;
import org.paperbot.outbox.Outbox;
import org.paperbot.reader.FollowAnnouncer;
import org.paperbot.reader.FollowEvents;
import org.paperbot.render.Texts;
import org.paperbot.store.BroadcastLog;
import org.paperbot.store.Database;
import org.paperbot.store.PostgresDatabase;
import org.paperbot.replica.AdvisoryBroadcastLock;
import org.paperbot.replica.CatalogSignal;
import org.paperbot.replica.ReplicaId;
import org.paperbot.replica.SharedSendCount;
import org.paperbot.daily.BroadcastLock;
import org.paperbot.telegram.SharedDispatcher;
import org.paperbot.telegram.SharedInbox;
import org.paperbot.store.DatabaseWatch;
import org.paperbot.store.DeliverySettingsStore;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.InboxStore;
import org.paperbot.store.ReaderStores;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.telegram.ApiError;
import org.paperbot.telegram.ApiResult;
import org.paperbot.telegram.ChatMemberCheck;
import org.paperbot.telegram.LongPollingRunner;
import org.paperbot.telegram.UpdateSource;
import org.paperbot.telegram.WebhookServer;
import org.paperbot.telegram.RetryPolicy;
import org.paperbot.telegram.SequentialSink;
import org.paperbot.telegram.Sleeper;
import org.paperbot.telegram.TelegramGateway;
import org.paperbot.telegram.TelegramHttp;
import org.paperbot.telegram.UpdateDispatcher;
import org.paperbot.telegram.UpdateHandler;
import org.paperbot.telegram.UpdateInbox;
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
import org.telegram.telegrambots.meta.api.objects.commands.scope.BotCommandScopeChat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The whole bot, assembled by hand in stages. Each stage is a small factory returning a record of what it built,
 * and takes only what earlier stages returned:
 * <ol>
 *   <li>{@link Stores}: SQLite, or PostgreSQL shared by replicas (subscriptions, deliveries, the update inbox);</li>
 *   <li>{@link Replica}: among replicas, this one's name and the broadcast lock;</li>
 *   <li>{@link Library}: the catalog and its search index, and their reload;</li>
 *   <li>{@link Telegram}: the Bot API client, the bot's identity, the shared send budget, the outbox;</li>
 *   <li>{@link #screens}: what users see (needs the bot's name);</li>
 *   <li>{@link #daily}: the daily broadcast (needs the card screen and the client);</li>
 *   <li>{@link Handlers}: the router and the command table (the admin commands drive the broadcast);</li>
 *   <li>{@link Transport}: dispatching updates (their replies go to the outbox), long polling or the webhook;</li>
 *   <li>{@link Services}: the scheduler started, the health port, the catalog watcher, the command menu.</li>
 * </ol>
 * {@link #bot} runs them all; {@link #offline} (console mode, tests) stops after the handlers.
 */
final class Wiring {
    private static final Logger log = LoggerFactory.getLogger(Wiring.class);
    /** Bounds memory under a flood: updates taken from the inbox and not finished. */
    static final int MAX_UPDATES_IN_FLIGHT = 500;
    /**
     * Updates of one chat waiting behind its running one; more drop the oldest, so no chat fills the window. A whole
     * getUpdates batch (100) from one chat fits: routing is quick (replies go to the outbox, which merges a
     * group's repeats), so only a chat whose updates come faster than they can be routed loses any.
     */
    static final int MAX_WAITING_PER_CHAT = 100;
    static final int MAX_PARALLEL_CALLS = 128;
    /** Half of the parallel calls for chat messages: answers and the broadcast use the rest. */
    static final int MAX_MESSAGES_ON_THE_WIRE = MAX_PARALLEL_CALLS / 2;
    /** Replies waiting in the outbox across chats before update workers wait for room (bounds memory, like the above). */
    static final int MAX_REPLIES_WAITING = 2 * MAX_UPDATES_IN_FLIGHT;

    private Wiring() {
    }

    /**
     * Bot mode: connects (retrying while Telegram is unreachable, until {@code cancel} fires), starts polling, then the
     * services. Returns null if cancelled before Telegram answered.
     */
    static PaperBot bot(BotConfig config, BotToken token, Clock clock, CountDownLatch cancel) {
        Synonyms synonyms = Synonyms.load(config.synonymsPath());
        // Opened before going online, so an unusable data directory is reported at once; and before the catalog,
        // whose built versions live in it (the database's lock keeps any other process out of them).
        Stores stores = Stores.open(config, clock);
        Replica replica = Replica.of(stores);
        CatalogLibrary catalogs = catalogs(config, config.dataDir(), synonyms);
        CatalogLibrary.Loaded loaded;
        try {
            loaded = catalogs.load();
        } catch (RuntimeException e) {
            stores.db().close();
            throw e;
        }
        Catalog catalog = loaded.catalog();
        log.info("Catalog {}: {} papers", config.catalogPath(), catalog.size());
        Metrics metrics = new Metrics();
        // Until the bot runs, /healthz answers 503 with this reason (not a refused connection).
        AtomicReference<String> starting = new AtomicReference<>("starting: waiting for Telegram (getMe)");
        HealthServer health = null;
        Telegram telegram = null;
        Transport transport = null;
        try {
            health = config.httpEnabled() ? openHealthPort(config, Map.of("telegram", starting::get), metrics) : null;
            // The search index is opened, or built, while we wait for Telegram to answer getMe: start-up is mostly
            // waiting.
            CompletableFuture<Snapshot> firstSnapshot = CompletableFuture.supplyAsync(loaded::index, Wiring::runInBackground);
            telegram = Telegram.connect(config, token, stores, replica, metrics, cancel, starting::set);
            if (telegram == null) {
                closeHealthPort(health);
                stores.db().close();
                return null;
            }
            starting.set("starting: Telegram answered, starting " + (config.webhook().mode() == BotConfig.Mode.WEBHOOK ? "the webhook" : "long polling"));
            keepPapersOfTheDay(config, clock, stores, catalog);
            Screens screens = screens(config, stores, telegram.username());
            FollowAnnouncer announcer = announcer(stores, telegram, screens);
            Library library = Library.of(config, catalogs, joined(firstSnapshot), announcer::later);
            CatalogSignal reloads = replica.reloads(stores, library);
            DailyScheduler scheduler = daily(config, clock, stores, telegram, library, screens, replica.lock());
            Handlers handlers = Handlers.of(config, clock, library, stores, screens, telegram.username(),
                    telegram.chatAdmins(), Floods.of(config, metrics), scheduler,
                    reloads == null ? () -> { } : reloads::announce);
            transport = Transport.start(config, token, telegram, stores, replica, handlers.router());
            if (reloads != null) {
                reloads.start();
            }
            Services services = Services.start(config, library, stores, telegram, transport, handlers, scheduler, health);
            announcer.later(library.snapshots()); // papers added while the bot was stopped
            return new PaperBot(stores, telegram, transport, services);
        } catch (RuntimeException e) {
            if (transport != null) {
                transport.source().abort();
            }
            if (telegram != null) {
                telegram.close();
            }
            closeHealthPort(health);
            stores.db().close();
            throw e;
        }
    }

    /**
     * Built catalogs of a data directory, with its cache and heap budgets. The paper cache is one budget, the
     * snapshot serving and one being built beside it are counted apart by the heap budget.
     */
    static CatalogLibrary catalogs(BotConfig config, Path workDir, Synonyms synonyms) {
        return new CatalogLibrary(config.catalogPath(), workDir, synonyms, config.catalogCacheBytes(),
                MemoryBudget.of(config.catalogCacheBytes()));
    }

    /** The first snapshot, or what made it fail (a catalog that cannot be indexed), as thrown by itself. */
    private static Snapshot joined(CompletableFuture<Snapshot> snapshot) {
        try {
            return snapshot.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Console mode: the catalog in the heap, as tests have it, when its files fit in the paper cache's budget; a
     * larger one is built into a temporary directory, removed when the console closes — the console never touches
     * the data directory, which a running bot may be using.
     */
    static Offline console(BotConfig config, Clock clock) {
        if (catalogBytes(config.catalogPath()) <= config.catalogCacheBytes()) {
            return offline(config, new CatalogLoader().load(config.catalogPath()), clock, "paperbot");
        }
        Path work;
        try {
            work = Files.createTempDirectory("paperbot-console");
        } catch (IOException e) {
            throw new CatalogException(config.catalogPath().toString(),
                    List.of("cannot create a temporary directory for the catalog: " + e.getMessage()));
        }
        Synonyms synonyms = Synonyms.load(config.synonymsPath());
        CatalogLibrary catalogs = catalogs(config, work, synonyms);
        Snapshot first;
        try {
            first = catalogs.open();
        } catch (RuntimeException e) {
            CatalogLibrary.deleteTree(work);
            throw e;
        }
        Stores stores = Stores.inMemory(config, clock);
        Library library = Library.of(config, catalogs, first, holder -> { }); // /reload builds beside, as the bot does
        Offline offline = offline(config, stores, library, clock, "paperbot");
        return new Offline(offline.stores(), offline.handlers(), () -> {
            library.snapshots().close();
            CatalogLibrary.deleteTree(work);
        });
    }

    /** The catalog's size on disk; 0 when it cannot be read, which the loader then reports. */
    private static long catalogBytes(Path catalog) {
        try {
            return CatalogLibrary.catalogBytes(catalog);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Console mode and tests: the same handlers over in-memory subscriptions; nothing is sent on a schedule. */
    static Offline offline(BotConfig config, Catalog catalog, Clock clock, String botUsername) {
        return offline(config, Stores.inMemory(config, clock), catalog, clock, botUsername);
    }

    /** The same over given stores (tests of store faults). */
    static Offline offline(BotConfig config, Stores stores, Catalog catalog, Clock clock, String botUsername) {
        // Nothing is sent on its own here, so new papers are not announced to followers.
        Synonyms synonyms = Synonyms.load(config.synonymsPath());
        return offline(config, stores, Library.of(config, synonyms, Snapshot.of(catalog, synonyms), holder -> { }), clock,
                botUsername);
    }

    private static Offline offline(BotConfig config, Stores stores, Library library, Clock clock, String botUsername) {
        keepPapersOfTheDay(config, clock, stores, library.snapshots().current().catalog());
        Screens screens = screens(config, stores, botUsername);
        // There are no groups in the console, and no one to flood it but its own user.
        Handlers handlers = Handlers.of(config, clock, library, stores, screens, botUsername, ChatAdmins.ANYONE,
                Floods.off(), null, () -> { });
        return new Offline(stores, handlers);
    }

    /** What {@link #offline} built; closing it closes the in-memory database, then runs {@code onClose}. */
    record Offline(Stores stores, Handlers handlers, Runnable onClose) implements AutoCloseable {
        Offline(Stores stores, Handlers handlers) {
            this(stores, handlers, () -> { });
        }

        @Override
        public void close() {
            stores.db().close();
            onClose.run();
        }
    }

    /** Stage 1: the database and the stores over it. */
    record Stores(Database db, SubscriptionStore subscriptions, DeliveryStore deliveries, UpdateInbox inbox,
                  PaperOfTheDay paperOfTheDay, ReaderStores readers) {
        /** SQLite in the data directory, or the PostgreSQL server that replicas share when its URL is set. */
        static Stores open(BotConfig config, Clock clock) {
            BotConfig.Store store = config.store();
            Database db = store.postgres()
                    ? PostgresDatabase.open(store.url(), store.user(), store.password(), store.poolSize(), config.dataDir())
                    : Database.open(config.dataDir());
            log.info("Database {} (schema version {})", db.name(), db.schemaVersion());
            if (!store.postgres()) {
                DatabaseWatch.start(db, DatabaseWatch.INTERVAL); // ends when the database is closed
            }
            return over(db, config, clock);
        }

        static Stores inMemory(BotConfig config, Clock clock) {
            return over(Database.inMemory(), config, clock);
        }

        static Stores over(Database db, BotConfig config, Clock clock) {
            return new Stores(db, new SubscriptionStore(db, clock, config.daily().defaultTime(), config.zone()),
                    new DeliveryStore(db, clock), config.inbox() ? new InboxStore(db, clock) : UpdateInbox.inMemory(),
                    new PaperOfTheDay(new DailyPickStore(db, clock)), ReaderStores.over(db, clock));
        }
    }

    /**
     * Stage 1b: what replicas sharing PostgreSQL coordinate through it (see {@code replica/}): this replica's name in
     * the shared tables, and the broadcast lock. A single process on SQLite has the local lock and nothing else.
     */
    record Replica(String id, PostgresDatabase shared, BroadcastLock lock) {
        static Replica of(Stores stores) {
            if (stores.db() instanceof PostgresDatabase pg) {
                String id = ReplicaId.generate();
                log.info("Replica {}: sharing {} with any other replicas", id, pg.name());
                return new Replica(id, pg, new AdvisoryBroadcastLock(pg));
            }
            return new Replica("local", null, BroadcastLock.LOCAL);
        }

        /** The messages this replica sends, counted for the others' budgets, and theirs for its own; null alone. */
        SharedSendCount sendCount(RateBudget budget) {
            return shared == null ? null : new SharedSendCount(shared, id, budget::debit, System::currentTimeMillis);
        }

        /** A /reload here, told to the other replicas, and theirs followed here; null alone. */
        CatalogSignal reloads(Stores stores, Library library) {
            return shared == null ? null : new CatalogSignal(stores.db(), id, () -> library.reloader().reload(),
                    System::currentTimeMillis);
        }
    }

    /** Stage 2: the current catalog snapshot (catalog + search index) and what replaces it. */
    record Library(SnapshotHolder snapshots, CatalogReloader reloader) {
        /**
         * In the heap (console, tests): each reload loads the whole catalog. {@code synonyms} serve every snapshot:
         * the file is read once, at start-up.
         *
         * @param replaced told after each reload puts a snapshot in place
         */
        static Library of(BotConfig config, Synonyms synonyms, Snapshot first, Consumer<SnapshotHolder> replaced) {
            SnapshotHolder snapshots = new SnapshotHolder(first, replaced);
            return new Library(snapshots, new CatalogReloader(config.catalogPath(), new CatalogLoader(), snapshots,
                    catalog -> Snapshot.of(catalog, synonyms)));
        }

        /** Bot mode: each reload builds the new version of the catalog beside the one serving (unless unchanged). */
        static Library of(BotConfig config, CatalogLibrary catalogs, Snapshot first, Consumer<SnapshotHolder> replaced) {
            SnapshotHolder snapshots = new SnapshotHolder(first, replaced);
            return new Library(snapshots, new CatalogReloader(config.catalogPath(), snapshots, catalogs::next));
        }
    }

    /**
     * Stage 3: the Bot API client once Telegram has said who we are; one send budget for replies and broadcasts; the
     * outbox every chat message goes through, replies and daily cards alike.
     *
     * @param random spreads retry backoffs; {@link Random} because every sending thread shares it
     */
    record Telegram(OkHttpClient http, TelegramGateway gateway, Metrics metrics, RateBudget budget, Outbox outbox,
                    RandomGenerator random, String username) {
        /**
         * Null if {@code cancel} fired before Telegram answered; a rejected token throws.
         *
         * @param status told why Telegram has not answered yet (for /healthz)
         */
        static Telegram connect(BotConfig config, BotToken token, Stores stores, Replica replica, Metrics metrics,
                                CountDownLatch cancel, Consumer<String> status) {
            OkHttpClient http = TelegramHttp.sendingClient(MAX_PARALLEL_CALLS);
            OkHttpTelegramClient client = new OkHttpTelegramClient(http, token.secret(), TelegramHttp.telegramUrl(config.apiUrl()));
            Random random = new Random();
            TelegramGateway gateway = new TelegramGateway(client, Sleeper.REAL, random, metrics);
            User me;
            try {
                me = awaitIdentity(gateway, cancel, error -> status.accept("starting: waiting for Telegram (getMe): " + error));
            } catch (RuntimeException e) {
                shutdown(http);
                throw e;
            }
            if (me == null) {
                http.dispatcher().cancelAll(); // a getMe may still be waiting for a stalled Bot API
                shutdown(http);
                return null;
            }
            log.info("Logged in as @{} via {}", me.getUserName(), config.apiUrl());
            // Broadcasts wait for the budget, replies only count against it.
            RateBudget budget = new RateBudget(config.daily().ratePerSecond(), System::nanoTime);
            // Replicas: the budget is the bot's, so each one counts what it sends for the others.
            SharedSendCount sends = replica.sendCount(budget);
            Runnable sent = sends == null ? budget::debit : () -> {
                budget.debit();
                sends.sent();
            };
            if (sends != null) {
                sends.start(); // ends when the database is closed
            }
            // What sending learns about chats (a group became a supergroup, the bot was blocked) updates subscriptions
            // and follows.
            Outbox outbox = Outbox.start(gateway, ChatEvents.both(new SubscriptionEvents(stores.subscriptions()),
                            new FollowEvents(stores.readers().follows())), sent,
                    Outbox.Options.telegram(MAX_MESSAGES_ON_THE_WIRE, MAX_REPLIES_WAITING), System::nanoTime, random);
            metrics.gauge("paperbot_outbox_pending", () -> outbox.stats().pending());
            metrics.gauge("paperbot_outbox_parked_chats", () -> outbox.stats().parkedChats());
            metrics.counter("paperbot_outbox_coalesced_total", outbox, o -> o.stats().coalesced());
            metrics.counter("paperbot_outbox_dropped_total", outbox, o -> o.stats().dropped());
            metrics.counter("paperbot_outbox_given_up_total", outbox, o -> o.stats().givenUp());
            return new Telegram(http, gateway, metrics, budget, outbox, random, me.getUserName());
        }

        /** Group administrators as Telegram knows them (getChatMember). */
        ChatAdmins chatAdmins() {
            ChatMemberCheck members = new ChatMemberCheck(gateway);
            return (chatId, userId) -> members.isAdministrator(chatId, userId)
                    .map(yes -> yes ? ChatAdmins.Verdict.ALLOWED : ChatAdmins.Verdict.DENIED)
                    .orElse(ChatAdmins.Verdict.UNKNOWN);
        }

        /** Stopping the outbox after its drain waits this long at most for its scheduler thread. */
        static final Duration OUTBOX_STOP = Duration.ofMillis(500);

        /**
         * Sends what the outbox holds for up to {@code timeout}, then stops it (within {@link #OUTBOX_STOP} more):
         * what is left then is given up.
         */
        void finishSending(Duration timeout) {
            if (!outbox.drain(timeout)) {
                log.warn("Replies still waiting after {} ms are given up", timeout.toMillis());
            }
            outbox.stop(OUTBOX_STOP);
        }

        /** The outbox stops (if it has not yet), calls still open are cancelled: their outcome no longer matters. */
        void close() {
            outbox.stop(Duration.ZERO);
            http.dispatcher().cancelAll();
            shutdown(http);
        }

        /** Stops at once: nothing more is sent, calls in flight are cancelled. */
        void cancelCalls() {
            outbox.stop(Duration.ZERO);
            http.dispatcher().cancelAll();
        }

        private static void shutdown(OkHttpClient http) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /**
     * The first start with kept papers of the day carries over the dates people already saw (see
     * {@link PaperOfTheDay#carryOver}); afterwards this does nothing.
     */
    private static void keepPapersOfTheDay(BotConfig config, Clock clock, Stores stores, Catalog catalog) {
        int kept = stores.paperOfTheDay().carryOver(catalog, LocalDate.now(clock.withZone(config.zone())));
        if (kept > 0) {
            log.info("Paper of the day: kept the {} dates around today as they were shown before the upgrade", kept);
        }
    }

    /** Stage 4: the screens, shared by commands, buttons, inline mode and the daily message. */
    static Screens screens(BotConfig config, Stores stores, String botUsername) {
        return Screens.of(Texts.russian(), botUsername, stores.paperOfTheDay(), config.listPageSize(),
                RandomGenerator.getDefault());
    }

    /**
     * Bot mode only: tells followers about new papers. Each announcement takes a slot of the broadcast's budget before
     * it goes to the outbox (which counts it once more, as every message): a rare event, so being slower than the
     * daily broadcast costs nothing, while many followers never exceed the global rate.
     */
    static FollowAnnouncer announcer(Stores stores, Telegram telegram, Screens screens) {
        return new FollowAnnouncer(stores.readers().follows(),
                (chatId, catalog, papers) -> Replies.send(chatId, screens.readers().announcement(catalog, papers)),
                message -> {
                    TimeUnit.NANOSECONDS.sleep(telegram.budget().reserve().waitNanos());
                    telegram.outbox().submit(List.of(message));
                });
    }

    /** Stage 5 (bot mode only): the daily broadcast, built but not started. */
    static DailyScheduler daily(BotConfig config, Clock clock, Stores stores, Telegram telegram, Library library,
                                Screens screens, BroadcastLock lock) {
        int rate = config.daily().ratePerSecond();
        // The daily message: the card of the paper of the subscriber's local date, as /today shows it, with the
        // buttons for the chat's delivery settings.
        DailyCards cards = (chatId, date) -> library.snapshots().use(snapshot ->
                Replies.send(chatId, screens.daily().delivered(snapshot.catalog(), date)));
        Broadcaster broadcaster = new Broadcaster(telegram.gateway(), telegram.outbox(), stores.subscriptions(),
                stores.deliveries(), cards, telegram.budget(), clock, Broadcaster.Options.forRate(rate), telegram.random());
        return new DailyScheduler(stores.deliveries(), new BroadcastLog(stores.db()), broadcaster, clock,
                Duration.ofSeconds(config.daily().tickSeconds()), config.daily().historyDays(), lock);
    }

    /** Flood control for commands, group chats and button presses, and for inline queries. */
    record Floods(FloodGuards commands, FloodGuard inline) {
        static Floods of(BotConfig config, Metrics metrics) {
            return new Floods(
                    FloodGuards.of(config.floodCommandsPerMinute(), Ticker.systemTicker(), () -> metrics.floodRejected("commands"),
                            () -> metrics.floodRejected("group"), () -> metrics.floodRejected("buttons")),
                    new FloodGuard(config.floodInlinePerMinute(), Ticker.systemTicker(), () -> metrics.floodRejected("inline")));
        }

        static Floods off() {
            return new Floods(FloodGuards.off(), new FloodGuard(0, Ticker.systemTicker()));
        }
    }

    /** Stage 6: what turns an update into replies, independent of transport. */
    record Handlers(UpdateRouter router, Commands commands, Texts texts) {
        /**
         * @param scheduler the daily broadcast, or null where nothing is broadcast: /push_today and /stats then do not exist
         * @param reloaded  told after a /reload replaced the catalog (replicas: the others reload too)
         */
        static Handlers of(BotConfig config, Clock clock, Library library, Stores stores, Screens screens, String botUsername,
                           ChatAdmins groupAdmins, Floods floods, DailyScheduler scheduler, Runnable reloaded) {
            SearchCommands search = new SearchCommands(screens, SmallTalk.russian());
            ChatCalendar calendar = new ChatCalendar(clock, stores.subscriptions());
            DeliverySettingsStore deliverySettings = new DeliverySettingsStore(stores.db(), clock);
            NextDelivery next = new NextDelivery(screens.texts(), stores.deliveries(), deliverySettings, clock);
            DeliverySettingsCommands delivery = new DeliverySettingsCommands(screens.texts(), stores.subscriptions(),
                    deliverySettings, stores.deliveries(), next, clock);
            ReaderCommands reader = new ReaderCommands(screens.readers(), stores.readers(), config.adminIds(), clock);
            ReaderButtons readerButtons = new ReaderButtons(screens.readers(), stores.readers());
            Commands commands = Commands.declared(new CatalogCommands(screens, calendar), search,
                    new SubscriptionCommands(screens, stores.subscriptions(), next, clock), delivery,
                    new AdminCommands(library.reloader(), screens.texts(), reloaded),
                    scheduler == null ? null : new DailyAdminCommands(screens.texts(), scheduler, stores.subscriptions(),
                            clock, config.zone(), clock.instant()), reader);
            UpdateRouter.Routes routes = new UpdateRouter.Routes(commands,
                    new CallbackHandler(screens, calendar, delivery, readerButtons),
                    new InlineHandler(screens, calendar, floods.inline()), reader.notesBefore(search::text));
            UpdateRouter router = new UpdateRouter(library.snapshots(), routes, screens.texts(), botUsername,
                    config::isAdmin, groupAdmins, floods.commands(), new ReaderMarks(screens.readers(), readerButtons));
            return new Handlers(router, commands, screens.texts());
        }
    }

    /** Stage 7: updates in, their replies to the outbox; polling (or the webhook) runs when this returns. */
    record Transport(UpdateSink dispatcher, UpdateSource source) {
        static Transport start(BotConfig config, BotToken token, Telegram telegram, Stores stores, Replica replica,
                               UpdateRouter router) {
            Metrics metrics = telegram.metrics();
            // The update is finished in the inbox only once its replies are out: a stop that gives them up leaves
            // it to be handled again at the next start.
            UpdateHandler handler = update -> handle(update, router, telegram.outbox(), metrics);
            // Replicas take their work from the shared inbox, a chat at a time across all of them.
            UpdateSink dispatcher = replica.shared() != null && stores.inbox() instanceof SharedInbox shared
                    ? new SharedDispatcher(shared, handler, replica.id(), Math.max(1, config.updateWorkers()), MAX_UPDATES_IN_FLIGHT,
                            dropped -> {
                                for (int i = 0; i < dropped; i++) {
                                    metrics.updateDropped("chat_backlog");
                                }
                            })
                    : config.updateWorkers() == 0
                    ? new SequentialSink(stores.inbox(), handler)
                    : new UpdateDispatcher(stores.inbox(), handler,
                            new UpdateDispatcher.Limits(config.updateWorkers(), MAX_UPDATES_IN_FLIGHT, MAX_WAITING_PER_CHAT),
                            () -> metrics.updateDropped("chat_backlog"));
            metrics.gauge("paperbot_updates_in_flight", dispatcher::inFlight);
            BotConfig.Webhook webhook = config.webhook();
            UpdateSource source = webhook.mode() == BotConfig.Mode.WEBHOOK
                    ? new WebhookServer(config.httpHost(), webhook.port(), webhook.url(), webhook.secret(), dispatcher,
                            telegram.gateway())
                    : new LongPollingRunner(token, TelegramHttp.telegramUrl(config.apiUrl()), config.pollTimeoutSeconds(),
                            dispatcher);
            try {
                source.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while taking up the stored updates", e);
            }
            return new Transport(dispatcher, source);
        }

        /**
         * One update: route, hand the replies to the outbox, measure when they are out. Runs on a dispatcher worker,
         * in order within its chat; the worker does not wait for the replies to be sent.
         */
        private static CompletionStage<?> handle(Update update, UpdateRouter router, Outbox outbox, Metrics metrics) {
            long started = System.nanoTime();
            String type = UpdateTypes.of(update);
            metrics.update(type);
            List<BotApiMethod<?>> answers = router.route(update);
            metrics.replies(answers.size());
            return outbox.submit(answers).thenRun(() -> {
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                metrics.updateHandled(took, update.getInlineQuery() != null);
                if (log.isDebugEnabled()) {
                    log.debug("update {} {} chat {}: {} replies in {} ms", update.getUpdateId(), type,
                            UpdateDispatcher.keyOf(update), answers.size(), took.toMillis());
                }
            });
        }
    }

    /** Stage 8: what runs beside the polling loop. The health port and the watcher are optional (null when off). */
    record Services(DailyScheduler scheduler, HealthServer health, FileWatcher watcher) {
        /** @param health the operations port opened at start-up (null when off); it now gets the running bot's checks */
        static Services start(BotConfig config, Library library, Stores stores, Telegram telegram, Transport transport,
                              Handlers handlers, DailyScheduler scheduler, HealthServer health) {
            Metrics metrics = telegram.metrics();
            metrics.gauge("paperbot_broadcast_planned", () -> scheduler.progress().planned());
            metrics.gauge("paperbot_broadcast_sent", () -> scheduler.progress().sent());
            metrics.gauge("paperbot_broadcast_failed", () -> scheduler.progress().failed());
            if (health != null) {
                Map<String, HealthCheck> checks = new LinkedHashMap<>();
                checks.put(config.webhook().mode() == BotConfig.Mode.WEBHOOK ? "webhook" : "polling", transport.source()::problem);
                checks.put("catalog", () -> library.snapshots().current().catalog().size() > 0 ? null : "the catalog is empty");
                checks.put("database", stores.db()::problem);
                health.replaceChecks(checks);
            }
            FileWatcher watcher = null;
            if (config.catalogWatch()) {
                try {
                    watcher = FileWatcher.watch(config.catalogPath(), Duration.ofMillis(300), library.reloader()::reload);
                } catch (IOException e) {
                    log.warn("Cannot watch {} for changes ({}); use /reload after editing it", config.catalogPath(), e.getMessage());
                }
            }
            scheduler.start();
            // The command menu is not needed to answer updates, so it goes out once polling runs.
            runInBackground(() -> publishCommands(telegram.gateway(), handlers.commands(), handlers.texts(), config.adminIds()));
            return new Services(scheduler, health, watcher);
        }
    }

    private static HealthServer openHealthPort(BotConfig config, Map<String, HealthCheck> checks, Metrics metrics) {
        try {
            return HealthServer.start(config.httpHost(), config.httpPort(), checks, metrics);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the HTTP port " + config.httpPort() + ": " + e.getMessage(), e);
        }
    }

    static void closeHealthPort(HealthServer health) {
        if (health != null) {
            health.close();
        }
    }

    /** Asks getMe until Telegram answers; each failure is reported to {@code failed} (for /healthz) and logged. */
    private static User awaitIdentity(TelegramGateway gateway, CountDownLatch cancel, Consumer<ApiError> failed) {
        Duration wait = Duration.ofSeconds(1);
        while (cancel.getCount() > 0) {
            ApiResult<User> me = unlessCancelled(() -> gateway.call(new GetMe(), RetryPolicy.BACKGROUND), cancel);
            if (me == null) {
                return null;
            }
            if (me instanceof ApiResult.Ok<User> ok) {
                return ok.value();
            }
            ApiError error = me.error();
            if (error.kind() == ApiError.Kind.UNAUTHORIZED) {
                throw new PaperBot.RejectedTokenException(error);
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

    /** The call's result, or null once {@code cancel} fires first: a stalled Bot API must not hold up a SIGTERM. */
    private static <T> T unlessCancelled(Supplier<T> call, CountDownLatch cancel) {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(call, Wiring::runInBackground);
        try {
            while (true) {
                try {
                    return result.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (cancel.getCount() == 0) {
                        return null;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Telegram's command menu from the command table: everyone's by default, and each bot admin's private chat gets
     * the admin commands as well (a chat the admin never opened is refused by Telegram, which is only worth a warning).
     */
    private static void publishCommands(TelegramGateway gateway, Commands commands, Texts texts, Set<Long> botAdmins) {
        publish(gateway, SetMyCommands.builder().commands(menu(commands, texts, false)).build(), "everyone");
        for (long admin : botAdmins) {
            publish(gateway, SetMyCommands.builder().commands(menu(commands, texts, true))
                    .scope(new BotCommandScopeChat(String.valueOf(admin))).build(), "admin " + admin);
        }
    }

    private static List<BotCommand> menu(Commands commands, Texts texts, boolean botAdmin) {
        return commands.menu(botAdmin).stream().map(c -> new BotCommand(c.name(), texts.get(c.menuKey()))).toList();
    }

    private static void publish(TelegramGateway gateway, SetMyCommands set, String forWhom) {
        ApiResult<Boolean> result = gateway.call(set, RetryPolicy.BACKGROUND);
        if (!result.isOk()) {
            log.warn("setMyCommands for {} failed: {}; that command menu may be outdated", forWhom, result.error());
        }
    }

    /** A one-off task on its own daemon thread (start-up work that must not delay polling). */
    private static void runInBackground(Runnable task) {
        DaemonThreads.start("startup-task", task);
    }
}
