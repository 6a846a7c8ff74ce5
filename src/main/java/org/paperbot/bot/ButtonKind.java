package org.paperbot.bot;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * One kind of button: the record that carries its data, and how that data is written into Telegram's callback_data
 * (at most {@value CallbackData#MAX_BYTES} bytes) and read back. Either a fixed word ({@code today}) or a prefix and a
 * payload ({@code c:<paper id>}); {@link ButtonRoutes} gives each kind its handler and refuses two kinds with one key.
 */
public final class ButtonKind<D extends CallbackData> {
    private static final Pattern KEY = Pattern.compile("[A-Za-z]+");

    private final String key;
    private final boolean word;
    private final Class<D> type;
    private final Function<D, String> write;
    private final Function<String, Optional<D>> read;

    private ButtonKind(String key, boolean word, Class<D> type, Function<D, String> write, Function<String, Optional<D>> read) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("a button key is letters only (a ':' separates the payload): " + key);
        }
        this.key = key;
        this.word = word;
        this.type = Objects.requireNonNull(type);
        this.write = write;
        this.read = read;
    }

    /** A button without data of its own, written as one fixed word. */
    static <D extends CallbackData> ButtonKind<D> word(String word, Class<D> type, Supplier<D> make) {
        return new ButtonKind<>(word, true, type, d -> "", payload -> Optional.of(make.get()));
    }

    /** {@code prefix:text}, the text taken verbatim (a paper id, a topic). */
    static <D extends CallbackData> ButtonKind<D> text(String prefix, Class<D> type, Function<D, String> text,
                                                       Function<String, D> make) {
        return new ButtonKind<>(prefix, false, type, text, payload -> Optional.of(make.apply(payload)));
    }

    /** {@code prefix:page}, a 0-based page number. */
    static <D extends CallbackData> ButtonKind<D> page(String prefix, Class<D> type, ToIntFunction<D> page, IntFunction<D> make) {
        return new ButtonKind<>(prefix, false, type, d -> String.valueOf(page.applyAsInt(d)), payload -> {
            OptionalInt p = Args.digits(payload);
            return p.isPresent() ? Optional.of(make.apply(p.getAsInt())) : Optional.empty();
        });
    }

    /** {@code prefix:payload} with a codec of its own; {@code read} gives empty for a payload that does not read. */
    static <D extends CallbackData> ButtonKind<D> parsed(String prefix, Class<D> type, Function<D, String> write,
                                                         Function<String, Optional<D>> read) {
        return new ButtonKind<>(prefix, false, type, write, read);
    }

    /** What {@link #pageAndText} builds its data from. */
    @FunctionalInterface
    interface PageAndText<D> {
        D make(int page, String text);
    }

    /** {@code prefix:page:text}; the text may itself hold ':'. */
    static <D extends CallbackData> ButtonKind<D> pageAndText(String prefix, Class<D> type, ToIntFunction<D> page,
                                                              Function<D, String> text, PageAndText<D> make) {
        return new ButtonKind<>(prefix, false, type, d -> page.applyAsInt(d) + ":" + text.apply(d), payload -> {
            int sep = payload.indexOf(':');
            if (sep <= 0 || sep == payload.length() - 1) {
                return Optional.empty();
            }
            OptionalInt p = Args.digits(payload.substring(0, sep));
            return p.isPresent() ? Optional.of(make.make(p.getAsInt(), payload.substring(sep + 1))) : Optional.empty();
        });
    }

    /** The word, or the prefix before ':'. */
    String key() {
        return key;
    }

    boolean isWord() {
        return word;
    }

    Class<D> type() {
        return type;
    }

    /**
     * The callback_data for {@code data}. Throws if {@code data} is not of this kind (a record that names another
     * record's kind) or if the result is over {@value CallbackData#MAX_BYTES} bytes: a button is never sent with data
     * nothing can read.
     */
    String encode(CallbackData data) {
        if (!type.isInstance(data)) {
            throw new IllegalArgumentException(data.getClass().getSimpleName() + " is not a " + type.getSimpleName() + " button");
        }
        String payload = write.apply(type.cast(data));
        String encoded = word ? key : key + ":" + payload;
        if (!word && payload.isEmpty()) {
            throw new IllegalArgumentException("empty payload for button " + type.getSimpleName());
        }
        if (encoded.getBytes(StandardCharsets.UTF_8).length > CallbackData.MAX_BYTES) {
            throw new IllegalArgumentException("callback data over " + CallbackData.MAX_BYTES + " bytes: " + encoded);
        }
        return encoded;
    }

    /** The data in {@code payload} (what follows "key:"; "" for a word), empty if it does not read. */
    Optional<D> decode(String payload) {
        if (word != payload.isEmpty()) {
            return Optional.empty();
        }
        return read.apply(payload);
    }
}
