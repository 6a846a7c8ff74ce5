package org.paperbot.render;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Telegram HTML helpers. Every piece of data goes through {@link #escape} before it meets markup. */
public final class Html {
    /** Telegram's limit for a message text, counted after entity parsing (UTF-16 code units). */
    public static final int MAX_MESSAGE_LENGTH = 4096;

    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot);");

    private Html() {
    }

    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    public static String bold(String text) {
        return "<b>" + escape(text) + "</b>";
    }

    public static String italic(String text) {
        return "<i>" + escape(text) + "</i>";
    }

    /** The text as Telegram shows it: tags removed, entities decoded. */
    public static String toPlain(String html) {
        String noTags = TAG.matcher(html).replaceAll("");
        Matcher m = ENTITY.matcher(noTags);
        StringBuilder sb = new StringBuilder(noTags.length());
        while (m.find()) {
            String e = m.group(1);
            String decoded = switch (e) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                default -> decodeNumeric(e);
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(decoded));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** "&#1078;" / "&#x436;" → "ж"; a code point out of range stays as written. */
    private static String decodeNumeric(String entity) {
        try {
            int cp = entity.startsWith("#x") ? Integer.parseInt(entity.substring(2), 16) : Integer.parseInt(entity.substring(1));
            return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : "&" + entity + ";";
        } catch (NumberFormatException e) {
            return "&" + entity + ";";
        }
    }

    /** Length as Telegram counts it for the 4096 limit. */
    public static int visibleLength(String html) {
        return toPlain(html).length();
    }

    /** Shortens plain text to at most {@code max} characters at a word boundary, adding an ellipsis. */
    public static String shorten(String plain, int max) {
        if (plain.length() <= max) {
            return plain;
        }
        if (max <= 1) {
            return "…";
        }
        int cut = max - 1;
        if (Character.isLowSurrogate(plain.charAt(cut))) {
            cut--; // never split a surrogate pair (emoji)
        }
        int space = plain.lastIndexOf(' ', cut);
        if (space > max / 2) {
            cut = space;
        }
        return plain.substring(0, cut).stripTrailing() + "…";
    }
}
