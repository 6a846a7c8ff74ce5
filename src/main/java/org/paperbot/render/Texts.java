package org.paperbot.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * All user-facing Russian text, read from {@code messages_ru.properties} (UTF-8). Templates may hold Telegram
 * HTML; arguments are inserted as given, so callers pass data through {@link Html#escape} first.
 */
public final class Texts {
    public static final String BUNDLE = "/messages_ru.properties";

    private final Map<String, String> texts;

    private Texts(Map<String, String> texts) {
        this.texts = Map.copyOf(texts);
    }

    public static Texts russian() {
        try (InputStream in = Texts.class.getResourceAsStream(BUNDLE)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLE + " is missing from the classpath");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                Properties p = new Properties();
                p.load(reader);
                Map<String, String> map = new TreeMap<>();
                p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
                return new Texts(map);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every key, for tests that check the bundle. */
    public Map<String, String> all() {
        return texts;
    }

    public String get(String key) {
        String t = texts.get(key);
        if (t == null) {
            throw new IllegalArgumentException("no text for key " + key + " in " + BUNDLE);
        }
        return t;
    }

    /** The template with {0}, {1}, … replaced by the arguments, in one pass (arguments are not re-scanned). */
    public String format(String key, Object... args) {
        String template = get(key);
        StringBuilder sb = new StringBuilder(template.length() + 32);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            int close = c == '{' ? template.indexOf('}', i) : -1;
            if (close > i + 1 && isIndex(template, i + 1, close)) {
                int index = Integer.parseInt(template.substring(i + 1, close));
                if (index >= args.length) {
                    throw new IllegalArgumentException(key + " needs argument {" + index + "}");
                }
                sb.append(args[index]);
                i = close + 1;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    /** "1 статья", "3 статьи", "8 статей": forms are stored as "one|few|many" under the key. */
    public String count(String key, long n) {
        return n + " " + plural(key, n);
    }

    public String plural(String key, long n) {
        String[] forms = get(key).split("\\|");
        if (forms.length != 3) {
            throw new IllegalStateException(key + " must have three forms separated by '|'");
        }
        long mod100 = Math.abs(n) % 100;
        long mod10 = mod100 % 10;
        if (mod100 >= 11 && mod100 <= 14) {
            return forms[2];
        }
        if (mod10 == 1) {
            return forms[0];
        }
        if (mod10 >= 2 && mod10 <= 4) {
            return forms[1];
        }
        return forms[2];
    }

    /** "27 ноября 2026" without relying on the JRE's locale data. */
    public String date(LocalDate date) {
        String[] months = get("date.months").split("\\|");
        return date.getDayOfMonth() + " " + months[date.getMonthValue() - 1] + " " + date.getYear();
    }

    /** "27 ноября", for dates within the current year's context (schedules, history). */
    public String dayMonth(LocalDate date) {
        String[] months = get("date.months").split("\\|");
        return date.getDayOfMonth() + " " + months[date.getMonthValue() - 1];
    }

    private static boolean isIndex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return to - from <= 2;
    }
}
