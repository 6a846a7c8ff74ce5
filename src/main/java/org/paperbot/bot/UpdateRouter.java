package org.paperbot.bot;

import org.paperbot.library.SnapshotHolder;
import org.paperbot.library.Snapshot;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Decides what an update is and who handles it: commands by name, button presses, inline queries, plain text. For a
 * command it enforces what the table declares, in this order: bot-admin commands do not exist for anyone else, the
 * place (private chat or group), the argument (a problem is answered with its explanation), then who may use it
 * (asking Telegram whether the sender administers the group, when that matters). Button presses are checked against
 * the same rule, as each button's route declares. It returns the Bot API calls to
 * make and never throws — a failing handler becomes a short apology. Handlers may read and write the stores; the
 * router itself only asks Telegram about group administrators.
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
    private final LongPredicate isBotAdmin;
    private final ChatAdmins groupAdmins;
    private final FloodGuards flood;
    private final ReplyMarks marks;

    /** Adjusts the replies to an update for the one who sent it (e.g. their marks on a card's buttons). */
    @FunctionalInterface
    public interface ReplyMarks {
        ReplyMarks NONE = (update, replies) -> replies;

        List<BotApiMethod<?>> mark(Update update, List<BotApiMethod<?>> replies);
    }

    /**
     * Who handles what: commands by name, button presses, inline queries, and plain text in a private chat
     * (args of the request = the text).
     */
    public record Routes(Commands commands, CallbackHandler callbacks, InlineHandler inline, CommandHandler privateText) {
    }

    /**
     * @param isBotAdmin  whether a user id is in PAPERBOT_ADMIN_IDS
     * @param groupAdmins whether a user administers a group (asked only in groups, for {@link Command.Who#GROUP_ADMINS})
     */
    public UpdateRouter(SnapshotHolder snapshots, Routes routes, Texts texts, String botUsername, LongPredicate isBotAdmin,
                        ChatAdmins groupAdmins, FloodGuards flood) {
        this(snapshots, routes, texts, botUsername, isBotAdmin, groupAdmins, flood, ReplyMarks.NONE);
    }

    /** @param marks applied to every update's replies before they are returned */
    public UpdateRouter(SnapshotHolder snapshots, Routes routes, Texts texts, String botUsername, LongPredicate isBotAdmin,
                        ChatAdmins groupAdmins, FloodGuards flood, ReplyMarks marks) {
        this.marks = marks;
        this.snapshots = snapshots;
        this.commands = routes.commands();
        this.callbacks = routes.callbacks();
        this.inline = routes.inline();
        this.privateText = routes.privateText();
        this.texts = texts;
        this.botUsername = botUsername;
        this.isBotAdmin = isBotAdmin;
        this.groupAdmins = groupAdmins;
        this.flood = flood;
    }

    public List<BotApiMethod<?>> route(Update update) {
        // Held until the replies are built: a reload meanwhile releases this snapshot's files only after.
        Snapshot snapshot = snapshots.acquire();
        try {
            return marks.mark(update, dispatch(snapshot, update));
        } catch (RuntimeException e) {
            log.error("Handler failed on update {}", update.getUpdateId(), e);
            return apology(update);
        } finally {
            snapshots.release(snapshot);
        }
    }

    private List<BotApiMethod<?>> dispatch(Snapshot snapshot, Update update) {
        if (update.getCallbackQuery() != null) {
            var query = update.getCallbackQuery();
            FloodGuard.Verdict verdict = flood.press(query.getFrom() == null ? null : query.getFrom().getId());
            if (verdict != FloodGuard.Verdict.ALLOW) {
                // Every press is still answered, so the client's spinner stops.
                return List.of(Replies.answer(query.getId(), verdict == FloodGuard.Verdict.WARN ? texts.get("flood.warning") : null));
            }
            Optional<String> refused = refusal(query);
            if (refused.isPresent()) {
                return List.of(Replies.answer(query.getId(), refused.get()));
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
    }

    private List<BotApiMethod<?>> onMessage(Snapshot snapshot, Message message) {
        if (message.getChat() == null || message.getChatId() == null) {
            return List.of();
        }
        long chatId = message.getChatId();
        boolean privateChat = Boolean.TRUE.equals(message.getChat().isUserChat());
        // A photo or a file sent to the bot with a caption («трансформеры») asks what a text would.
        String text = message.getText() != null ? message.getText() : privateChat ? message.getCaption() : null;
        // A message sent on behalf of a chat (anonymous group admin, channel) comes "from" a placeholder bot
        // account: it has no real user.
        Long userId = message.getFrom() == null || message.getSenderChat() != null ? null : message.getFrom().getId();
        if (text == null) {
            return privateChat && isUserContent(message) ? limited(userId, chatId, privateChat, () -> Replies.reply(chatId, texts.get("text.hint"))) : List.of();
        }
        Optional<ParsedCommand> parsed = ParsedCommand.parse(text);
        if (parsed.isEmpty()) {
            if (!privateChat || text.isBlank()) {
                return List.of();
            }
            if (text.startsWith("/")) {
                return limited(userId, chatId, privateChat, () -> Replies.reply(chatId, texts.get("text.hint"))); // "/" alone, "/ 3"…
            }
            CommandRequest request = new CommandRequest(snapshot, chatId, true, userId, text.strip(), null,
                    commands.visibleTo(userId != null && isBotAdmin.test(userId)));
            return limited(userId, chatId, privateChat, () -> privateText.handle(request));
        }
        ParsedCommand command = parsed.get();
        if (!command.isFor(botUsername)) {
            return List.of();
        }
        return limited(userId, chatId, privateChat, () -> onCommand(snapshot, message, command, userId, privateChat));
    }

    private List<BotApiMethod<?>> onCommand(Snapshot snapshot, Message message, ParsedCommand command, Long userId,
                                            boolean privateChat) {
        long chatId = message.getChatId();
        Long senderChatId = message.getSenderChat() == null ? null : message.getSenderChat().getId();
        boolean botAdmin = userId != null && isBotAdmin.test(userId);
        Optional<Command<?>> found = commands.find(command.name()).filter(c -> botAdmin || !c.forBotAdmins());
        if (found.isEmpty()) {
            // In groups a bare /cmd may belong to another bot: only answer when addressed to us by name.
            return privateChat || command.addressee().isPresent() ? Replies.reply(chatId, texts.get("unknown.command")) : List.of();
        }
        Command<?> c = found.get();
        if (c.where() == Command.Where.PRIVATE && !privateChat) {
            return Replies.reply(chatId, texts.format("access.privateOnly", "/" + c.name(), Html.escape(botUsername)));
        }
        if (c.where() == Command.Where.GROUPS && privateChat) {
            return Replies.reply(chatId, texts.format("access.groupsOnly", "/" + c.name()));
        }
        CommandRequest request = new CommandRequest(snapshot, chatId, privateChat, userId, command.args(), senderChatId,
                commands.visibleTo(botAdmin));
        return run(c, request, botAdmin);
    }

    /** Parses the argument, checks who may use the command with it, then hands both to the handler. */
    private <A> List<BotApiMethod<?>> run(Command<A> command, CommandRequest request, boolean botAdmin) {
        Args.Parsed<A> parsed = command.arg().parse(request.args(), request.catalog());
        if (parsed instanceof Args.Parsed.Problem<A> problem) {
            List<Object> values = new ArrayList<>();
            values.add("/" + command.name());
            values.add(Replies.echo(request.args()));
            problem.details().forEach(d -> values.add(Html.escape(d)));
            return Replies.reply(request.chatId(), texts.format(problem.textKey(), values.toArray()));
        }
        A value = ((Args.Parsed.Ok<A>) parsed).value();
        Optional<String> refusal = refusal(command.who().apply(value), request.chatId(), request.privateChat(),
                request.userId(), request.fromAnonymousAdmin(), botAdmin);
        return refusal.isPresent() ? Replies.reply(request.chatId(), refusal.get()) : command.handler().handle(request, value);
    }

    /** Why the sender may not press this button (as its route declares), or empty if they may. */
    private Optional<String> refusal(CallbackQuery query) {
        MaybeInaccessibleMessage message = query.getMessage();
        Command.Who who = callbacks.who(query).orElse(Command.Who.EVERYONE);
        if (who == Command.Who.EVERYONE || message == null || message.getChatId() == null) {
            return Optional.empty(); // no chat (an inline-mode message): the handler answers such presses
        }
        boolean privateChat = message.getChat() != null && Boolean.TRUE.equals(message.getChat().isUserChat());
        // A press always comes from a real user, also from an admin who posts anonymously.
        Long userId = query.getFrom() == null ? null : query.getFrom().getId();
        return refusal(who, message.getChatId(), privateChat, userId, false, false);
    }

    /** Why the sender may not do this, or empty if they may. */
    private Optional<String> refusal(Command.Who who, long chatId, boolean privateChat, Long userId, boolean anonymousAdmin,
                                     boolean botAdmin) {
        return switch (who) {
            case EVERYONE -> Optional.empty();
            case BOT_ADMINS -> botAdmin ? Optional.empty() : Optional.of(texts.get("unknown.command"));
            case GROUP_ADMINS -> {
                if (privateChat || anonymousAdmin) {
                    yield Optional.empty(); // in a private chat the user decides alone
                }
                if (userId == null) {
                    yield Optional.of(texts.get("access.groupAdmins")); // a channel posting into the group
                }
                yield switch (groupAdmins.check(chatId, userId)) {
                    case ALLOWED -> Optional.empty();
                    case DENIED -> Optional.of(texts.get("access.groupAdmins"));
                    case UNKNOWN -> Optional.of(texts.get("access.groupAdminUnknown"));
                };
            }
        };
    }

    /** Applies flood control (the sender's, then the group's) to something the bot is about to answer. */
    private List<BotApiMethod<?>> limited(Long userId, long chatId, boolean privateChat,
                                          java.util.function.Supplier<List<BotApiMethod<?>>> answer) {
        FloodGuard.Verdict verdict = flood.check(userId, chatId, privateChat);
        return switch (verdict) {
            case ALLOW -> answer.get();
            case WARN -> Replies.reply(chatId, texts.get("flood.warning"));
            case IGNORE -> List.of();
        };
    }

    /** Photos, stickers, files… sent to the bot; service messages (pins, migrations) are not. */
    private static boolean isUserContent(Message m) {
        return m.getFrom() != null && m.getPinnedMessage() == null && m.getMigrateFromChatId() == null
                && m.getMigrateToChatId() == null && (m.getNewChatMembers() == null || m.getNewChatMembers().isEmpty());
    }

    private List<BotApiMethod<?>> apology(Update update) {
        try {
            if (update.getCallbackQuery() != null) {
                return List.of(Replies.answer(update.getCallbackQuery().getId(), texts.get("error.generic")));
            }
            if (update.getMessage() != null && update.getMessage().getChatId() != null) {
                return Replies.reply(update.getMessage().getChatId(), texts.get("error.generic"));
            }
        } catch (RuntimeException e) {
            log.error("Could not even apologise for update {}", update.getUpdateId(), e);
        }
        return List.of();
    }
}
