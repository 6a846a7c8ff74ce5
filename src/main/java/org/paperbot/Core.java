package org.paperbot;

import org.paperbot.bot.AdminCommands;
import org.paperbot.bot.CallbackHandler;
import org.paperbot.bot.CatalogCommands;
import org.paperbot.bot.CatalogReloader;
import org.paperbot.bot.Commands;
import org.paperbot.bot.FloodGuard;
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

    static Core build(BotConfig config, Catalog catalog, Clock clock, String botUsername, FloodGuard flood) {
        Texts texts = Texts.russian();
        Views views = new Views(texts, new PaperOfTheDay(), clock, config.zone(), config.listPageSize(),
                RandomGenerator.getDefault());
        SnapshotHolder snapshots = new SnapshotHolder(snapshot(catalog));
        CatalogReloader reloader = new CatalogReloader(config.catalogPath(), new CatalogLoader(), snapshots, Core::snapshot);
        Commands commands = commands(views, new AdminCommands(reloader, texts));
        UpdateRouter router = new UpdateRouter(snapshots, commands, new CallbackHandler(views), texts, botUsername,
                config::isAdmin, flood);
        return new Core(texts, snapshots, reloader, commands, router);
    }

    /** Everything derived from one catalog; rebuilt on reload. */
    static Snapshot snapshot(Catalog catalog) {
        return new Snapshot(catalog);
    }

    /** The command table: where each command is handled. */
    static Commands commands(Views views, AdminCommands admin) {
        CatalogCommands catalogCommands = new CatalogCommands(views);
        return new Commands()
                .add("start", "command.start", catalogCommands::start)
                .add("today", "command.today", catalogCommands::today)
                .add("list", "command.list", catalogCommands::list)
                .add("paper", "command.paper", catalogCommands::paper)
                .add("random", "command.random", catalogCommands::random)
                .add("topics", "command.topics", catalogCommands::topics)
                .add("topic", "command.topic", catalogCommands::topic)
                .add("about", "command.about", catalogCommands::about)
                .add("help", "command.help", catalogCommands::help)
                .addAdmin("reload", admin::reload);
    }
}
