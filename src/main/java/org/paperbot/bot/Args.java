package org.paperbot.bot;

import org.paperbot.catalog.PaperRef;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
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
    }

    /** What /paper was given: a catalog number, or a reference (a link, an arXiv id, an OpenReview id as typed). */
    public sealed interface PaperArg {
        record Number(long value) implements PaperArg {
        }

        record Ref(PaperRef ref) implements PaperArg {
        }
    }

    /** A zone found for user input, or the candidates when the input named several. */
    record ZoneLookup(Optional<ZoneId> zone, List<String> candidates) {
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
        return text -> text.isEmpty() ? ok(Optional.empty()) : arg.parse(text).map(Optional::of);
    }

    /** A page number as people count: 1 is the first page. */
    public static Arg<Integer> page() {
        return text -> {
            OptionalInt n = digits(text);
            return n.isPresent() && n.getAsInt() >= 1 ? ok(n.getAsInt()) : problem("arg.page");
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
     * An IANA zone id, forgiving case and spaces ("europe/berlin", "America/New York"); a bare city is accepted
     * when exactly one zone ends with it ("Berlin"). Offsets such as "+03:00" are not zones and are refused:
     * they do not follow daylight saving time.
     */
    public static Arg<ZoneId> zone() {
        return text -> {
            ZoneLookup lookup = lookUpZone(text);
            if (lookup.zone().isPresent()) {
                return ok(lookup.zone().get());
            }
            if (lookup.candidates().size() > 1) {
                List<String> some = lookup.candidates().stream().limit(5).toList();
                return problem("arg.zone.ambiguous", String.join(", ", some), some.get(0));
            }
            return problem("arg.zone");
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

    static ZoneLookup lookUpZone(String text) {
        String wanted = text.strip().replace(' ', '_');
        if (wanted.isEmpty() || wanted.length() > 64) {
            return new ZoneLookup(Optional.empty(), List.of());
        }
        Set<String> ids = ZoneId.getAvailableZoneIds();
        if (ids.contains(wanted)) {
            return new ZoneLookup(Optional.of(ZoneId.of(wanted)), List.of());
        }
        String lower = wanted.toLowerCase(java.util.Locale.ROOT);
        TreeSet<String> byCity = new TreeSet<>();
        for (String id : ids) {
            String idLower = id.toLowerCase(java.util.Locale.ROOT);
            if (idLower.equals(lower)) {
                return new ZoneLookup(Optional.of(zoneOf(id)), List.of());
            }
            if (!lower.contains("/") && id.contains("/") && !id.startsWith("Etc/") && idLower.endsWith("/" + lower)) {
                byCity.add(id);
            }
        }
        if (byCity.size() == 1) {
            return new ZoneLookup(Optional.of(zoneOf(byCity.first())), List.of());
        }
        return new ZoneLookup(Optional.empty(), List.copyOf(byCity));
    }

    private static ZoneId zoneOf(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalStateException("available zone id " + id + " does not load", e);
        }
    }

    private static <A> Parsed<A> ok(A value) {
        return new Parsed.Ok<>(value);
    }

    private static <A> Parsed<A> problem(String textKey, String... details) {
        return new Parsed.Problem<>(textKey, List.of(details));
    }
}
