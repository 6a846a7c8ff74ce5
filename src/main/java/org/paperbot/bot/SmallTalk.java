package org.paperbot.bot;

import org.paperbot.catalog.Keys;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Greetings, thanks and requests for help typed in a private chat («привет», «спасибо», «помощь», help), which
 * deserve an answer rather than a search. The phrases live in {@value #RESOURCE}, so they can grow without code.
 */
public final class SmallTalk {
    static final String RESOURCE = "/smalltalk_ru.properties";

    /** What a message is, when it is small talk. */
    public enum Kind { GREETING, THANKS, HELP, START }

    private final Map<String, Kind> byPhrase;

    private SmallTalk(Map<String, Kind> byPhrase) {
        this.byPhrase = Map.copyOf(byPhrase);
    }

    /** The phrases shipped in {@value #RESOURCE}; a phrase under an unknown key is a packaging bug and throws. */
    public static SmallTalk russian() {
        try (InputStream in = SmallTalk.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            Properties p = new Properties();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                p.load(reader);
            }
            Map<String, Kind> byPhrase = new HashMap<>();
            for (String key : p.stringPropertyNames()) {
                Kind kind = Kind.valueOf(key.toUpperCase(Locale.ROOT));
                for (String phrase : p.getProperty(key).split(",")) {
                    if (!phrase.isBlank() && byPhrase.put(key(phrase), kind) != null) {
                        throw new IllegalStateException(RESOURCE + ": '" + phrase.strip() + "' is listed twice");
                    }
                }
            }
            return new SmallTalk(byPhrase);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the whole message is, if it is one of the phrases («Привет!», «спасибо )»); empty for anything else. */
    public Optional<Kind> of(String message) {
        return message.length() > 64 ? Optional.empty() : Optional.ofNullable(byPhrase.get(key(message)));
    }

    /** Lower case, ё→е, words only: punctuation, emoji and extra spaces dropped. */
    private static String key(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (String word : Keys.fold(text).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : " ").append(word);
            }
        }
        return sb.toString();
    }
}
