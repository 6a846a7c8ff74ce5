package org.paperbot.zone;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of time zones as people type them, for /timezone, /subscribe and {@code PAPERBOT_ZONE}: an IANA id in
 * any case and with spaces ({@code europe / berlin}, {@code America/New York}), a city's Russian name from
 * {@value #NAMES} ({@code Москва}, {@code Екатеринбург}), an English city when one zone ends with it ({@code Berlin}),
 * or an offset from UTC ({@code UTC+3}, {@code GMT+3}, {@code +3}, {@code UTC+05:30}, {@code МСК+4}). Renamed zones come
 * back under their current names ({@code Asia/Calcutta} → {@code Asia/Kolkata}, from {@value #ALIASES}).
 */
public final class ZoneNames {
    static final String NAMES = "/zone-names_ru.properties";
    static final String ALIASES = "/zone-aliases.properties";
    /** Longer input is no zone (the longest IANA id is 32 characters). */
    static final int MAX_LENGTH = 64;
    /** UTC+3, GMT-05:30, +3, −3 (a typographic minus), МСК+4 (Moscow time plus hours, as Russian time is often given). */
    private static final Pattern OFFSET = Pattern.compile(
            "(utc|gmt|мск|msk)?\\s*([+\\-−])\\s*(\\d{1,2})(?:[:.]?(\\d{2}))?", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final int MOSCOW_OFFSET_HOURS = 3;
    /** Offsets in use on Earth lie between −12:00 and +14:00. */
    private static final int MAX_OFFSET_HOURS = 14;

    private static final Map<String, String> BY_NAME = load(NAMES);
    private static final Map<String, String> RENAMED = load(ALIASES);
    /** Every id the JDK knows, by its lower-case form. */
    private static final Map<String, String> BY_LOWER_ID = lowerIds();

    private ZoneNames() {
    }

    /** What a text named. */
    public sealed interface Lookup {
        record Found(ZoneId zone) implements Lookup {
        }

        /** A city several zones end with (e.g. a name used in two countries); the candidates in order. */
        record Ambiguous(List<String> candidates) implements Lookup {
        }

        record Unknown() implements Lookup {
        }
    }

    public static Lookup lookUp(String text) {
        String wanted = text == null ? "" : text.strip().replaceAll("\\s*/\\s*", "/");
        if (wanted.isEmpty() || wanted.length() > MAX_LENGTH) {
            return new Lookup.Unknown();
        }
        Optional<ZoneId> offset = offset(wanted);
        if (offset.isPresent()) {
            return new Lookup.Found(offset.get());
        }
        String named = BY_NAME.get(nameKey(wanted));
        if (named != null) {
            return found(named);
        }
        String id = BY_LOWER_ID.get(wanted.replace(' ', '_').toLowerCase(Locale.ROOT));
        if (id != null) {
            return found(id);
        }
        return byCity(wanted.replace(' ', '_').toLowerCase(Locale.ROOT));
    }

    /** The zone {@code text} names, for configuration: anything else is an error that says what is accepted. */
    public static ZoneId parse(String text) {
        Lookup lookup = lookUp(text);
        if (lookup instanceof Lookup.Found found) {
            return found.zone();
        }
        if (lookup instanceof Lookup.Ambiguous ambiguous) {
            throw new IllegalArgumentException("'" + text + "' names several time zones: " + String.join(", ", ambiguous.candidates()));
        }
        throw new IllegalArgumentException("'" + text + "' is not a time zone: give an IANA id such as Europe/Moscow, "
                + "a city such as Москва, or an offset such as UTC+3");
    }

    /** The current name of a zone whose id the time zone database has renamed; other zones as they are. */
    public static ZoneId current(ZoneId zone) {
        String renamed = RENAMED.get(zone.getId());
        return renamed == null ? zone : ZoneId.of(renamed);
    }

    /** Whether the zone is a fixed offset (UTC+3), which follows no daylight saving time. */
    public static boolean isFixedOffset(ZoneId zone) {
        // UTC and Etc/GMT-3 are fixed too, but they are zones by name, chosen knowingly.
        return zone.normalized() instanceof ZoneOffset && !BY_LOWER_ID.containsKey(zone.getId().toLowerCase(Locale.ROOT));
    }

    private static Optional<ZoneId> offset(String text) {
        Matcher m = OFFSET.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int hours = Integer.parseInt(m.group(3));
        int minutes = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        int sign = m.group(2).equals("+") ? 1 : -1;
        int total = sign * (hours * 60 + minutes);
        if (m.group(1) != null && m.group(1).toLowerCase(Locale.ROOT).matches("мск|msk")) {
            total += MOSCOW_OFFSET_HOURS * 60;
        }
        if (minutes > 59 || Math.abs(total) > MAX_OFFSET_HOURS * 60) {
            return Optional.empty();
        }
        return Optional.of(ZoneId.ofOffset("UTC", ZoneOffset.ofTotalSeconds(total * 60)));
    }

    private static Lookup byCity(String lower) {
        if (lower.contains("/")) {
            return new Lookup.Unknown();
        }
        // Old and new names of one zone (America/Indianapolis, America/Indiana/Indianapolis) count once.
        TreeSet<String> zones = new TreeSet<>();
        for (Map.Entry<String, String> e : BY_LOWER_ID.entrySet()) {
            String id = e.getValue();
            if (id.contains("/") && !id.startsWith("Etc/") && e.getKey().endsWith("/" + lower)) {
                zones.add(current(ZoneId.of(id)).getId());
            }
        }
        if (zones.size() == 1) {
            return found(zones.first());
        }
        return zones.isEmpty() ? new Lookup.Unknown() : new Lookup.Ambiguous(List.copyOf(zones));
    }

    private static Lookup found(String id) {
        return new Lookup.Found(current(ZoneId.of(id)));
    }

    /** «Нижний  Новгород», «нижний_новгород» → «нижний-новгород»; ё as е. */
    static String nameKey(String text) {
        return text.toLowerCase(Locale.ROOT).replace('ё', 'е').replaceAll("[\\s_\\-]+", "-");
    }

    private static Map<String, String> lowerIds() {
        Map<String, String> ids = new HashMap<>();
        for (String id : ZoneId.getAvailableZoneIds()) {
            ids.put(id.toLowerCase(Locale.ROOT), id);
        }
        return Map.copyOf(ids);
    }

    private static Map<String, String> load(String resource) {
        try (InputStream in = ZoneNames.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> map = new HashMap<>();
            for (String key : p.stringPropertyNames()) {
                String id = p.getProperty(key).strip();
                if (!ZoneId.getAvailableZoneIds().contains(id)) {
                    throw new IllegalStateException(resource + ": " + key + " maps to " + id + ", which is not a zone id");
                }
                map.put(key, id);
            }
            return Map.copyOf(map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The curated place names, for tests that check every entry. */
    static Map<String, String> names() {
        return BY_NAME;
    }

    /** The renamed zones, for tests that check every entry. */
    static Map<String, String> renamed() {
        return RENAMED;
    }
}
