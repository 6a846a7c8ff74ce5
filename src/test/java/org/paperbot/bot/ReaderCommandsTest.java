package org.paperbot.bot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.catalog.Catalog;
import org.paperbot.testing.TestPapers;
import org.paperbot.testing.TestRouter;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** /follow, /following, /unfollow and /saved through the real router and command table. */
class ReaderCommandsTest {
    static final long USER = 42;
    static final long GROUP = -100555;
    final Catalog catalog = TestPapers.realCatalog();
    final Screens screens = Replied.screens(3, new SplittableRandom(1));
    ChatAdmins.Verdict verdict = ChatAdmins.Verdict.DENIED;
    final TestRouter bot = new TestRouter(catalog, screens, "paperbot_test_bot", Clock.systemUTC(), id -> false,
            (chat, user) -> verdict, null);

    @AfterEach
    void close() {
        bot.close();
    }

    private SendMessage inPrivate(String text) {
        return Replied.onlySend(bot.router().route(Updates.parse(Updates.privateText(USER, text))));
    }

    private SendMessage inGroup(String text) {
        List<BotApiMethod<?>> replies = bot.router().route(Updates.parse(Updates.groupText(GROUP, USER, text)));
        return Replied.onlySend(replies);
    }

    @Test
    void aChatFollowsAtMostTwentyThingsAndIsToldSo() {
        for (int i = 1; i <= ReaderCommands.MAX_FOLLOWS; i++) {
            assertThat(inPrivate("/follow #тема" + i).getText()).startsWith("Слежу за темой #тема" + i);
        }
        assertThat(inPrivate("/follow Bengio").getText())
                .isEqualTo("Следить можно не больше чем за 20 темами, авторами и словами. Уберите лишнее: /unfollow.");
        assertThat(inPrivate("/unfollow тема3").getText()).isEqualTo("Больше не слежу за «#тема3».");
        assertThat(inPrivate("/follow Bengio").getText()).startsWith("Слежу за автором «Bengio»");
    }

    @Test
    void followingListsWithButtonsThatUnfollow() {
        inPrivate("/follow #LLM");
        inPrivate("/follow Bengio");
        assertThat(inPrivate("/follow bengio").getText()).isEqualTo("Я уже слежу за «bengio». Список — /following.");
        SendMessage list = inPrivate("/following");
        assertThat(list.getText()).contains("Вы следите</b> · 2 из 20", "· тема: #LLM", "· автор: Bengio");
        assertThat(Replied.callbackData(list.getReplyMarkup())).containsExactly("uf:tllm", "uf:abengio");
        assertThat(inPrivate("/unfollow Hinton").getText()).isEqualTo("За «Hinton» вы не следите. Список — /following.");
    }

    @Test
    void badFollowsAreExplained() {
        assertThat(inPrivate("/follow").getText()).startsWith("За чем следить? Например: /follow #LLM");
        assertThat(inPrivate("/follow " + "x".repeat(29)).getText()).startsWith("Слишком длинно: не больше 28 знаков");
        assertThat(inPrivate("/follow ?!").getText()).startsWith("За «?!» следить не получится");
        assertThat(inPrivate("/following").getText()).startsWith("Вы пока ни за чем не следите");
    }

    @Test
    void inAGroupOnlyAdminsChangeFollowsAndTheListHasNoButtons() {
        assertThat(inGroup("/follow #LLM").getText()).contains("администратор");
        verdict = ChatAdmins.Verdict.ALLOWED;
        assertThat(inGroup("/follow #LLM").getText()).startsWith("Слежу за темой #LLM");
        verdict = ChatAdmins.Verdict.DENIED;
        SendMessage list = inGroup("/following");
        assertThat(list.getText()).contains("#LLM");
        assertThat(list.getReplyMarkup()).isNull();
        assertThat(inGroup("/saved").getText()).as("saved papers are personal").contains("только в личном чате");
    }
}
