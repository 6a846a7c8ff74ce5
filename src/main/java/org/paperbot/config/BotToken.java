package org.paperbot.config;

import java.util.regex.Pattern;

/** The bot token. Its {@code toString} never shows the secret, so it cannot leak through a log line by accident. */
public final class BotToken {
    private static final Pattern FORMAT = Pattern.compile("\\d{1,20}:[A-Za-z0-9_-]{10,100}");

    private final String secret;

    private BotToken(String secret) {
        this.secret = secret;
    }

    /** Validates the shape only; whether Telegram accepts it is learned from {@code getMe}. */
    public static BotToken parse(String raw, String source) {
        if (raw == null || raw.isBlank()) {
            throw new ConfigException(source + " is not set: create a bot with @BotFather and export the token it gives"
                    + " (see README), or try the bot without a token: java -jar target/paperbot.jar console");
        }
        String trimmed = raw.strip();
        if (!FORMAT.matcher(trimmed).matches()) {
            throw new ConfigException(source + " does not look like a bot token (expected <digits>:<secret> as given by @BotFather)");
        }
        return new BotToken(trimmed);
    }

    public String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "BotToken[***]";
    }
}
