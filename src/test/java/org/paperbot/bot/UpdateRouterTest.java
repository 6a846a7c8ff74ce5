package org.paperbot.bot;

import org.paperbot.library.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.catalog.Catalog;
import org.paperbot.daily.DailyScheduler;
import org.paperbot.render.Html;
import org.paperbot.render.Texts;
import org.paperbot.testing.TestPapers;
import org.paperbot.testing.TestRouter;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
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
    /** Administers {@link #GROUP}; {@link #USER} does not. */
    static final long GROUP_ADMIN = 2002L;

    private final Texts texts = Texts.russian();
    private final Catalog catalog = TestPapers.realCatalog();
    private final Screens screens = Replied.screens(3, new SplittableRandom(1));
    private final DailyScheduler scheduler = mock(DailyScheduler.class);
    private final List<String> adminChecks = new ArrayList<>();
    /** The bot's own command table and router; only Telegram's answer about group admins is stood in for. */
    private final TestRouter bot = new TestRouter(catalog, screens, BOT, Clock.systemUTC(), id -> id == ADMIN, (chat, user) -> {
        adminChecks.add(chat + ":" + user);
        return chat == GROUP && user == GROUP_ADMIN ? ChatAdmins.Verdict.ALLOWED : ChatAdmins.Verdict.DENIED;
    }, scheduler);
    private final CallbackHandler callbacks = bot.callbacks();

    @AfterEach
    void close() {
        bot.close();
    }

    private List<BotApiMethod<?>> route(Map<String, Object> payload) {
        Update update = Updates.parse(payload);
        AtomicReference<List<BotApiMethod<?>>> out = new AtomicReference<>();
        assertThatCode(() -> out.set(bot.router().route(update))).doesNotThrowAnyException();
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
        assertThat(m.getText()).isEqualTo(screens.guide().start(catalog).html());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/help", "/HELP", "/help@" + BOT, "/help@PaperBot_Test_Bot", "/Help@PAPERBOT_TEST_BOT extra"})
    void inAGroupCommandsForUsOrForNobodyAreHandled(String text) {
        SendMessage m = onlySend(inGroup(USER, text));
        assertThat(m.getChatId()).isEqualTo(String.valueOf(GROUP));
        assertThat(m.getText()).isEqualTo(screens.guide().help(bot.commands().visibleTo(false)).html());
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
    void aCommandIsAnsweredInItsChatWithItsArgumentOnTheCurrentCatalog() {
        SendMessage topic = onlySend(inGroup(USER, "/topic@" + BOT + "   #LLM "));
        assertThat(topic.getChatId()).isEqualTo(String.valueOf(GROUP));
        assertThat(topic.getText()).isEqualTo(screens.lists().topicPage(catalog, "LLM", 0).orElseThrow().html());

        bot.snapshots().replace(Snapshot.of(TestPapers.catalogOf(TestPapers.synthetic(2))));
        assertThat(textOf(privately("/list"))).as("the reloaded catalog").startsWith(texts.format("list.header", "2 статьи"));
    }

    @Test
    void botAdminCommandsWorkForBotAdminsInPrivate() {
        assertThat(textOf(route(Updates.privateText(ADMIN, "/reload")))).startsWith("✅ Каталог перечитан");
        assertThat(textOf(route(Updates.privateText(ADMIN, "/stats")))).startsWith("📊 <b>Статистика</b>");
        verify(scheduler).lastReport();
    }

    @Test
    void aPrivateOnlyCommandInAGroupSaysWhereItWorks() {
        SendMessage m = onlySend(route(Updates.groupText(GROUP, ADMIN, "/stats")));
        assertThat(m.getChatId()).isEqualTo(String.valueOf(GROUP));
        assertThat(m.getText()).isEqualTo(texts.format("access.privateOnly", "/stats", BOT))
                .contains("только в личном чате", "@" + BOT);
        verifyNoInteractions(scheduler);
    }

    @Test
    void botAdminCommandsDoNotExistForAnyoneElse() {
        for (String command : List.of("/stats", "/reload", "/push_today")) {
            assertThat(textOf(privately(command))).as(command).isEqualTo(texts.get("unknown.command"));
            assertThat(inGroup(USER, command)).as(command).isEmpty();
            assertThat(textOf(inGroup(USER, command + "@" + BOT))).as(command).isEqualTo(texts.get("unknown.command"));
        }
        // An anonymous group admin has no user id: not an admin of the bot.
        Map<String, Object> anonymous = Map.of("message",
                Updates.messageWith(Updates.groupChat(GROUP), null, Map.of("text", "/stats@" + BOT)));
        assertThat(textOf(route(anonymous))).isEqualTo(texts.get("unknown.command"));
        verifyNoInteractions(scheduler);
    }

    @Test
    void theMenuAndHelpComeFromTheTableAndShowAdminCommandsToAdminsOnly() {
        assertThat(bot.commands().menu(false)).extracting(Command::name)
                .startsWith("start", "today", "list").contains("timezone", "help").doesNotContain("stats", "reload", "push_today");
        assertThat(bot.commands().menu(true)).extracting(Command::name).contains("start", "help", "reload", "push_today", "stats");

        String forUser = textOf(privately("/help"));
        String forAdmin = textOf(route(Updates.privateText(ADMIN, "/help")));
        assertThat(forUser).contains(texts.get("help.list"), texts.get("help.timezone")).doesNotContain("/stats", "/reload");
        assertThat(forAdmin).startsWith(forUser).contains("Для администраторов", texts.get("help.stats"),
                texts.get("help.reload"), texts.get("help.push_today"));
    }

    @Test
    void inAGroupAnyoneMayLookAtTheZoneButOnlyItsAdminsMayChangeIt() {
        assertThat(textOf(inGroup(USER, "/timezone"))).startsWith("🕰 Часовой пояс: Europe/Moscow");
        assertThat(adminChecks).as("looking asks no one").isEmpty();

        assertThat(textOf(inGroup(USER, "/timezone Europe/Berlin"))).isEqualTo(texts.get("access.groupAdmins"));
        assertThat(bot.subscriptions().find(GROUP)).as("nothing changed").isEmpty();
        assertThat(adminChecks).containsExactly(GROUP + ":" + USER);

        assertThat(textOf(inGroup(GROUP_ADMIN, "/timezone Europe/Berlin"))).startsWith("🕰 Часовой пояс: Europe/Berlin");
        assertThat(bot.subscriptions().find(GROUP).orElseThrow().zone()).hasToString("Europe/Berlin");
        assertThat(textOf(privately("/timezone Europe/Berlin"))).as("in private the user decides alone")
                .startsWith("🕰 Часовой пояс: Europe/Berlin");
        assertThat(adminChecks).hasSize(2);
    }

    @Test
    void aBadArgumentIsExplainedBeforeAnyoneIsAskedAboutAdmins() {
        assertThat(textOf(inGroup(USER, "/timezone Mars/Olympus"))).isEqualTo(texts.format("arg.zone", "/timezone", "Mars/Olympus"));
        assertThat(textOf(inGroup(USER, "/subscribe 25:00"))).isEqualTo(texts.format("arg.time", "/subscribe", "25:00"));
        assertThat(adminChecks).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/random 5", "/today please", "/topics all", "/settings x", "/about ?"})
    void commandsWithoutArgumentSayTheyNeedNone(String text) {
        String command = text.substring(0, text.indexOf(' '));
        assertThat(textOf(privately(text))).isEqualTo(texts.format("arg.none", command, Html.escape(text.substring(text.indexOf(' ') + 1))))
                .contains("отправьте просто " + command);
    }

    @Test
    void plainTextIsASearchInPrivateAndSilenceInGroups() {
        assertThat(textOf(privately("  трансформеры  "))).isEqualTo(screens.search().searchPage(bot.snapshots().current(), "трансформеры", 0).html());
        assertThat(textOf(privately("квазар"))).contains("ничего не нашлось");
        assertThat(textOf(privately("/"))).as("a broken command is not a query").isEqualTo(texts.get("text.hint"));
        assertThat(inGroup(USER, "просто разговор")).isEmpty();
    }

    @Test
    void nonTextUserContentInPrivateGetsAHint() {
        Map<String, Object> photo = Map.of("message", Updates.messageWith(Updates.privateChat(USER), USER,
                Map.of("photo", List.of(Map.of("file_id", "f", "file_unique_id", "u", "width", 1, "height", 1)))));
        assertThat(textOf(route(photo))).isEqualTo(texts.get("text.hint"));
        Map<String, Object> sticker = Map.of("message", Updates.messageWith(Updates.privateChat(USER), USER,
                Map.of("sticker", Map.of("file_id", "s", "file_unique_id", "s", "type", "regular", "width", 1, "height", 1,
                        "is_animated", false, "is_video", false))));
        assertThat(textOf(route(sticker))).isEqualTo(texts.get("text.hint"));
    }

    @Test
    void aCaptionInAPrivateChatIsReadLikeAText() {
        Map<String, Object> photo = Map.of("message", Updates.messageWith(Updates.privateChat(USER), USER,
                Map.of("photo", List.of(Map.of("file_id", "f", "file_unique_id", "u", "width", 1, "height", 1)), "caption", "/start")));
        assertThat(textOf(route(photo))).startsWith("👋 Привет!");
    }

    @Test
    void aCaptionInAGroupIsIgnored() {
        Map<String, Object> photo = Map.of("message", Updates.messageWith(Updates.groupChat(GROUP), USER,
                Map.of("photo", List.of(Map.of("file_id", "f", "file_unique_id", "u", "width", 1, "height", 1)), "caption", "/start")));
        assertThat(route(photo)).isEmpty();
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
        UpdateRouter r = routerWith(new Commands(List.of(Command.named("broken").handle(broken))), callbacks);

        SendMessage m = onlySend(r.route(Updates.parse(Updates.privateText(USER, "/broken"))));
        assertThat(m.getChatId()).isEqualTo(String.valueOf(USER));
        assertThat(m.getText()).isEqualTo(texts.get("error.generic"));
        assertThat(onlySend(r.route(Updates.parse(Updates.groupText(GROUP, USER, "/broken")))).getChatId())
                .isEqualTo(String.valueOf(GROUP));
        verify(broken, org.mockito.Mockito.times(2)).handle(any());
    }

    @Test
    void aGroupsOnlyCommandInAPrivateChatSaysWhereItWorks() {
        CommandHandler handler = mock(CommandHandler.class);
        when(handler.handle(any())).thenReturn(List.of());
        UpdateRouter r = routerWith(new Commands(List.of(Command.named("vote").where(Command.Where.GROUPS).handle(handler))),
                callbacks);

        assertThat(textOf(r.route(Updates.parse(Updates.privateText(USER, "/vote")))))
                .isEqualTo(texts.format("access.groupsOnly", "/vote")).contains("только в группах");
        verifyNoInteractions(handler);
        r.route(Updates.parse(Updates.groupText(GROUP, USER, "/vote")));
        verify(handler).handle(any());
    }

    @Test
    void aThrowingCallbackHandlerBecomesAnApologeticAnswer() {
        CallbackHandler broken = mock(CallbackHandler.class);
        when(broken.handle(any(), any(CallbackQuery.class))).thenThrow(new IllegalArgumentException("boom"));
        UpdateRouter r = routerWith(bot.commands(), broken);

        List<BotApiMethod<?>> out = r.route(Updates.parse(Updates.callback("cbx", USER, Updates.privateChat(USER), 3, 1L, "today")));

        assertThat(out).hasSize(1);
        AnswerCallbackQuery a = (AnswerCallbackQuery) out.get(0);
        assertThat(a.getCallbackQueryId()).isEqualTo("cbx");
        assertThat(a.getText()).isEqualTo(texts.get("error.generic"));
    }

    private UpdateRouter routerWith(Commands commands, CallbackHandler callbackHandler) {
        return routerWith(commands, callbackHandler, FloodGuards.off());
    }

    private UpdateRouter routerWith(Commands commands, CallbackHandler callbackHandler, FloodGuards floods) {
        return new UpdateRouter(bot.snapshots(), new UpdateRouter.Routes(commands, callbackHandler,
                new InlineHandler(screens, bot.calendar(), NO_FLOOD_LIMIT), new SearchCommands(screens, SmallTalk.russian())::text), texts, BOT, id -> false,
                ChatAdmins.ANYONE, floods);
    }

    /** Replies that are a message of their own, as texts (answers to button presses left out). */
    private static List<String> texts(List<BotApiMethod<?>> out) {
        return out.stream().filter(m -> !(m instanceof AnswerCallbackQuery))
                .map(m -> m instanceof SendMessage s ? s.getText() : ((EditMessageText) m).getText()).toList();
    }

    @Test
    void thirtyMembersAskingAGroupWithinAMinuteGetTheGroupsTwentyAnswersThenOneWarningWhileAPrivateChatGoesOn() {
        AtomicLong now = new AtomicLong();
        AtomicInteger groupRejected = new AtomicInteger();
        UpdateRouter r = routerWith(bot.commands(), callbacks,
                FloodGuards.of(20, now::get, () -> { }, groupRejected::incrementAndGet, () -> { }));
        List<List<String>> answers = new ArrayList<>();
        for (int member = 0; member < 30; member++) {
            answers.add(texts(r.route(Updates.parse(Updates.groupText(GROUP, 5000 + member, "/today")))));
        }
        assertThat(answers.subList(0, FloodGuards.GROUP_PER_MINUTE)).allSatisfy(a -> assertThat(a).singleElement()
                .asString().contains("Статья дня"));
        assertThat(answers.get(20)).containsExactly(texts.get("flood.warning"));
        assertThat(answers.subList(21, 30)).allSatisfy(a -> assertThat(a).isEmpty());
        assertThat(groupRejected).hasValue(10);

        assertThat(texts(r.route(Updates.parse(Updates.privateText(USER, "/today"))))).singleElement()
                .asString().contains("Статья дня");
        now.addAndGet(java.time.Duration.ofSeconds(61).toNanos());
        assertThat(texts(r.route(Updates.parse(Updates.groupText(GROUP, 5000, "/today"))))).singleElement()
                .asString().contains("Статья дня");
    }

    @Test
    void pagingThroughAListWithButtonsHasThreeTimesTheCommandsAllowance() {
        AtomicLong now = new AtomicLong();
        UpdateRouter r = routerWith(bot.commands(), callbacks, FloodGuards.of(20, now::get, () -> { }, () -> { }, () -> { }));
        for (int press = 0; press < 20 * FloodGuards.BUTTONS_PER_COMMAND; press++) {
            List<BotApiMethod<?>> out = r.route(Updates.parse(Updates.callback(USER, 40, "l:" + (press % 3))));
            assertThat(out).as("press %d", press).hasSize(2);
            assertThat(((AnswerCallbackQuery) out.get(0)).getText()).as("press %d", press).isNull();
        }
        List<BotApiMethod<?>> over = r.route(Updates.parse(Updates.callback(USER, 40, "l:0")));
        assertThat(over).singleElement().isInstanceOfSatisfying(AnswerCallbackQuery.class,
                a -> assertThat(a.getText()).isEqualTo(texts.get("flood.warning")));
        assertThat(texts(r.route(Updates.parse(Updates.privateText(USER, "/today"))))).as("commands keep their own allowance")
                .singleElement().asString().contains("Статья дня");
    }
}
