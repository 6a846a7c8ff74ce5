package org.paperbot.bot;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The callback route table: each {@link ButtonKind} with its handler. Built once; building refuses two kinds under one
 * key, a kind given twice, and any {@link CallbackData} variant left without a handler, so a new button cannot be
 * pressed into silence. Like a command, a kind declares who may press it; the router enforces that.
 */
public final class ButtonRoutes {
    /** Handles presses of one kind of button. */
    @FunctionalInterface
    public interface Handler<D> {
        List<BotApiMethod<?>> handle(ButtonPress press, D data);
    }

    private record Route<D extends CallbackData>(ButtonKind<D> kind, Command.Who who, Handler<D> handler) {
        Optional<List<BotApiMethod<?>>> handle(ButtonPress press, String payload) {
            return kind.decode(payload).map(d -> handler.handle(press, d));
        }

        Optional<CallbackData> decode(String payload) {
            return kind.decode(payload).map(CallbackData.class::cast);
        }
    }

    private final Map<String, Route<?>> words;
    private final Map<String, Route<?>> prefixes;

    private ButtonRoutes(Map<String, Route<?>> words, Map<String, Route<?>> prefixes) {
        this.words = Map.copyOf(words);
        this.prefixes = Map.copyOf(prefixes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The data in a button's callback_data, empty if it does not read as any kind. */
    public Optional<CallbackData> decode(String raw) {
        return route(raw).flatMap(r -> r.route().decode(r.payload()));
    }

    /**
     * Who may press a button with this data (the router checks it before the handler runs, as for commands); empty if
     * the data does not read.
     */
    public Optional<Command.Who> who(String raw) {
        return route(raw).map(r -> r.route().who());
    }

    /** The handler's answer to a press, empty if the data does not read (the caller answers that politely). */
    Optional<List<BotApiMethod<?>>> handle(ButtonPress press) {
        return route(press.query().getData()).flatMap(r -> r.route().handle(press, r.payload()));
    }

    private record Found(Route<?> route, String payload) {
    }

    private Optional<Found> route(String raw) {
        if (raw == null || raw.isEmpty() || raw.getBytes(StandardCharsets.UTF_8).length > CallbackData.MAX_BYTES) {
            return Optional.empty();
        }
        int colon = raw.indexOf(':');
        Route<?> route = colon < 0 ? words.get(raw) : prefixes.get(raw.substring(0, colon));
        return route == null ? Optional.empty() : Optional.of(new Found(route, colon < 0 ? "" : raw.substring(colon + 1)));
    }

    public static final class Builder {
        private final Map<String, Route<?>> words = new HashMap<>();
        private final Map<String, Route<?>> prefixes = new HashMap<>();
        private final Set<Class<?>> types = new HashSet<>();

        private Builder() {
        }

        /** A button anyone may press. */
        public <D extends CallbackData> Builder on(ButtonKind<D> kind, Handler<D> handler) {
            return on(kind, Command.Who.EVERYONE, handler);
        }

        /** A button only {@code who} may press; {@link Command.Who#BOT_ADMINS} buttons do not exist. */
        public <D extends CallbackData> Builder on(ButtonKind<D> kind, Command.Who who, Handler<D> handler) {
            if (who == Command.Who.BOT_ADMINS) {
                throw new IllegalArgumentException("buttons are for chats, not for bot admins: " + kind.type().getSimpleName());
            }
            if (!types.add(kind.type())) {
                throw new IllegalArgumentException("button kind routed twice: " + kind.type().getSimpleName());
            }
            if (words.containsKey(kind.key()) || prefixes.containsKey(kind.key())) {
                throw new IllegalArgumentException("two button kinds use the key '" + kind.key() + "'");
            }
            (kind.isWord() ? words : prefixes).put(kind.key(), new Route<>(kind, who, handler));
            return this;
        }

        /** The table; throws if a variant of {@link CallbackData} has no route. */
        public ButtonRoutes build() {
            Set<String> missing = Arrays.stream(CallbackData.class.getPermittedSubclasses())
                    .filter(c -> !types.contains(c)).map(Class::getSimpleName).collect(Collectors.toCollection(java.util.TreeSet::new));
            if (!missing.isEmpty()) {
                throw new IllegalStateException("buttons without a handler: " + missing);
            }
            return new ButtonRoutes(words, prefixes);
        }
    }
}
