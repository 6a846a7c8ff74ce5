package org.paperbot;

import org.paperbot.bot.AdminCommands;
import org.paperbot.bot.CallbackHandler;
import org.paperbot.bot.CatalogCommands;
import org.paperbot.bot.CatalogReloader;
import org.paperbot.bot.ChatAdmins;
import org.paperbot.bot.Commands;
import org.paperbot.bot.DailyAdminCommands;
import org.paperbot.bot.FloodGuard;
import org.paperbot.bot.InlineHandler;
import org.paperbot.bot.Replies;
import org.paperbot.bot.SearchCommands;
import org.paperbot.bot.Snapshot;
import org.paperbot.bot.SnapshotHolder;
import org.paperbot.bot.SubscriptionCommands;
import org.paperbot.bot.UpdateRouter;
import org.paperbot.bot.Views;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.catalog.Paper;
import org.paperbot.config.BotConfig;
import org.paperbot.daily.DailyCards;
import org.paperbot.daily.DailyScheduler;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.render.Texts;
import org.paperbot.store.Database;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.SubscriptionStore;

import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Everything that turns an update into replies, independent of transport. Bot mode puts Telegram around it,
 * console mode a terminal, tests call the router directly.
 */
final class Core {
    /** How the daily side is wired: bot mode has a scheduler, the console and tests do not. */
    record Daily(Database db, ChatAdmins admins, SchedulerFactory scheduler) {
        /** Subscriptions kept in memory, anyone may change them, nothing is broadcast. */
        static Daily inMemory() {
            return new Daily(Database.inMemory(), ChatAdmins.ANYONE, null);
        }
    }

    /** Builds the scheduler from the stores and message source that {@link #build} creates. */
    @FunctionalInterface
    interface SchedulerFactory {
        DailyScheduler create(DailyCards cards, SubscriptionStore subscriptions, DeliveryStore deliveries);
    }

    final Texts texts;
    final SnapshotHolder snapshots;
    final CatalogReloader reloader;
    final Commands commands;
    final UpdateRouter router;
    final SubscriptionStore subscriptions;
    /** Null where nothing is broadcast. */
    final DailyScheduler scheduler;

    private Core(Texts texts, SnapshotHolder snapshots, CatalogReloader reloader, Commands commands, UpdateRouter router,
                 SubscriptionStore subscriptions, DailyScheduler scheduler) {
        this.texts = texts;
        this.snapshots = snapshots;
        this.reloader = reloader;
        this.commands = commands;
        this.router = router;
        this.subscriptions = subscriptions;
        this.scheduler = scheduler;
    }

    /** Console and tests: subscriptions in an in-memory database, no broadcasts. */
    static Core build(BotConfig config, Catalog catalog, Clock clock, String botUsername, FloodGuard flood,
                      FloodGuard inlineFlood) {
        return build(config, Snapshot.of(catalog), clock, botUsername, flood, inlineFlood, Daily.inMemory());
    }

    /** @param initial the first snapshot (bot mode builds its search index while it connects to Telegram) */
    static Core build(BotConfig config, Snapshot initial, Clock clock, String botUsername, FloodGuard flood,
                      FloodGuard inlineFlood, Daily daily) {
        Texts texts = Texts.russian();
        Views views = new Views(texts, botUsername, new PaperOfTheDay(), clock, config.zone(), config.listPageSize(),
                RandomGenerator.getDefault());
        SnapshotHolder snapshots = new SnapshotHolder(initial);
        CatalogReloader reloader = new CatalogReloader(config.catalogPath(), new CatalogLoader(), snapshots, Snapshot::of);
        SubscriptionStore subscriptions = new SubscriptionStore(daily.db(), clock, config.daily().defaultTime(), config.zone());
        DeliveryStore deliveries = new DeliveryStore(daily.db(), clock);
        DailyScheduler scheduler = daily.scheduler() == null ? null
                : daily.scheduler().create(dailyCards(snapshots, views, texts), subscriptions, deliveries);
        SearchCommands search = new SearchCommands(views);
        Commands commands = commands(views, search, new AdminCommands(reloader, texts),
                new SubscriptionCommands(views, subscriptions, deliveries, daily.admins(), clock),
                scheduler == null ? null
                        : new DailyAdminCommands(texts, scheduler, subscriptions, clock, config.zone(), clock.instant()));
        UpdateRouter.Routes routes = new UpdateRouter.Routes(commands, new CallbackHandler(views),
                new InlineHandler(views, inlineFlood), search::text);
        UpdateRouter router = new UpdateRouter(snapshots, routes, texts, botUsername, config::isAdmin, flood);
        return new Core(texts, snapshots, reloader, commands, router, subscriptions, scheduler);
    }

    /** The daily message: the card of the paper of the subscriber's local date, as /today shows it. */
    static DailyCards dailyCards(SnapshotHolder snapshots, Views views, Texts texts) {
        return (chatId, date) -> {
            Catalog catalog = snapshots.current().catalog();
            Paper paper = views.paperOfTheDay(catalog, date);
            return new DailyCards.Card(paper.id(),
                    Replies.send(chatId, views.card(catalog, paper, texts.format("today.header", texts.date(date)))));
        };
    }

    /**
     * The command table: where each command is handled. {@code daily} is null where nothing is broadcast
     * (console mode): /push_today and /stats then do not exist.
     */
    static Commands commands(Views views, SearchCommands search, AdminCommands admin, SubscriptionCommands subscriptions,
                             DailyAdminCommands daily) {
        CatalogCommands catalogCommands = new CatalogCommands(views);
        Commands commands = new Commands()
                .add("start", "command.start", catalogCommands::start)
                .add("today", "command.today", catalogCommands::today)
                .add("list", "command.list", catalogCommands::list)
                .add("paper", "command.paper", catalogCommands::paper)
                .add("search", "command.search", search::search)
                .add("random", "command.random", catalogCommands::random)
                .add("topics", "command.topics", catalogCommands::topics)
                .add("topic", "command.topic", catalogCommands::topic)
                .add("subscribe", "command.subscribe", subscriptions::subscribe)
                .add("unsubscribe", "command.unsubscribe", subscriptions::unsubscribe)
                .add("settings", "command.settings", subscriptions::settings)
                .add("timezone", "command.timezone", subscriptions::timezone)
                .add("history", "command.history", subscriptions::history)
                .add("about", "command.about", catalogCommands::about)
                .add("help", "command.help", catalogCommands::help)
                .addAdmin("reload", admin::reload);
        if (daily != null) {
            commands.addAdmin("push_today", daily::pushToday)
                    .addAdmin("stats", daily::stats);
        }
        return commands;
    }
}
