package org.paperbot.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw settings: every known key with its text value and where that value came from (a YAML line or an
 * environment variable), so that each typed reader can name the exact source when a value is wrong.
 */
final class Settings {
    /** A raw value and its origin, e.g. {@code config/application.yaml:12} or {@code environment variable X}. */
    record Value(String text, String origin) {
    }

    private final Map<String, Value> values;

    private Settings(Map<String, Value> values) {
        this.values = values;
    }

    /**
     * Reads the YAML file (if it exists), rejects keys not in {@code known}, then applies the environment
     * variable of each known key on top.
     */
    static Settings load(Path yaml, boolean mustExist, List<Setting<?>> known, Map<String, String> env) {
        Map<String, Value> values = new LinkedHashMap<>();
        for (Setting<?> s : known) {
            values.put(s.key(), new Value(s.defaultValue(), "default"));
        }
        if (Files.isRegularFile(yaml)) {
            readYaml(yaml, known, values);
        } else if (mustExist) {
            throw new ConfigException(yaml + ": settings file not found (given by PAPERBOT_CONFIG)");
        }
        for (Setting<?> s : known) {
            String fromEnv = env.get(s.env());
            if (fromEnv != null && !fromEnv.isBlank()) {
                values.put(s.key(), new Value(fromEnv.strip(), "environment variable " + s.env()));
            }
        }
        return new Settings(values);
    }

    Value get(String key) {
        Value v = values.get(key);
        if (v == null) {
            throw new IllegalStateException("setting not declared: " + key);
        }
        return v;
    }

    /** The setting's value, parsed; a value it rejects is a ConfigException naming where it came from and the key. */
    <T> T read(Setting<T> setting) {
        Value v = get(setting.key());
        try {
            return setting.parser().apply(v.text());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(v.origin() + ": " + setting.key() + ": " + e.getMessage());
        }
    }

    private static void readYaml(Path yaml, List<Setting<?>> known, Map<String, Value> out) {
        Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        known.forEach(s -> byKey.put(s.key(), s));
        try (Reader reader = Files.newBufferedReader(yaml, StandardCharsets.UTF_8);
             JsonParser p = new YAMLFactory().createParser(reader)) {
            Deque<String> path = new ArrayDeque<>();
            JsonToken t = p.nextToken();
            if (t == null) {
                return; // an empty file means "all defaults"
            }
            if (t != JsonToken.START_OBJECT) {
                throw new ConfigException(yaml + ":" + line(p) + ": expected a mapping of settings at the top level");
            }
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME -> path.addLast(p.currentName());
                    case START_OBJECT -> {
                        // nested section: the field name stays on the path until END_OBJECT
                    }
                    case END_OBJECT -> path.pollLast();
                    case START_ARRAY -> {
                        String key = String.join(".", path);
                        int line = line(p);
                        List<String> items = new ArrayList<>();
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (t == null || !t.isScalarValue()) {
                                throw new ConfigException(yaml + ":" + line(p) + ": " + key + ": list items must be plain values");
                            }
                            items.add(p.getText());
                        }
                        put(yaml, byKey, out, key, String.join(",", items), line);
                        path.pollLast();
                    }
                    default -> {
                        if (t.isScalarValue()) {
                            String key = String.join(".", path);
                            // "bot:" with every key below commented out is an empty section, not a setting.
                            if (t != JsonToken.VALUE_NULL || !isSection(key, byKey)) {
                                put(yaml, byKey, out, key, t == JsonToken.VALUE_NULL ? "" : p.getText(), line(p));
                            }
                            path.pollLast();
                        }
                    }
                }
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
            String column = e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
            // SnakeYAML's message spans several lines with an excerpt; one line is enough here.
            String what = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage().lines().findFirst().orElse("").strip();
            throw new ConfigException(yaml + where + ": malformed YAML: " + what + column);
        } catch (IOException e) {
            throw new ConfigException(yaml + ": cannot read settings file: " + e.getMessage());
        }
    }

    private static void put(Path yaml, Map<String, Setting<?>> byKey, Map<String, Value> out, String key, String text, int line) {
        if (!byKey.containsKey(key)) {
            throw new ConfigException(yaml + ":" + line + ": unknown setting '" + key + "'" + suggestion(key, byKey.keySet()));
        }
        out.put(key, new Value(text.strip(), yaml + ":" + line));
    }

    private static boolean isSection(String key, Map<String, Setting<?>> byKey) {
        return byKey.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
    }

    private static int line(JsonParser p) {
        return p.currentLocation().getLineNr();
    }

    private static String suggestion(String key, java.util.Set<String> known) {
        return known.stream()
                .min(Comparator.comparingInt(k -> editDistance(k, key)))
                .filter(k -> editDistance(k, key) <= Math.max(3, key.length() / 3))
                .map(k -> " (did you mean '" + k + "'?)")
                .orElse(" (known settings are listed in README)");
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[b.length()];
    }
}
