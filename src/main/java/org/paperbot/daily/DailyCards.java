package org.paperbot.daily;

import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import java.time.LocalDate;

/**
 * Builds the message that carries the paper of {@code date} to one chat. Kept as an interface so this
 * package does not depend on the bot's screens: {@code Wiring} builds it from the daily screen.
 */
@FunctionalInterface
public interface DailyCards {
    SendMessage card(long chatId, LocalDate date);
}
