package org.paperbot.bot;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One command, declared once: its name, its lines in the menu and in /help, who may use it and where, how its
 * argument is read, and what handles it. The {@link UpdateRouter} enforces who and where and parses the argument
 * before the handler runs, so handlers neither check permissions nor parse text.
 *
 * <pre>{@code
 * Command.named("timezone", Args.optional(Args.zone()))
 *         .menu("command.timezone").help(Section.DAILY, "help.timezone")
 *         .who(zone -> zone.isPresent() ? Who.GROUP_ADMINS : Who.EVERYONE) // anyone may look, admins change
 *         .handle(subscriptions::timezone)
 * }</pre>
 *
 * @param menuKey text key of the description in Telegram's command menu, or null to keep it out of the menu
 * @param helpKey text key of the command's line in /help, or null to leave it out of /help
 * @param who     who may use the command, given its parsed argument
 */
public record Command<A>(String name, String menuKey, Section section, String helpKey, boolean forBotAdmins,
                         Function<A, Who> who, Where where, Args.Arg<A> arg, Handler<A> handler) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,32}");

    /** Who may use a command. */
    public enum Who {
        EVERYONE,
        /** In a group only its administrators (an anonymous admin posting as the group counts); in a private chat anyone. */
        GROUP_ADMINS,
        /** The user ids in PAPERBOT_ADMIN_IDS; for anyone else the command does not exist. */
        BOT_ADMINS
    }

    /** Where a command works. */
    public enum Where { PRIVATE, GROUPS, ANY }

    /** The part of /help a command is listed in; commands for bot admins get a part of their own. */
    public enum Section { CATALOG, DAILY }

    /** Handles a command whose argument has been parsed. */
    @FunctionalInterface
    public interface Handler<A> {
        List<BotApiMethod<?>> handle(CommandRequest request, A arg);
    }

    public Command {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a command name is 1-32 of a-z, 0-9 and _ (Telegram's rule): " + name);
        }
        if (helpKey != null && section == null && !forBotAdmins) {
            throw new IllegalArgumentException("/" + name + " has a help line but no section");
        }
        Objects.requireNonNull(who);
        Objects.requireNonNull(where);
        Objects.requireNonNull(arg);
        Objects.requireNonNull(handler);
    }

    /** Starts a declaration of a command without argument: everyone, anywhere, not in the menu or /help until said. */
    public static Builder<Args.Nothing> named(String name) {
        return named(name, Args.none());
    }

    /** Starts a declaration of a command whose argument {@code arg} reads. */
    public static <A> Builder<A> named(String name, Args.Arg<A> arg) {
        return new Builder<>(name, null, null, null, false, a -> Who.EVERYONE, Where.ANY, arg);
    }

    /** A declaration in progress; each step returns a new builder. */
    public record Builder<A>(String name, String menuKey, Section section, String helpKey, boolean forBotAdmins,
                             Function<A, Who> who, Where where, Args.Arg<A> arg) {
        public Builder<A> menu(String key) {
            return new Builder<>(name, key, section, helpKey, forBotAdmins, who, where, arg);
        }

        public Builder<A> help(Section in, String key) {
            return new Builder<>(name, menuKey, in, key, forBotAdmins, who, where, arg);
        }

        /** For {@link Who#BOT_ADMINS} commands, whose help line goes to the admins' part of /help. */
        public Builder<A> help(String key) {
            return new Builder<>(name, menuKey, section, key, forBotAdmins, who, where, arg);
        }

        public Builder<A> who(Who everyTime) {
            return new Builder<>(name, menuKey, section, helpKey, everyTime == Who.BOT_ADMINS, a -> everyTime, where, arg);
        }

        /**
         * Access that depends on the argument, e.g. anyone may look at a setting, only admins may change it. Bot-admin
         * commands cannot be declared this way: they must be invisible to others whatever the argument.
         */
        public Builder<A> who(Function<A, Who> byArgument) {
            Function<A, Who> checked = a -> {
                Who w = byArgument.apply(a);
                if (w == Who.BOT_ADMINS) {
                    throw new IllegalStateException("/" + name + ": BOT_ADMINS cannot depend on the argument; use who(BOT_ADMINS)");
                }
                return w;
            };
            return new Builder<>(name, menuKey, section, helpKey, false, checked, where, arg);
        }

        public Builder<A> where(Where place) {
            return new Builder<>(name, menuKey, section, helpKey, forBotAdmins, who, place, arg);
        }

        public Command<A> handle(Handler<A> handler) {
            return new Command<>(name, menuKey, section, helpKey, forBotAdmins, who, where, arg, handler);
        }

        /** For handlers that need only the request (no argument, or one they read as text). */
        public Command<A> handle(CommandHandler handler) {
            return handle((request, ignored) -> handler.handle(request));
        }
    }
}
