package org.paperbot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.paperbot.testing.BotFixture;
import org.paperbot.testing.FakeBotApi.Answer;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.Updates;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Replies that Telegram refuses or loses: bounded retries, a plain fallback, and no chat holding up another. */
class SendFaultsTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    final BotFixture fixture = new BotFixture();
    final FakeBotApi api = fixture.api();

    @Test
    void serverErrorsAreRetriedABoundedNumberOfTimesWhileOtherChatsAreServed() {
        long failing = 31;
        long healthy = 32;
        api.override("sendMessage", c -> c.chatId() == failing ? Answer.error(500, "Internal Server Error") : null);
        api.push(Updates.privateText(failing, "/today"));
        api.await("sendMessage", c -> c.chatId() == failing, WAIT);
        api.push(Updates.privateText(healthy, "/today"));
        FakeBotApi.Call served = api.await("sendMessage", c -> c.chatId() == healthy, WAIT);

        // The failing chat is retried (4 attempts with backoff), then given up; later updates are handled.
        List<FakeBotApi.Call> attempts = api.awaitCount("sendMessage", 5, WAIT).stream()
                .filter(c -> c.chatId() == failing).toList();
        assertThat(served.atNanos()).as("the healthy chat did not wait for the failing one's retries")
                .isLessThan(attempts.get(attempts.size() - 1).atNanos());
        api.override("sendMessage", null);
        api.push(Updates.privateText(failing, "/help"));
        api.await("sendMessage", c -> c.chatId() == failing && c.text().contains("/paper"), WAIT);
        assertThat(api.calls("sendMessage").stream().filter(c -> c.chatId() == failing && c.text().contains("Статья дня")))
                .hasSize(4);
    }

    @Test
    void droppedConnectionsAreRetried() {
        long chat = 33;
        int[] drops = {2};
        api.override("sendMessage", c -> c.chatId() == chat && drops[0]-- > 0 ? Answer.DROP : null);
        api.push(Updates.privateText(chat, "/paper 1"));
        api.await("sendMessage", c -> c.chatId() == chat, WAIT);
        assertThat(api.awaitCount("sendMessage", 3, WAIT)).allMatch(c -> c.text().contains("DreamLLM"));
    }

    @Test
    void badRequestForHtmlFallsBackToPlainText() {
        long chat = 34;
        api.override("sendMessage", c -> c.body().has("parse_mode")
                ? Answer.error(400, "Bad Request: can't parse entities: Unsupported start tag \"foo\" at byte offset 3")
                : null);
        api.push(Updates.privateText(chat, "/paper 4"));
        FakeBotApi.Call plain = api.await("sendMessage", c -> c.chatId() == chat && !c.body().has("parse_mode"), WAIT);
        assertThat(plain.text()).contains("Safe RLHF", "Главное").doesNotContain("<b>", "&lt;");
        assertThat(plain.text().length()).isLessThanOrEqualTo(4096);
    }

    @Test
    void migratedGroupGetsTheReplyAtItsNewId() {
        long oldGroup = -4001;
        long supergroup = -1004001;
        api.override("sendMessage", c -> c.chatId() == oldGroup ? Answer.migrated(supergroup) : null);
        api.push(Updates.groupText(oldGroup, 5, "/about"));
        FakeBotApi.Call moved = api.await("sendMessage", c -> c.chatId() == supergroup, WAIT);
        assertThat(moved.text()).contains("ICLR 2024 в цифрах");
    }
}
