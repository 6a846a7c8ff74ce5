package org.paperbot.bot;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.util.List;

/** Handles one command: request in, Bot API calls to make out. No I/O, no sleeping. */
@FunctionalInterface
public interface CommandHandler {
    List<BotApiMethod<?>> handle(CommandRequest request);
}
