package org.paperbot.bot;

import org.paperbot.catalog.Keys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.paperbot.bot.Args.days;
import static org.paperbot.bot.Args.optional;
import static org.paperbot.bot.Args.page;
import static org.paperbot.bot.Args.paper;
import static org.paperbot.bot.Args.subscription;
import static org.paperbot.bot.Args.text;
import static org.paperbot.bot.Args.zone;
import static org.paperbot.bot.Command.Section.CATALOG;
import static org.paperbot.bot.Command.Section.DAILY;
import static org.paperbot.bot.Command.Where.PRIVATE;
import static org.paperbot.bot.Command.Who.BOT_ADMINS;
import static org.paperbot.bot.Command.Who.EVERYONE;
import static org.paperbot.bot.Command.Who.GROUP_ADMINS;
import static org.paperbot.bot.Command.named;

/**
 * The command table: every command, declared once ({@link #declared}). The router looks commands up here;
 * Telegram's command menu, the admins' menu and /help are all read from it, in declaration order.
 */
public final class Commands {
    /** /history reaches back this many days at most; the default is a week. */
    static final int HISTORY_MIN_DAYS = 2;
    static final int HISTORY_MAX_DAYS = 30;

    /** Other names people type for a command (not in Telegram's menu, which takes Latin names only). */
    static final Map<String, String> ALIASES = Map.of("помощь", "help", "справка", "help", "старт", "start");

    private final Map<String, Command<?>> byName = new LinkedHashMap<>();
    private final List<Command<?>> forEveryone;
    private final List<Command<?>> forBotAdmins;

    public Commands(List<Command<?>> commands) {
        this(commands, Map.of());
    }

    /** @param aliases another name → the declared name it stands for */
    public Commands(List<Command<?>> commands, Map<String, String> aliases) {
        for (Command<?> c : commands) {
            if (byName.putIfAbsent(c.name(), c) != null) {
                throw new IllegalArgumentException("command declared twice: /" + c.name());
            }
        }
        aliases.forEach((alias, name) -> {
            Command<?> c = byName.get(name);
            if (c == null || byName.putIfAbsent(alias, c) != null) {
                throw new IllegalArgumentException("alias /" + alias + " of /" + name + ": no such command, or the name is taken");
            }
        });
        this.forBotAdmins = List.copyOf(commands);
        this.forEveryone = commands.stream().filter(c -> !c.forBotAdmins()).toList();
    }

    /**
     * The bot's commands. {@code daily} is null where nothing is broadcast (console mode): /push_today and /stats
     * then do not exist.
     */
    public static Commands declared(CatalogCommands catalog, SearchCommands search, SubscriptionCommands subscriptions,
                                    DeliverySettingsCommands delivery, AdminCommands admin, DailyAdminCommands daily,
                                    ReaderCommands reader) {
        List<Command<?>> commands = new ArrayList<>(List.of(
                // The argument is a deep-link parameter (t.me/<bot>?start=…), or anything Telegram was given.
                named("start", text()).menu("command.start")
                        .handle(catalog::start),
                named("today").menu("command.today").help(CATALOG, "help.today")
                        .handle(catalog::today),
                named("list", optional(page(catalog::pages))).menu("command.list").help(CATALOG, "help.list")
                        .handle(catalog::list),
                named("search", text()).menu("command.search").help(CATALOG, "help.search")
                        .handle(search::search),
                named("paper", optional(paper())).menu("command.paper").help(CATALOG, "help.paper")
                        .handle(catalog::paper),
                named("random").menu("command.random").help(CATALOG, "help.random")
                        .handle(catalog::random),
                named("topics").menu("command.topics").help(CATALOG, "help.topics")
                        .handle(catalog::topics),
                named("topic", text()).menu("command.topic").help(CATALOG, "help.topic")
                        .handle(catalog::topic),
                named("about").menu("command.about").help(CATALOG, "help.about")
                        .handle(catalog::about),
                // Whoever asks for help gets it, whatever they typed after /help.
                named("help", text()).menu("command.help").help(CATALOG, "help.help")
                        .handle(catalog::help),
                named("subscribe", subscription()).menu("command.subscribe").help(DAILY, "help.subscribe")
                        .who(GROUP_ADMINS)
                        .handle(subscriptions::subscribe),
                named("timezone", optional(zone())).menu("command.timezone").help(DAILY, "help.timezone")
                        .who(zone -> zone.isPresent() ? GROUP_ADMINS : EVERYONE) // anyone may look, admins change
                        .handle(subscriptions::timezone),
                named("settings").menu("command.settings").help(DAILY, "help.settings")
                        .handle(delivery::settings),
                named("history", optional(days(HISTORY_MIN_DAYS, HISTORY_MAX_DAYS))).menu("command.history")
                        .help(DAILY, "help.history")
                        .handle(subscriptions::history),
                // /pause alone explains itself to anyone; pausing a group's delivery is for its admins.
                named("pause", optional(days(1, DeliverySettingsCommands.MAX_PAUSE_DAYS))).menu("command.pause")
                        .help(DAILY, "help.pause")
                        .who(days -> days.isPresent() ? GROUP_ADMINS : EVERYONE)
                        .handle(delivery::pause),
                named("resume").menu("command.resume").help(DAILY, "help.resume")
                        .who(GROUP_ADMINS)
                        .handle(delivery::resume),
                named("unsubscribe").menu("command.unsubscribe").help(DAILY, "help.unsubscribe")
                        .who(GROUP_ADMINS)
                        .handle(subscriptions::unsubscribe),
                // Saved papers are the sender's own: a group would show them to everyone.
                named("saved").menu("command.saved").help(CATALOG, "help.saved").where(PRIVATE)
                        .handle(reader::saved),
                named("follow", text()).menu("command.follow").help(CATALOG, "help.follow")
                        .who(what -> what.isEmpty() ? EVERYONE : GROUP_ADMINS) // the hint is for anyone
                        .handle(reader::follow),
                named("following").menu("command.following").help(CATALOG, "help.following")
                        .handle(reader::following),
                named("unfollow", text()).menu("command.unfollow").help(CATALOG, "help.unfollow")
                        .who(what -> what.isEmpty() ? EVERYONE : GROUP_ADMINS)
                        .handle(reader::unfollow),
                // Bot admins' replies carry figures and file problems not meant for a group's members.
                named("reload").menu("command.reload").help("help.reload").who(BOT_ADMINS).where(PRIVATE)
                        .handle(admin::reload)));
        if (daily != null) {
            commands.add(named("push_today").menu("command.push_today").help("help.push_today").who(BOT_ADMINS).where(PRIVATE)
                    .handle(daily::pushToday));
            commands.add(named("stats").menu("command.stats").help("help.stats").who(BOT_ADMINS).where(PRIVATE)
                    .handle(r -> daily.stats(r, reader.stats(r.catalog()))));
        }
        return new Commands(commands, ALIASES);
    }

    public Optional<Command<?>> find(String name) {
        return Optional.ofNullable(byName.get(Keys.fold(name)));
    }

    /** What a sender may use, in declaration order: bot admins see their own commands as well. */
    public List<Command<?>> visibleTo(boolean botAdmin) {
        return botAdmin ? forBotAdmins : forEveryone;
    }

    /** The commands with a menu description that {@code botAdmin} or not sees, for setMyCommands. */
    public List<Command<?>> menu(boolean botAdmin) {
        return visibleTo(botAdmin).stream().filter(c -> c.menuKey() != null).toList();
    }
}
