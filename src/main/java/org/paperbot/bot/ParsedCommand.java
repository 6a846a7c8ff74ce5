package org.paperbot.bot;

import org.paperbot.catalog.Keys;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "/paper@PaperBot 3" → name "paper", addressee "PaperBot", args "3". Names may be Cyrillic: Telegram's menu only
 * offers Latin ones, but people type /помощь (see the aliases in {@link Commands}).
 */
public record ParsedCommand(String name, Optional<String> addressee, String args) {
    private static final Pattern COMMAND = Pattern.compile(
            "/([A-Za-z0-9_\\p{IsCyrillic}]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:[\\s\\u00A0]+(.*))?", Pattern.DOTALL);

    public static Optional<ParsedCommand> parse(String text) {
        if (text == null || !text.startsWith("/")) {
            return Optional.empty();
        }
        Matcher m = COMMAND.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String args = m.group(3) == null ? "" : m.group(3).strip();
        return Optional.of(new ParsedCommand(Keys.fold(m.group(1)), Optional.ofNullable(m.group(2)), args));
    }

    /** In groups, "/cmd@otherbot" is meant for another bot. */
    public boolean isFor(String botUsername) {
        return addressee.map(a -> a.equalsIgnoreCase(botUsername)).orElse(true);
    }
}
