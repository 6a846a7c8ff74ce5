package org.paperbot.bot;

import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

/** A message as the user sees it: Telegram HTML plus an optional inline keyboard. */
public record View(String html, InlineKeyboardMarkup keyboard) {
    /** A plain text reply without keyboard. */
    public static View text(String html) {
        return new View(html, null);
    }
}
