package org.paperbot;

import org.paperbot.bot.AdminCommands;
import org.paperbot.bot.CallbackHandler;
import org.paperbot.bot.CatalogCommands;
import org.paperbot.bot.CatalogReloader;
import org.paperbot.bot.Commands;
import org.paperbot.bot.FloodGuard;
import org.paperbot.bot.InlineHandler;
import org.paperbot.bot.SearchCommands;
import org.paperbot.bot.Snapshot;
import org.paperbot.bot.SnapshotHolder;
import org.paperbot.bot.UpdateRouter;
import org.paperbot.bot.Views;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.config.BotConfig;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.render.Texts;

import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Everything that turns an update into replies, independent of transport. Bot mode puts Telegram around it,
 * console mode a terminal, tests call the router directly.
 */
final class Core {
    final Texts texts;
    final SnapshotHolder snapshots;
    final CatalogReloader reloader;
    final Commands commands;
    final UpdateRouter router;

    private Core(Texts texts, SnapshotHolder snapshots, CatalogReloader reloader, Commands commands, UpdateRouter router) {
        this.texts = texts;
        this.snapshots = snapshots;
        this.reloader = reloader;
        this.commands = commands;
        this.router = router;
    }

    static Core build(BotConfig config, Catalog catalog, Clock clock, String botUsername, FloodGuard flood, FloodGuard inlineFlood) {
        Texts texts = Texts.russian();
        Views views = new Views(texts, botUsername, new PaperOfTheDay(), clock, config.zone(), config.listPageSize(),
                RandomGenerator.getDefault());
        SnapshotHolder snapshots = new SnapshotHolder(Snapshot.of(catalog));
        CatalogReloader reloader = new CatalogReloader(config.catalogPath(), new CatalogLoader(), snapshots, Snapshot::of);
        SearchCommands search = new SearchCommands(views);
        Commands commands = commands(views, search, new AdminCommands(reloader, texts));
        UpdateRouter.Routes routes = new UpdateRouter.Routes(commands, new CallbackHandler(views),
                new InlineHandler(views, inlineFlood), search::text);
        UpdateRouter router = new UpdateRouter(snapshots, routes, texts, botUsername, config::isAdmin, flood);
        return new Core(texts, snapshots, reloader, commands, router);
    }


    /** The command table: where each command is handled. */
    static Commands commands(Views views, SearchCommands search, AdminCommands admin) {
        CatalogCommands catalogCommands = new CatalogCommands(views);
        return new Commands()
                .add("start", "command.start", catalogCommands::start)
                .add("today", "command.today", catalogCommands::today)
                .add("list", "command.list", catalogCommands::list)
                .add("paper", "command.paper", catalogCommands::paper)
                .add("search", "command.search", search::search)
                .add("random", "command.random", catalogCommands::random)
                .add("topics", "command.topics", catalogCommands::topics)
                .add("topic", "command.topic", catalogCommands::topic)
                .add("about", "command.about", catalogCommands::about)
                .add("help", "command.help", catalogCommands::help)
                .addAdmin("reload", admin::reload);
    }
}
