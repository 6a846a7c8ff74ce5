package org.paperbot.bot;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.util.List;

/**
 * Handles a command that needs only the request: request in, Bot API calls to make out. It may read and write the
 * stores; what it sends goes back as the returned calls, never directly. Typed arguments: {@link Command.Handler}.
 */
@FunctionalInterface
public interface CommandHandler {
    List<BotApiMethod<?>> handle(CommandRequest request);
}
