package org.paperbot.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Loads {@code config/application.yaml} (or the file named by {@code PAPERBOT_CONFIG}) and applies environment
 * overrides. Every problem becomes a {@link ConfigException} whose message names the file and line, or the
 * environment variable, and the key.
 */
public final class ConfigLoader {
    public static final String CONFIG_ENV = "PAPERBOT_CONFIG";
    public static final String TOKEN_ENV = "TELEGRAM_BOT_TOKEN";
    public static final Path DEFAULT_CONFIG = Path.of("config", "application.yaml");

    /** The one table of settings: YAML key, overriding environment variable, default. README mirrors it. */
    static final List<Setting> SETTINGS = List.of(
            new Setting("telegram.api-url", "TELEGRAM_API_URL", "https://api.telegram.org"),
            new Setting("telegram.poll-timeout", "TELEGRAM_POLL_TIMEOUT", "50"),
            new Setting("bot.zone", "PAPERBOT_ZONE", "Europe/Moscow"),
            new Setting("bot.admin-ids", "PAPERBOT_ADMIN_IDS", ""),
            new Setting("bot.list-page-size", "PAPERBOT_LIST_PAGE_SIZE", "8"),
            new Setting("bot.update-workers", "PAPERBOT_UPDATE_WORKERS", "64"),
            new Setting("catalog.path", "PAPERBOT_CATALOG", "config/papers.json"),
            new Setting("catalog.watch", "PAPERBOT_CATALOG_WATCH", "true"),
            new Setting("data.dir", "PAPERBOT_DATA_DIR", "data"),
            new Setting("flood.commands-per-minute", "PAPERBOT_FLOOD_COMMANDS", "20"),
            new Setting("flood.inline-per-minute", "PAPERBOT_FLOOD_INLINE", "60"),
            new Setting("http.port", "PAPERBOT_HTTP_PORT", "0"),
            new Setting("http.host", "PAPERBOT_HTTP_HOST", "0.0.0.0"),
            new Setting("daily.default-time", "PAPERBOT_DAILY_TIME", "09:00"),
            new Setting("daily.rate-per-second", "PAPERBOT_DAILY_RATE", "25"),
            new Setting("daily.tick-seconds", "PAPERBOT_DAILY_TICK", "30"),
            new Setting("logging.format", "PAPERBOT_LOG_FORMAT", "text"),
            new Setting("logging.level", "PAPERBOT_LOG_LEVEL", "INFO"));

    private ConfigLoader() {
    }

    public static BotConfig load(Map<String, String> env) {
        String explicit = env.get(CONFIG_ENV);
        Path file;
        try {
            file = explicit == null || explicit.isBlank() ? DEFAULT_CONFIG : Path.of(explicit.strip());
        } catch (InvalidPathException e) {
            throw new ConfigException("environment variable " + CONFIG_ENV + ": not a valid path: " + e.getMessage());
        }
        Settings s = Settings.load(file, explicit != null && !explicit.isBlank(), SETTINGS, env);
        return new BotConfig(
                read(s, "telegram.api-url", ConfigLoader::apiUrl),
                read(s, "telegram.poll-timeout", v -> intIn(v, 1, 100)),
                read(s, "bot.zone", ConfigLoader::zone),
                read(s, "bot.admin-ids", ConfigLoader::ids),
                read(s, "bot.list-page-size", v -> intIn(v, 1, 20)),
                read(s, "bot.update-workers", v -> intIn(v, 0, 512)),
                read(s, "catalog.path", ConfigLoader::path),
                read(s, "catalog.watch", ConfigLoader::bool),
                read(s, "data.dir", ConfigLoader::path),
                read(s, "flood.commands-per-minute", v -> intIn(v, 0, 10_000)),
                read(s, "flood.inline-per-minute", v -> intIn(v, 0, 10_000)),
                read(s, "http.port", v -> intIn(v, 0, 65_535)),
                read(s, "http.host", ConfigLoader::host),
                read(s, "logging.format", v -> oneOf(v, BotConfig.LogFormat.class)),
                read(s, "logging.level", v -> oneOf(v, Level.class).name()),
                new BotConfig.Daily(
                        read(s, "daily.default-time", ConfigLoader::timeOfDay),
                        // Telegram allows ~30 messages/s to different chats; paid broadcasts up to 1000/s.
                        read(s, "daily.rate-per-second", v -> intIn(v, 1, 1000)),
                        read(s, "daily.tick-seconds", v -> intIn(v, 1, 3600))));
    }

    /** The token, only from the environment: it must never live in a committed file. */
    public static BotToken token(Map<String, String> env) {
        return BotToken.parse(env.get(TOKEN_ENV), TOKEN_ENV);
    }

    private enum Level { TRACE, DEBUG, INFO, WARN, ERROR }

    private static <T> T read(Settings s, String key, Function<String, T> parser) {
        Settings.Value v = s.get(key);
        try {
            return parser.apply(v.text());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(v.origin() + ": " + key + ": " + e.getMessage());
        }
    }

    static URI apiUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + text + "' is not an http(s) URL, e.g. https://api.telegram.org");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' has no host");
        }
        // TelegramBots builds request URLs from scheme, host and port only, so a path would be silently lost.
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("'" + text + "' must be scheme://host[:port] without a path, query or credentials");
        }
        return uri;
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
        };
    }

    private static String host(String text) {
        if (!text.matches("[A-Za-z0-9.:\\-\\[\\]]{1,255}")) {
            throw new IllegalArgumentException("'" + text + "' is not a host name or IP address");
        }
        return text;
    }

    private static int intIn(String text, int min, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n < min || n > max) {
                throw new IllegalArgumentException(n + " is out of range " + min + ".." + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time zone id such as Europe/Moscow");
        }
    }

    /** A time of day as HH:MM (24-hour clock). */
    static LocalTime timeOfDay(String text) {
        if (!text.matches("\\d{1,2}:\\d{2}")) {
            throw new IllegalArgumentException("'" + text + "' is not a time of day as HH:MM, e.g. 09:00");
        }
        try {
            return LocalTime.parse(text.length() == 4 ? "0" + text : text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time of day as HH:MM, e.g. 09:00");
        }
    }

    private static Set<Long> ids(String text) {
        Set<Long> ids = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String id = part.strip();
            if (id.isEmpty()) {
                continue;
            }
            try {
                ids.add(Long.parseLong(id));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + id + "' is not a Telegram user id (a number)");
            }
        }
        return ids;
    }

    private static Path path(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid path");
        }
    }

    private static <E extends Enum<E>> E oneOf(String text, Class<E> type) {
        try {
            return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException("'" + text + "' is not one of: " + allowed);
        }
    }
}
