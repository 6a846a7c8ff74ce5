package org.paperbot.logging;

import java.util.regex.Pattern;

/**
 * Removes bot tokens from log text. Bot API URLs carry the token ({@code /bot123:ABC…/sendMessage}) and HTTP
 * libraries like to print URLs in exceptions, so every line is scrubbed by pattern, whatever the token is.
 */
public final class Redactor {
    private static final Pattern TOKEN = Pattern.compile("\\d{5,20}:[A-Za-z0-9_-]{30,}");
    private static final String MASK = "<token>";

    private Redactor() {
    }

    public static String redact(String text) {
        if (text == null || text.indexOf(':') < 0) {
            return text;
        }
        return TOKEN.matcher(text).replaceAll(MASK);
    }
}
