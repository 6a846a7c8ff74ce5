package org.paperbot.bot;

import org.paperbot.library.SnapshotHolder;
import org.paperbot.library.Snapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.paperbot.catalog.Catalog;
import org.paperbot.render.Texts;
import org.paperbot.testing.TestPapers;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.paperbot.bot.Replied.onlySend;

class UpdateRouterTest {
    static final FloodGuard NO_FLOOD_LIMIT = new FloodGuard(0, com.github.benmanes.caffeine.cache.Ticker.systemTicker());
    static final String BOT = "paperbot_test_bot";
    static final long USER = 1001L;
    static final long ADMIN = 7L;
    static final long GROUP = -100123L;

    private final Texts texts = Texts.russian();
    private final Catalog catalog = TestPapers.realCatalog();
    private final SnapshotHolder snapshots = new SnapshotHolder(Snapshot.of(catalog));
    private final Views views = Replied.views(Clock.systemUTC(), 3, new SplittableRandom(1));
    private final CallbackHandler callbacks = new CallbackHandler(views);
    private CommandHandler adminHandler;
    private CommandHandler echoHandler;
    private Commands commands;
    private UpdateRouter router;

    @BeforeEach
    void setUp() {
        adminHandler = mock(CommandHandler.class);
        when(adminHandler.handle(any())).thenAnswer(i -> List.of(Replies.send(((CommandRequest) i.getArgument(0)).chatId(),
                new View("admin stats", null))));
        echoHandler = mock(CommandHandler.class);
        when(echoHandler.handle(any())).thenAnswer(i -> List.of(Replies.send(((CommandRequest) i.getArgument(0)).chatId(),
                new View("echo", null))));
        CatalogCommands catalogCommands = new CatalogCommands(views);
        commands = new Commands()
                .add("start", "command.start", catalogCommands::start)
                .add("help", "command.help", catalogCommands::help)
                .add("echo", "command.help", echoHandler)
                .addAdmin("stats", adminHandler);
        router = new UpdateRouter(snapshots, new UpdateRouter.Routes(commands, callbacks, new InlineHandler(views, NO_FLOOD_LIMIT),
                new SearchCommands(views)::text), texts, BOT, id -> id == ADMIN, NO_FLOOD_LIMIT);
    }

    private List<BotApiMethod<?>> route(Map<String, Object> payload) {
        Update update = Updates.parse(payload);
        AtomicReference<List<BotApiMethod<?>>> out = new AtomicReference<>();
        assertThatCode(() -> out.set(router.route(update))).doesNotThrowAnyException();
        return out.get();
    }

    private List<BotApiMethod<?>> privately(String text) {
        return route(Updates.privateText(USER, text));
    }

    private List<BotApiMethod<?>> inGroup(long from, String text) {
        return route(Updates.groupText(GROUP, from, text));
    }

    private static String textOf(List<BotApiMethod<?>> replies) {
        return onlySend(replies).getText();
    }

    @Test
    void aPrivateCommandIsHandled() {
        SendMessage m = onlySend(privately("/start"));
        assertThat(m.getChatId()).isEqualTo(String.valueOf(USER));
        assertThat(m.getText()).isEqualTo(views.start(catalog).html());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/help", "/HELP", "/help@" + BOT, "/help@PaperBot_Test_Bot", "/Help@PAPERBOT_TEST_BOT extra"})
    void inAGroupCommandsForUsOrForNobodyAreHandled(String text) {
        SendMessage m = onlySend(inGroup(USER, text));
        assertThat(m.getChatId()).isEqualTo(String.valueOf(GROUP));
        assertThat(m.getText()).isEqualTo(views.help().html());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/help@otherbot", "/start@paperbot_test_bot2", "/nosuch@otherbot"})
    void commandsForAnotherBotAreIgnoredEverywhere(String text) {
        assertThat(inGroup(USER, text)).isEmpty();
        assertThat(privately(text)).isEmpty();
    }

    @Test
    void unknownCommandInPrivateGetsAHint() {
        assertThat(textOf(privately("/foo"))).isEqualTo(texts.get("unknown.command"));
    }

    @Test
    void unknownBareCommandInAGroupIsSilentButAnsweredWhenAddressedToUs() {
        assertThat(inGroup(USER, "/foo")).isEmpty();
        assertThat(textOf(inGroup(USER, "/foo@" + BOT))).isEqualTo(texts.get("unknown.command"));
    }

    @Test
    void theRequestCarriesChatUserArgumentsAndTheCurrentSnapshot() {
        Map<String, Object> payload = Updates.groupText(GROUP, USER, "/echo@" + BOT + "   some  args ");
        route(payload);
        Catalog reloaded = TestPapers.catalogOf(TestPapers.synthetic(2));
        snapshots.replace(Snapshot.of(reloaded));
        privately("/echo");

        ArgumentCaptor<CommandRequest> captor = ArgumentCaptor.forClass(CommandRequest.class);
        verify(echoHandler, org.mockito.Mockito.times(2)).handle(captor.capture());
        CommandRequest group = captor.getAllValues().get(0);
        assertThat(group.chatId()).isEqualTo(GROUP);
        assertThat(group.privateChat()).isFalse();
        assertThat(group.userId()).isEqualTo(USER);
        assertThat(group.args()).isEqualTo("some  args");
        assertThat(group.messageId()).isEqualTo(((Map<?, ?>) payload.get("message")).get("message_id"));
        assertThat(group.catalog()).isSameAs(catalog);
        CommandRequest later = captor.getAllValues().get(1);
        assertThat(later.privateChat()).isTrue();
        assertThat(later.hasArgs()).isFalse();
        assertThat(later.catalog()).isSameAs(reloaded);
    }

    @Test
    void adminCommandsWorkForAdmins() {
        assertThat(textOf(privately("/start"))).isNotEqualTo("admin stats");
        assertThat(textOf(route(Updates.privateText(ADMIN, "/stats")))).isEqualTo("admin stats");
        assertThat(textOf(route(Updates.groupText(GROUP, ADMIN, "/stats")))).isEqualTo("admin stats");
    }

    @Test
    void adminCommandsAreHiddenFromEveryoneElse() {
        assertThat(textOf(privately("/stats"))).isEqualTo(texts.get("unknown.command"));
        assertThat(inGroup(USER, "/stats")).isEmpty();
        assertThat(textOf(inGroup(USER, "/stats@" + BOT))).isEqualTo(texts.get("unknown.command"));
        // An anonymous group admin has no user id: not an admin of the bot.
        Map<String, Object> anonymous = Map.of("message",
                Updates.messageWith(Updates.groupChat(GROUP), null, Map.of("text", "/stats@" + BOT)));
        assertThat(textOf(route(anonymous))).isEqualTo(texts.get("unknown.command"));
        verifyNoInteractions(adminHandler);
        assertThat(commands.menu()).extracting(Commands.Command::name).doesNotContain("stats").contains("start", "help");
    }

    @Test
    void plainTextIsASearchInPrivateAndSilenceInGroups() {
        assertThat(textOf(privately("  трансформеры  "))).isEqualTo(views.searchPage(snapshots.current(), "трансформеры", 0).html());
        assertThat(textOf(privately("квазар"))).contains("ничего не нашлось");
        assertThat(textOf(privately("/"))).as("a broken command is not a query").isEqualTo(texts.get("text.hint"));
        assertThat(inGroup(USER, "просто разговор")).isEmpty();
    }

    @Test
    void nonTextUserContentInPrivateGetsAHint() {
        Map<String, Object> photo = Map.of("message", Updates.messageWith(Updates.privateChat(USER), USER,
                Map.of("photo", List.of(Map.of("file_id", "f", "file_unique_id", "u", "width", 1, "height", 1)), "caption", "/start")));
        assertThat(textOf(route(photo))).isEqualTo(texts.get("text.hint"));
        Map<String, Object> sticker = Map.of("message", Updates.messageWith(Updates.privateChat(USER), USER,
                Map.of("sticker", Map.of("file_id", "s", "file_unique_id", "s", "type", "regular", "width", 1, "height", 1,
                        "is_animated", false, "is_video", false))));
        assertThat(textOf(route(sticker))).isEqualTo(texts.get("text.hint"));
    }

    @Test
    void nonTextContentInGroupsIsIgnored() {
        Map<String, Object> photo = Map.of("message", Updates.messageWith(Updates.groupChat(GROUP), USER,
                Map.of("photo", List.of(Map.of("file_id", "f", "file_unique_id", "u", "width", 1, "height", 1)))));
        assertThat(route(photo)).isEmpty();
    }

    @Test
    void serviceMessagesAreIgnored() {
        Map<String, Object> pinned = Map.of("message", Updates.messageWith(Updates.privateChat(USER), USER,
                Map.of("pinned_message", Map.of("message_id", 1, "date", 0, "chat", Updates.privateChat(USER)))));
        assertThat(route(pinned)).isEmpty();
        Map<String, Object> migrated = Map.of("message", Updates.messageWith(Updates.groupChat(GROUP), USER,
                Map.of("migrate_to_chat_id", -1001234L)));
        assertThat(route(migrated)).isEmpty();
        Map<String, Object> joined = Map.of("message", Updates.messageWith(Updates.groupChat(GROUP), USER,
                Map.of("new_chat_members", List.of(Updates.user(99)))));
        assertThat(route(joined)).isEmpty();
        Map<String, Object> noSender = Map.of("message", Updates.messageWith(Updates.privateChat(USER), null, Map.of()));
        assertThat(route(noSender)).isEmpty();
    }

    @Test
    void inlineQueriesGoToTheInlineHandler() {
        List<BotApiMethod<?>> out = route(Updates.inline(USER, "llm", ""));
        assertThat(out).singleElement().isInstanceOf(org.telegram.telegrambots.meta.api.methods.AnswerInlineQuery.class);
    }

    @Test
    void editedMessagesChannelPostsAndOtherUpdatesAreIgnored() {
        Map<String, Object> message = Updates.message(Updates.privateChat(USER), USER, "/start");
        assertThat(route(Map.of("edited_message", message))).isEmpty();
        Map<String, Object> post = Updates.messageWith(Map.of("id", -100777L, "type", "channel", "title", "News"), null,
                Map.of("text", "/start"));
        assertThat(route(Map.of("channel_post", post))).isEmpty();
        assertThat(route(Map.of("edited_channel_post", post))).isEmpty();
        assertThat(route(Map.of())).isEmpty();
        verify(echoHandler, never()).handle(any());
    }

    @Test
    void buttonPressesGoToTheCallbackHandler() {
        List<BotApiMethod<?>> out = route(Updates.callback("cbq", USER, Updates.privateChat(USER), 12, 1_800_000_000L, "list"));
        assertThat(out).hasSize(2);
        assertThat(((AnswerCallbackQuery) out.get(0)).getCallbackQueryId()).isEqualTo("cbq");
        assertThat(((SendMessage) out.get(1)).getText()).contains("Каталог");
    }

    @Test
    void aThrowingCommandHandlerBecomesAnApology() {
        CommandHandler broken = mock(CommandHandler.class);
        when(broken.handle(any())).thenThrow(new IllegalStateException("boom"));
        commands.add("broken", null, broken);

        SendMessage m = onlySend(privately("/broken"));
        assertThat(m.getChatId()).isEqualTo(String.valueOf(USER));
        assertThat(m.getText()).isEqualTo(texts.get("error.generic"));
        assertThat(onlySend(inGroup(USER, "/broken")).getChatId()).isEqualTo(String.valueOf(GROUP));
        verify(broken, org.mockito.Mockito.times(2)).handle(any());
    }

    @Test
    void aThrowingCallbackHandlerBecomesAnApologeticAnswer() {
        CallbackHandler broken = mock(CallbackHandler.class);
        when(broken.handle(any(), any(CallbackQuery.class))).thenThrow(new IllegalArgumentException("boom"));
        UpdateRouter r = new UpdateRouter(snapshots, new UpdateRouter.Routes(commands, broken, new InlineHandler(views, NO_FLOOD_LIMIT),
                new SearchCommands(views)::text), texts, BOT, id -> false, NO_FLOOD_LIMIT);

        List<BotApiMethod<?>> out = r.route(Updates.parse(Updates.callback("cbx", USER, Updates.privateChat(USER), 3, 1L, "today")));

        assertThat(out).hasSize(1);
        AnswerCallbackQuery a = (AnswerCallbackQuery) out.get(0);
        assertThat(a.getCallbackQueryId()).isEqualTo("cbx");
        assertThat(a.getText()).isEqualTo(texts.get("error.generic"));
    }
}
