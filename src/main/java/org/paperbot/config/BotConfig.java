package org.paperbot.config;

import java.net.URI;
import java.nio.file.Path;
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
        Path catalogPath,
        boolean catalogWatch,
        Path dataDir,
        int floodCommandsPerMinute,
        int floodInlinePerMinute,
        int httpPort,
        String httpHost,
        LogFormat logFormat,
        String logLevel) {

    public enum LogFormat { TEXT, JSON }

    public BotConfig {
        adminIds = Set.copyOf(adminIds);
    }

    public boolean httpEnabled() {
        return httpPort > 0;
    }

    public boolean isAdmin(Long userId) {
        return userId != null && adminIds.contains(userId);
    }
}
