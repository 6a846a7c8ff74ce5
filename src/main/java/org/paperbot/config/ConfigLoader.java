package org.paperbot.config;

import org.paperbot.zone.ZoneNames;

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

/**
 * Loads {@code config/application.yaml} (or the file named by {@code PAPERBOT_CONFIG}) and applies environment
 * overrides. Every problem becomes a {@link ConfigException} whose message names the file and line, or the
 * environment variable, and the key.
 */
public final class ConfigLoader {
    public static final String CONFIG_ENV = "PAPERBOT_CONFIG";
    public static final String TOKEN_ENV = "TELEGRAM_BOT_TOKEN";
    /** Like the token, only from the environment: it opens the database of every replica. */
    public static final String DATABASE_PASSWORD_ENV = "PAPERBOT_DATABASE_PASSWORD";
    /** Like the token, only from the environment: whoever knows it can post updates as Telegram. */
    public static final String WEBHOOK_SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET";
    public static final Path DEFAULT_CONFIG = Path.of("config", "application.yaml");

    // The one table of settings: YAML key, overriding environment variable, default and parser, each written once.
    // README mirrors it.
    static final Setting<URI> API_URL = new Setting<>("telegram.api-url", "TELEGRAM_API_URL", "https://api.telegram.org",
            ConfigLoader::apiUrl);
    static final Setting<BotConfig.Mode> MODE = new Setting<>("telegram.mode", "TELEGRAM_MODE", "polling",
            v -> oneOf(v, BotConfig.Mode.class));
    static final Setting<String> WEBHOOK_URL = new Setting<>("telegram.webhook-url", "TELEGRAM_WEBHOOK_URL", "",
            ConfigLoader::webhookUrl);
    static final Setting<Integer> WEBHOOK_PORT = new Setting<>("http.webhook-port", "PAPERBOT_WEBHOOK_PORT", "8443",
            v -> intIn(v, 0, 65_535));
    static final Setting<Integer> POLL_TIMEOUT = new Setting<>("telegram.poll-timeout", "TELEGRAM_POLL_TIMEOUT", "50",
            v -> intIn(v, 1, 100));
    static final Setting<ZoneId> ZONE = new Setting<>("bot.zone", "PAPERBOT_ZONE", "Europe/Moscow", ConfigLoader::zone);
    static final Setting<Set<Long>> ADMIN_IDS = new Setting<>("bot.admin-ids", "PAPERBOT_ADMIN_IDS", "", ConfigLoader::ids);
    static final Setting<Integer> LIST_PAGE_SIZE = new Setting<>("bot.list-page-size", "PAPERBOT_LIST_PAGE_SIZE", "8",
            v -> intIn(v, 1, 20));
    static final Setting<Integer> UPDATE_WORKERS = new Setting<>("bot.update-workers", "PAPERBOT_UPDATE_WORKERS", "64",
            v -> intIn(v, 0, 512));
    /** Benchmark only: false keeps received updates in memory, to measure what the durable inbox costs. */
    static final Setting<Boolean> INBOX = new Setting<>("bot.inbox", "PAPERBOT_INBOX", "true", ConfigLoader::bool);
    static final Setting<Path> CATALOG_PATH = new Setting<>("catalog.path", "PAPERBOT_CATALOG", "config/papers.json",
            ConfigLoader::path);
    static final Setting<Boolean> CATALOG_WATCH = new Setting<>("catalog.watch", "PAPERBOT_CATALOG_WATCH", "true",
            ConfigLoader::bool);
    /** Papers of a large catalog kept in the heap, by their estimated size; a catalog that fits stays there whole. */
    static final Setting<Integer> CATALOG_CACHE_MB = new Setting<>("catalog.cache-mb", "PAPERBOT_CATALOG_CACHE_MB", "32",
            v -> intIn(v, 1, 4096));
    static final Setting<Path> SYNONYMS_PATH = new Setting<>("search.synonyms-file", "PAPERBOT_SYNONYMS",
            "config/synonyms-ru.txt", ConfigLoader::path);
    static final Setting<String> DATABASE_URL = new Setting<>("database.url", "PAPERBOT_DATABASE_URL", "",
            ConfigLoader::databaseUrl);
    static final Setting<String> DATABASE_USER = new Setting<>("database.user", "PAPERBOT_DATABASE_USER", "paperbot",
            String::strip);
    static final Setting<Integer> DATABASE_POOL = new Setting<>("database.pool-size", "PAPERBOT_DATABASE_POOL_SIZE", "10",
            v -> intIn(v, 2, 200));
    static final Setting<Path> DATA_DIR = new Setting<>("data.dir", "PAPERBOT_DATA_DIR", "data", ConfigLoader::path);
    static final Setting<Integer> FLOOD_COMMANDS = new Setting<>("flood.commands-per-minute", "PAPERBOT_FLOOD_COMMANDS",
            "20", v -> intIn(v, 0, 10_000));
    static final Setting<Integer> FLOOD_INLINE = new Setting<>("flood.inline-per-minute", "PAPERBOT_FLOOD_INLINE", "60",
            v -> intIn(v, 0, 10_000));
    static final Setting<Integer> HTTP_PORT = new Setting<>("http.port", "PAPERBOT_HTTP_PORT", "0", v -> intIn(v, 0, 65_535));
    static final Setting<String> HTTP_HOST = new Setting<>("http.host", "PAPERBOT_HTTP_HOST", "0.0.0.0", ConfigLoader::host);
    static final Setting<LocalTime> DAILY_TIME = new Setting<>("daily.default-time", "PAPERBOT_DAILY_TIME", "09:00",
            ConfigLoader::timeOfDay);
    /** Telegram allows ~30 messages/s to different chats; paid broadcasts up to 1000/s. */
    static final Setting<Integer> DAILY_RATE = new Setting<>("daily.rate-per-second", "PAPERBOT_DAILY_RATE", "25",
            v -> intIn(v, 1, 1000));
    static final Setting<Integer> DAILY_TICK = new Setting<>("daily.tick-seconds", "PAPERBOT_DAILY_TICK", "30",
            v -> intIn(v, 1, 3600));
    /**
     * Days of per-chat delivery records kept: retries and crash recovery need those of the dates still being delivered
     * (a local date lasts about two days of UTC across the zones), the rest is for diagnostics; exactly-once does not
     * need them, and at a million subscribers each day kept is some 25 MB of database.
     */
    static final Setting<Integer> DAILY_HISTORY = new Setting<>("daily.history-days", "PAPERBOT_DAILY_HISTORY_DAYS", "3",
            v -> intIn(v, 2, 3650));
    static final Setting<BotConfig.LogFormat> LOG_FORMAT = new Setting<>("logging.format", "PAPERBOT_LOG_FORMAT", "text",
            v -> oneOf(v, BotConfig.LogFormat.class));
    static final Setting<String> LOG_LEVEL = new Setting<>("logging.level", "PAPERBOT_LOG_LEVEL", "INFO",
            v -> oneOf(v, Level.class).name());

    /** Every setting, in the order README lists them; a setting missing here is rejected when it is read. */
    static final List<Setting<?>> SETTINGS = List.of(API_URL, MODE, WEBHOOK_URL, POLL_TIMEOUT, ZONE, ADMIN_IDS, LIST_PAGE_SIZE, UPDATE_WORKERS,
            INBOX, CATALOG_PATH, CATALOG_WATCH, CATALOG_CACHE_MB, SYNONYMS_PATH, DATA_DIR, FLOOD_COMMANDS, FLOOD_INLINE, HTTP_PORT, HTTP_HOST, DAILY_TIME, DAILY_RATE,
            DAILY_TICK, DAILY_HISTORY, LOG_FORMAT, LOG_LEVEL, WEBHOOK_PORT, DATABASE_URL, DATABASE_USER, DATABASE_POOL);

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
        return new BotConfig(s.read(API_URL), s.read(POLL_TIMEOUT), s.read(ZONE), s.read(ADMIN_IDS), s.read(LIST_PAGE_SIZE),
                s.read(UPDATE_WORKERS), s.read(INBOX), s.read(CATALOG_PATH), s.read(CATALOG_WATCH), s.read(CATALOG_CACHE_MB), s.read(SYNONYMS_PATH), s.read(DATA_DIR), s.read(FLOOD_COMMANDS),
                s.read(FLOOD_INLINE), s.read(HTTP_PORT), s.read(HTTP_HOST), s.read(LOG_FORMAT), s.read(LOG_LEVEL),
                new BotConfig.Daily(s.read(DAILY_TIME), s.read(DAILY_RATE), s.read(DAILY_TICK), s.read(DAILY_HISTORY)),
                webhook(s.read(MODE), s.read(WEBHOOK_URL), env.get(WEBHOOK_SECRET_ENV), s.read(WEBHOOK_PORT)),
                store(s.read(DATABASE_URL), s.read(DATABASE_USER), env.get(DATABASE_PASSWORD_ENV), s.read(DATABASE_POOL)));
    }

    /** SQLite unless a PostgreSQL URL is given; the password, like the token, only from the environment. */
    private static BotConfig.Store store(String url, String user, String password, int poolSize) {
        if (url.isEmpty()) {
            return new BotConfig.Store(null, user, null, poolSize);
        }
        if (user.isEmpty()) {
            throw new ConfigException(DATABASE_USER.env() + " (" + DATABASE_USER.key() + ") must name the PostgreSQL user when "
                    + DATABASE_URL.env() + " is set");
        }
        return new BotConfig.Store(url, user, password == null ? "" : password, poolSize);
    }

    /** Empty (SQLite), or a PostgreSQL JDBC URL; credentials go in their own variables, never in the URL. */
    private static String databaseUrl(String text) {
        String url = text.strip();
        if (url.isEmpty()) {
            return "";
        }
        if (!url.startsWith("jdbc:postgresql://") || url.length() == "jdbc:postgresql://".length()) {
            // Not repeated: a mistyped URL may still carry a password.
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: it must start with jdbc:postgresql://, e.g."
                    + " jdbc:postgresql://db:5432/paperbot");
        }
        if (url.matches("(?i).*[?&]password=.*") || url.substring("jdbc:postgresql://".length()).contains("@")) {
            // The URL is logged; a password in it would be too.
            throw new IllegalArgumentException("the URL must not carry credentials: put the password in "
                    + DATABASE_PASSWORD_ENV + " and the user in PAPERBOT_DATABASE_USER");
        }
        return url;
    }

    /** Webhook mode cannot start without the public URL and the secret; polling mode ignores both. */
    private static BotConfig.Webhook webhook(BotConfig.Mode mode, String url, String secret, int port) {
        if (mode == BotConfig.Mode.POLLING) {
            return new BotConfig.Webhook(mode, url.isEmpty() ? null : URI.create(url), null, port);
        }
        if (url.isEmpty()) {
            throw new ConfigException(WEBHOOK_URL.env() + " (" + WEBHOOK_URL.key()
                    + ") must be set to the bot's public https URL when " + MODE.env() + " is webhook");
        }
        if (secret == null || secret.isBlank()) {
            throw new ConfigException("environment variable " + WEBHOOK_SECRET_ENV + " must be set when " + MODE.env()
                    + " is webhook (1-256 characters A-Z, a-z, 0-9, _ and -)");
        }
        String s = secret.strip();
        // Telegram's own rule for secret_token: setWebhook refuses anything else.
        if (!s.matches("[A-Za-z0-9_-]{1,256}")) {
            throw new ConfigException("environment variable " + WEBHOOK_SECRET_ENV
                    + ": only 1-256 characters A-Z, a-z, 0-9, _ and - are allowed");
        }
        return new BotConfig.Webhook(mode, URI.create(url), s, port);
    }

    /** Empty (polling mode), or an http(s) URL with a host; the path is what the endpoint serves. */
    private static String webhookUrl(String text) {
        if (text.isBlank()) {
            return "";
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' is not an http(s) URL with a host, e.g. https://bot.example.org/telegram");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("'" + text + "' must be scheme://host[:port]/path without a query, fragment or credentials");
        }
        return uri.toString();
    }

    /** The token, only from the environment: it must never live in a committed file. */
    public static BotToken token(Map<String, String> env) {
        return BotToken.parse(env.get(TOKEN_ENV), TOKEN_ENV);
    }

    private enum Level { TRACE, DEBUG, INFO, WARN, ERROR }

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

    /** Read like /timezone reads it (europe/moscow, Москва, UTC+3), so what a chat may type an operator may set. */
    private static ZoneId zone(String text) {
        return ZoneNames.parse(text);
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
