package org.paperbot.bot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The command table: name → handler, who may use it, and whether it appears in Telegram's command menu. */
public final class Commands {
    public enum Access { EVERYONE, ADMIN }

    /** @param menuTextKey key of the menu description in the texts bundle, or null to keep it out of the menu */
    public record Command(String name, String menuTextKey, Access access, CommandHandler handler) {
    }

    private final Map<String, Command> byName = new LinkedHashMap<>();

    public Commands add(String name, String menuTextKey, CommandHandler handler) {
        return put(new Command(name, menuTextKey, Access.EVERYONE, handler));
    }

    public Commands addAdmin(String name, CommandHandler handler) {
        return put(new Command(name, null, Access.ADMIN, handler));
    }

    private Commands put(Command command) {
        if (byName.putIfAbsent(command.name(), command) != null) {
            throw new IllegalArgumentException("command registered twice: /" + command.name());
        }
        return this;
    }

    public Optional<Command> find(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    public Collection<Command> all() {
        return byName.values();
    }

    /** Commands for setMyCommands, in registration order. */
    public List<Command> menu() {
        List<Command> menu = new ArrayList<>();
        byName.values().stream().filter(c -> c.menuTextKey() != null && c.access() == Access.EVERYONE).forEach(menu::add);
        return menu;
    }
}
