package org.paperbot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.paperbot.testing.BotFixture;
import org.paperbot.testing.Eventually;
import org.paperbot.testing.FakeBotApi.Answer;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.Updates;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * getUpdates failing in every way Telegram (or the network) can: polling must resume with backoff, and every
 * update must be handled exactly once — none skipped, none twice.
 */
class PollingFaultsTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final BotFixture fixture = new BotFixture();
    final FakeBotApi api = fixture.api();

    /** Fails the next {@code times} getUpdates calls with {@code fault}, sending 3 updates meanwhile. */
    private void survives(Supplier<Answer> fault, int times) {
        AtomicInteger left = new AtomicInteger(times);
        api.override("getUpdates", c -> left.getAndDecrement() > 0 ? fault.get() : null);
        // The long poll open before the override is answered normally; queue updates once faults are flowing.
        Eventually.until("the first fault", WAIT, () -> left.get() < times);
        List<Integer> ids = new ArrayList<>();
        long chat = 900 + System.nanoTime() % 1000;
        for (int n = 1; n <= 3; n++) {
            ids.add(api.push(Updates.privateText(chat, "/paper " + n)));
        }
        List<FakeBotApi.Call> replies = fixture.repliesTo(chat, 3, WAIT);
        Eventually.until("every fault", WAIT, () -> left.get() <= 0);
        // Give a duplicate the chance to show up: one more round trip through polling.
        int probe = api.push(Updates.privateText(chat + 1, "/help"));
        api.await("sendMessage", c -> c.chatId() == chat + 1, WAIT);
        Map<Long, Long> perChat = api.calls("sendMessage").stream()
                .collect(Collectors.groupingBy(FakeBotApi.Call::chatId, Collectors.counting()));
        assertThat(perChat.get(chat)).as("each update answered exactly once").isEqualTo(3);
        assertThat(replies).extracting(c -> c.text().substring(0, 24)).as("answered in the order sent")
                .containsExactlyElementsOf(BotFixture.cardStarts().subList(0, 3));
        assertThat(api.confirmedOffset()).isGreaterThanOrEqualTo(ids.get(2) + 1).isLessThanOrEqualTo(probe + 1);
    }

    @Test
    void serverErrors() {
        survives(() -> Answer.error(502, "Bad Gateway"), 3);
    }

    @Test
    void tooManyRequestsWithRetryAfter() {
        survives(() -> Answer.tooManyRequests(1), 2);
    }

    @Test
    void malformedJson() {
        survives(() -> Answer.raw(200, "{\"ok\":true,\"result\":[{\"update_id\":"), 2);
    }

    @Test
    void htmlInsteadOfJson() {
        survives(() -> Answer.raw(200, "<html><body>nginx</body></html>"), 1);
    }

    @Test
    void droppedConnection() {
        survives(() -> Answer.DROP, 3);
    }

    @Test
    void thirtySecondStall() {
        // The polling client's read timeout (poll timeout + 10 s) cuts the stall short; then polling resumes.
        survives(() -> Answer.ok(List.of()).after(Duration.ofSeconds(30)), 1);
    }
}
