package org.paperbot.bot;

import org.paperbot.library.SnapshotHolder;
import org.paperbot.library.Snapshot;
import org.paperbot.render.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Decides what an update is and who handles it: commands by name, button presses, plain text. Pure: it
 * returns the Bot API calls to make and never throws — a failing handler becomes a short apology.
 */
public final class UpdateRouter {
    private static final Logger log = LoggerFactory.getLogger(UpdateRouter.class);

    private final SnapshotHolder snapshots;
    private final Commands commands;
    private final CallbackHandler callbacks;
    private final InlineHandler inline;
    private final CommandHandler privateText;
    private final Texts texts;
    private final String botUsername;
    private final LongPredicate isAdmin;
    private final FloodGuard flood;

    /**
     * Who handles what: commands by name, button presses, inline queries, and plain text in a private chat
     * (args of the request = the text).
     */
    public record Routes(Commands commands, CallbackHandler callbacks, InlineHandler inline, CommandHandler privateText) {
    }

    public UpdateRouter(SnapshotHolder snapshots, Routes routes, Texts texts, String botUsername, LongPredicate isAdmin,
                        FloodGuard flood) {
        this.snapshots = snapshots;
        this.commands = routes.commands();
        this.callbacks = routes.callbacks();
        this.inline = routes.inline();
        this.privateText = routes.privateText();
        this.texts = texts;
        this.botUsername = botUsername;
        this.isAdmin = isAdmin;
        this.flood = flood;
    }

    public List<BotApiMethod<?>> route(Update update) {
        Snapshot snapshot = snapshots.current();
        try {
            if (update.getCallbackQuery() != null) {
                var query = update.getCallbackQuery();
                FloodGuard.Verdict verdict = query.getFrom() == null ? FloodGuard.Verdict.ALLOW : flood.check(query.getFrom().getId());
                if (verdict != FloodGuard.Verdict.ALLOW) {
                    // Every press is still answered, so the client's spinner stops.
                    return List.of(Replies.answer(query.getId(), verdict == FloodGuard.Verdict.WARN ? texts.get("flood.warning") : null));
                }
                return callbacks.handle(snapshot, query);
            }
            if (update.getMessage() != null) {
                return onMessage(snapshot, update.getMessage());
            }
            if (update.getInlineQuery() != null) {
                return inline.handle(snapshot, update.getInlineQuery());
            }
            // Edited messages, channel posts, membership changes…: deliberately not answered.
            return List.of();
        } catch (RuntimeException e) {
            log.error("Handler failed on update {}", update.getUpdateId(), e);
            return apology(update);
        }
    }

    private List<BotApiMethod<?>> onMessage(Snapshot snapshot, Message message) {
        if (message.getChat() == null || message.getChatId() == null) {
            return List.of();
        }
        long chatId = message.getChatId();
        boolean privateChat = Boolean.TRUE.equals(message.getChat().isUserChat());
        String text = message.getText();
        // A message sent on behalf of a chat (anonymous group admin, channel) comes "from" a placeholder bot
        // account: it has no real user.
        Long userId = message.getFrom() == null || message.getSenderChat() != null ? null : message.getFrom().getId();
        if (text == null) {
            return privateChat && isUserContent(message) ? limited(userId, chatId, () -> reply(chatId, texts.get("text.hint"))) : List.of();
        }
        Optional<ParsedCommand> parsed = ParsedCommand.parse(text);
        if (parsed.isEmpty()) {
            if (!privateChat || text.isBlank()) {
                return List.of();
            }
            if (text.startsWith("/")) {
                return limited(userId, chatId, () -> reply(chatId, texts.get("text.hint"))); // "/" alone, "/ 3"…
            }
            CommandRequest request = new CommandRequest(snapshot, chatId, true, userId, text.strip(), message.getMessageId());
            return limited(userId, chatId, () -> privateText.handle(request));
        }
        ParsedCommand command = parsed.get();
        if (!command.isFor(botUsername)) {
            return List.of();
        }
        return limited(userId, chatId, () -> onCommand(snapshot, message, command, userId, privateChat));
    }

    private List<BotApiMethod<?>> onCommand(Snapshot snapshot, Message message, ParsedCommand command, Long userId,
                                            boolean privateChat) {
        long chatId = message.getChatId();
        Long senderChatId = message.getSenderChat() == null ? null : message.getSenderChat().getId();
        Optional<Commands.Command> found = commands.find(command.name())
                .filter(c -> c.access() == Commands.Access.EVERYONE || (userId != null && isAdmin.test(userId)));
        if (found.isEmpty()) {
            // In groups a bare /cmd may belong to another bot: only answer when addressed to us by name.
            return privateChat || command.addressee().isPresent() ? reply(chatId, texts.get("unknown.command")) : List.of();
        }
        CommandRequest request = new CommandRequest(snapshot, chatId, privateChat, userId, command.args(),
                message.getMessageId(), senderChatId);
        return found.get().handler().handle(request);
    }

    /** Applies flood control to something the bot is about to answer; messages without a sender pass. */
    private List<BotApiMethod<?>> limited(Long userId, long chatId, java.util.function.Supplier<List<BotApiMethod<?>>> answer) {
        FloodGuard.Verdict verdict = userId == null ? FloodGuard.Verdict.ALLOW : flood.check(userId);
        return switch (verdict) {
            case ALLOW -> answer.get();
            case WARN -> reply(chatId, texts.get("flood.warning"));
            case IGNORE -> List.of();
        };
    }

    /** Photos, stickers, files… sent to the bot; service messages (pins, migrations) are not. */
    private static boolean isUserContent(Message m) {
        return m.getFrom() != null && m.getPinnedMessage() == null && m.getMigrateFromChatId() == null
                && m.getMigrateToChatId() == null && (m.getNewChatMembers() == null || m.getNewChatMembers().isEmpty());
    }

    private List<BotApiMethod<?>> reply(long chatId, String html) {
        return Replies.one(Replies.send(chatId, new View(html, null)));
    }

    private List<BotApiMethod<?>> apology(Update update) {
        try {
            if (update.getCallbackQuery() != null) {
                return List.of(Replies.answer(update.getCallbackQuery().getId(), texts.get("error.generic")));
            }
            if (update.getMessage() != null && update.getMessage().getChatId() != null) {
                return reply(update.getMessage().getChatId(), texts.get("error.generic"));
            }
        } catch (RuntimeException e) {
            log.error("Could not even apologise for update {}", update.getUpdateId(), e);
        }
        return List.of();
    }
}
