package org.paperbot.bot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.daily.DailyScheduler;
import org.paperbot.render.Texts;
import org.paperbot.testing.TestPapers;
import org.paperbot.testing.TestRouter;

import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

/** The real command table: its declarations are complete and consistent with the texts bundle. */
class CommandsTest {
    private final Texts texts = Texts.russian();
    private final TestRouter bot = new TestRouter(TestPapers.realCatalog(), Replied.screens(3, new SplittableRandom(1)),
            "paperbot_test_bot", Clock.systemUTC(), id -> false, ChatAdmins.ANYONE, mock(DailyScheduler.class));

    @AfterEach
    void close() {
        bot.close();
    }

    @Test
    void everyCommandHasAMenuTextAndAHelpLineThatNamesIt() {
        List<Command<?>> all = bot.commands().visibleTo(true);
        assertThat(all).extracting(Command::name).containsExactly("start", "today", "list", "search", "paper", "random",
                "topics", "topic", "about", "help", "subscribe", "timezone", "settings", "history", "pause", "resume", "unsubscribe",
                "saved", "follow", "following", "unfollow", "reload", "push_today", "stats");
        for (Command<?> c : all) {
            assertThat(texts.get(c.menuKey()).length()).as(c.name()).isBetween(1, 256);
            if (!c.name().equals("start")) {
                assertThat(texts.get(c.helpKey())).as(c.name()).startsWith("/" + c.name() + " ");
            }
        }
    }

    @Test
    void botAdminCommandsAreTheOnlyOnesHiddenAndOnlyWorkInPrivate() {
        assertThat(bot.commands().visibleTo(false)).extracting(Command::name).doesNotContain("reload", "push_today", "stats");
        assertThat(bot.commands().visibleTo(true)).filteredOn(Command::forBotAdmins).extracting(Command::name)
                .containsExactly("reload", "push_today", "stats");
        assertThat(bot.commands().visibleTo(true)).filteredOn(Command::forBotAdmins)
                .allSatisfy(c -> assertThat(c.where()).isEqualTo(Command.Where.PRIVATE));
    }

    @Test
    void whoMayChangeASubscriptionDependsOnWhetherSomethingIsChanged() {
        Command<?> timezone = bot.commands().find("timezone").orElseThrow();
        @SuppressWarnings("unchecked")
        Command<java.util.Optional<java.time.ZoneId>> tz = (Command<java.util.Optional<java.time.ZoneId>>) timezone;
        assertThat(tz.who().apply(java.util.Optional.empty())).isEqualTo(Command.Who.EVERYONE);
        assertThat(tz.who().apply(java.util.Optional.of(java.time.ZoneId.of("UTC")))).isEqualTo(Command.Who.GROUP_ADMINS);
    }

    @Test
    void aCommandDeclaredTwiceIsRefused() {
        Command<Args.Nothing> a = Command.named("same").handle(r -> List.of());
        assertThatThrownBy(() -> new Commands(List.of(a, a))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/same");
    }

    @Test
    void aNameTelegramWouldRefuseIsRefusedAtDeclaration() {
        assertThatThrownBy(() -> Command.named("Push-Today").handle(r -> List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Telegram's rule");
    }

    @Test
    void botAdminAccessCannotHangOnTheArgument() {
        Command<String> sneaky = Command.named("sneaky", Args.text()).who(a -> Command.Who.BOT_ADMINS).handle(r -> List.of());
        assertThat(sneaky.forBotAdmins()).isFalse();
        assertThatThrownBy(() -> sneaky.who().apply("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BOT_ADMINS cannot depend on the argument");
    }
}
