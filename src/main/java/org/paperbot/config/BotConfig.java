package org.paperbot.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/**
 * Every setting of the bot, validated. Built by {@link ConfigLoader}; the token is kept apart
 * ({@link ConfigLoader#token}) because only bot mode needs it.
 */
public record BotConfig(
        URI apiUrl,
        int pollTimeoutSeconds,
        ZoneId zone,
        Set<Long> adminIds,
        int listPageSize,
        int updateWorkers,
        boolean inbox,
        Path catalogPath,
        boolean catalogWatch,
        int catalogCacheMb,
        Path synonymsPath,
        Path dataDir,
        int floodCommandsPerMinute,
        int floodInlinePerMinute,
        int httpPort,
        String httpHost,
        LogFormat logFormat,
        String logLevel,
        Daily daily,
        Webhook webhook,
        Store store) {

    public enum LogFormat { TEXT, JSON }

    /** How updates arrive: the bot asks for them (getUpdates), or Telegram POSTs them to the bot's webhook. */
    public enum Mode { POLLING, WEBHOOK }

    /**
     * How updates are received.
     *
     * @param url    the public URL given to setWebhook; its path is the path the bot serves (null in polling mode)
     * @param secret what Telegram sends back in {@code X-Telegram-Bot-Api-Secret-Token} (null in polling mode)
     * @param port   the port the webhook endpoint listens on, on {@code http.host} (0: any free port, for tests)
     */
    public record Webhook(Mode mode, URI url, String secret, int port) {
        public static final Webhook POLLING = new Webhook(Mode.POLLING, null, null, 8443);

        /** The secret never reaches a log line through this record. */
        @Override
        public String toString() {
            return "Webhook[mode=" + mode + ", url=" + url + ", secret=" + (secret == null ? "none" : "***") + ", port=" + port + "]";
        }
    }

    /**
     * Where state is kept: SQLite in {@link #dataDir} (url null, the default), or a PostgreSQL server shared by every
     * replica.
     *
     * @param url      {@code jdbc:postgresql://host:port/db}, or null for SQLite
     * @param password from the environment only; never printed
     * @param poolSize connections this process keeps open to the server
     */
    public record Store(String url, String user, String password, int poolSize) {
        public static final Store SQLITE = new Store(null, "paperbot", null, 10);

        public boolean postgres() {
            return url != null;
        }

        /** The password never reaches a log line through this record. */
        @Override
        public String toString() {
            return "Store[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                    + ", poolSize=" + poolSize + "]";
        }
    }

    /**
     * Daily delivery of the paper of the day.
     *
     * @param defaultTime   delivery time for /subscribe without a time, in the chat's zone
     * @param ratePerSecond global limit of broadcast messages per second
     * @param tickSeconds   how often the scheduler looks for due deliveries
     */
    public record Daily(LocalTime defaultTime, int ratePerSecond, int tickSeconds, int historyDays) {
    }

    public BotConfig {
        adminIds = Set.copyOf(adminIds);
    }

    /** The paper cache's budget of a large catalog, in bytes. */
    public long catalogCacheBytes() {
        return catalogCacheMb * 1024L * 1024L;
    }

    public boolean httpEnabled() {
        return httpPort > 0;
    }

    public boolean isAdmin(Long userId) {
        return userId != null && adminIds.contains(userId);
    }
}
