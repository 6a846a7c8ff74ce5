package org.paperbot.bot;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.PaperRef;
import org.paperbot.zone.ZoneNames;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The typed arguments of commands. A parser turns the text after the command into a value, or names the problem
 * with a text key; the router then answers with that text and an example, and the handler never runs.
 */
public final class Args {
    /** Page numbers, day counts, offsets: at most this many digits, so they always fit an int. */
    static final int MAX_DIGITS = 6;
    /** 8, 08, 8:30, 08:30, 8.30 (a 24-hour clock). */
    private static final Pattern TIME = Pattern.compile("(\\d{1,2})(?:[:.](\\d{2}))?");
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+");
    /** Longer numbers cannot be the number of a paper; parsed as 0, which is no paper either. */
    private static final int MAX_PAPER_NUMBER_DIGITS = 18;

    private Args() {
    }

    /** The value of a command without argument. */
    public enum Nothing { NOTHING }

    /** What a parser made of the text. */
    public sealed interface Parsed<A> {
        record Ok<A>(A value) implements Parsed<A> {
        }

        /**
         * @param textKey the explanation; its template gets {0} the command ("/list"), {1} the input as typed (shortened
         *                and escaped), then the {@code details} (escaped)
         */
        record Problem<A>(String textKey, List<String> details) implements Parsed<A> {
            <B> Problem<B> retyped() {
                return new Problem<>(textKey, details);
            }
        }

        default <B> Parsed<B> map(Function<A, B> f) {
            return this instanceof Ok<A> ok ? new Ok<>(f.apply(ok.value())) : ((Problem<A>) this).retyped();
        }
    }

    /** Reads a command's argument. */
    @FunctionalInterface
    public interface Arg<A> {
        /** @param text the text after the command, stripped ("" when none) */
        Parsed<A> parse(String text);

        /**
         * Reads the argument against the catalog the command will run on (a page past the last one, a deep link to a
         * removed paper); the router calls this. By default the catalog does not matter.
         */
        default Parsed<A> parse(String text, Catalog catalog) {
            return parse(text);
        }
    }

    /** {@code /subscribe 08:30 Europe/Berlin}: a time, a zone, both or neither. */
    public record Subscription(Optional<LocalTime> time, Optional<ZoneId> zone) {
    }

    /** What /paper was given: a catalog number, or a reference (a link, an arXiv id, an OpenReview id as typed). */
    public sealed interface PaperArg {
        record Number(long value) implements PaperArg {
        }

        record Ref(PaperRef ref) implements PaperArg {
        }
    }

    /** Nothing may follow the command ("/random 5" is a mistake worth pointing out). */
    public static Arg<Nothing> none() {
        return text -> text.isEmpty() ? ok(Nothing.NOTHING) : problem("arg.none");
    }

    /** Free text, possibly empty, read by the handler itself (a search query, a topic, a deep-link parameter). */
    public static Arg<String> text() {
        return Args::ok;
    }

    /** No argument at all is fine (empty); anything given must read as {@code arg}. */
    public static <A> Arg<Optional<A>> optional(Arg<A> arg) {
        return new Arg<>() {
            @Override
            public Parsed<Optional<A>> parse(String text) {
                return text.isEmpty() ? ok(Optional.empty()) : arg.parse(text).map(Optional::of);
            }

            @Override
            public Parsed<Optional<A>> parse(String text, Catalog catalog) {
                return text.isEmpty() ? ok(Optional.empty()) : arg.parse(text, catalog).map(Optional::of);
            }
        };
    }

    /** A page number as people count: 1 is the first page. */
    public static Arg<Integer> page() {
        return text -> {
            OptionalInt n = digits(text);
            return n.isPresent() && n.getAsInt() >= 1 ? ok(n.getAsInt()) : problem("arg.page");
        };
    }

    /** A page number from 1 to the last page of the catalog, {@code pages} of them. */
    public static Arg<Integer> page(ToIntFunction<Catalog> pages) {
        Arg<Integer> page = page();
        return new Arg<>() {
            @Override
            public Parsed<Integer> parse(String text) {
                return page.parse(text);
            }

            @Override
            public Parsed<Integer> parse(String text, Catalog catalog) {
                int last = pages.applyAsInt(catalog);
                return page.parse(text) instanceof Parsed.Ok<Integer> ok && ok.value() > last
                        ? problem("arg.page.over", String.valueOf(last)) : page.parse(text);
            }
        };
    }

    /** A number of days from {@code min} to {@code max}. */
    public static Arg<Integer> days(int min, int max) {
        return text -> {
            OptionalInt n = digits(text);
            return n.isPresent() && n.getAsInt() >= min && n.getAsInt() <= max ? ok(n.getAsInt())
                    : problem("arg.days", String.valueOf(min), String.valueOf(max));
        };
    }

    /** A time of day on a 24-hour clock: 8, 08, 8:30, 08:30 or 8.30. */
    public static Arg<LocalTime> time() {
        return text -> {
            Matcher m = TIME.matcher(text);
            if (!m.matches()) {
                return problem("arg.time");
            }
            int hour = Integer.parseInt(m.group(1));
            int minute = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            return hour > 23 || minute > 59 ? problem("arg.time") : ok(LocalTime.of(hour, minute));
        };
    }

    /**
     * A time zone as people type it: an IANA id (any case, spaces allowed), a city (Москва, Berlin) or an offset
     * (UTC+3); see {@link ZoneNames}.
     */
    public static Arg<ZoneId> zone() {
        return text -> {
            ZoneNames.Lookup lookup = ZoneNames.lookUp(text);
            if (lookup instanceof ZoneNames.Lookup.Found found) {
                return ok(found.zone());
            }
            if (lookup instanceof ZoneNames.Lookup.Ambiguous ambiguous) {
                List<String> some = ambiguous.candidates().stream().limit(5).toList();
                return problem("arg.zone.ambiguous", String.join(", ", some), some.get(0));
            }
            return problem("arg.zone");
        };
    }

    /**
     * What /subscribe may be given: a time (08:30), a zone (Europe/Berlin, Москва), or both, the time first or last
     * ({@code 08:30 Europe/Berlin}, {@code Москва 8:00}).
     */
    public static Arg<Subscription> subscription() {
        Arg<LocalTime> time = time();
        Arg<ZoneId> zone = zone();
        return text -> {
            if (text.isEmpty()) {
                return ok(new Subscription(Optional.empty(), Optional.empty()));
            }
            if (time.parse(text) instanceof Parsed.Ok<LocalTime> alone) {
                return ok(new Subscription(Optional.of(alone.value()), Optional.empty()));
            }
            String[] words = text.split("\\s+");
            String head = words[0];
            String tail = words[words.length - 1];
            Parsed<Subscription> read;
            if (words.length > 1 && time.parse(head) instanceof Parsed.Ok<LocalTime> t) {
                read = zone.parse(text.substring(head.length()).strip()).map(z -> new Subscription(Optional.of(t.value()), Optional.of(z)));
            } else if (words.length > 1 && time.parse(tail) instanceof Parsed.Ok<LocalTime> t) {
                read = zone.parse(text.substring(0, text.length() - tail.length()).strip())
                        .map(z -> new Subscription(Optional.of(t.value()), Optional.of(z)));
            } else if (Character.isDigit(text.charAt(0))) {
                return ((Parsed.Problem<LocalTime>) time.parse(text)).retyped(); // a mistyped time: "25:00"
            } else {
                read = zone.parse(text).map(z -> new Subscription(Optional.empty(), Optional.of(z)));
            }
            // "утром", "9 утра": not a zone that was meant, so the answer shows how to give time and zone.
            return read instanceof Parsed.Problem<Subscription> p && p.textKey().equals("arg.zone") ? problem("arg.subscription") : read;
        };
    }

    /** A paper: its number in the catalog, a pasted OpenReview or arXiv link, an arXiv id, or an OpenReview id. */
    public static Arg<PaperArg> paper() {
        return text -> {
            if (NUMBER.matcher(text).matches()) {
                String digits = text.replaceFirst("^[-+]", "");
                long n = digits.length() > MAX_PAPER_NUMBER_DIGITS ? 0 : Long.parseLong(text);
                return ok(new PaperArg.Number(n));
            }
            return ok(new PaperArg.Ref(PaperRef.parse(text).orElseGet(() -> new PaperRef.OpenReview(text))));
        };
    }

    /**
     * The one reader of small non-negative numbers, wherever they come from (arguments, button data, inline offsets):
     * 1 to {@value #MAX_DIGITS} ASCII digits, else empty.
     */
    public static OptionalInt digits(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_DIGITS) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(Integer.parseInt(text));
    }

    private static <A> Parsed<A> ok(A value) {
        return new Parsed.Ok<>(value);
    }

    private static <A> Parsed<A> problem(String textKey, String... details) {
        return new Parsed.Problem<>(textKey, List.of(details));
    }
}
