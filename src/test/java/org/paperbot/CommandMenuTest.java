package org.paperbot;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.RunningBot;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Telegram's command menus, as the running bot publishes them from its command table. */
class CommandMenuTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private static List<String> names(FakeBotApi.Call call) {
        return StreamSupport.stream(call.body().path("commands").spliterator(), false)
                .map(c -> c.path("command").asText()).toList();
    }

    @Test
    void everyoneGetsTheCommandsAndEachBotAdminsChatTheAdminCommandsAsWell() {
        try (FakeBotApi api = FakeBotApi.start()) {
            Map<String, String> env = RunningBot.env(api, dataDir);
            env.put("PAPERBOT_ADMIN_IDS", "7,8");
            try (RunningBot bot = RunningBot.start(env, Clock.systemUTC())) {
                FakeBotApi.Call everyone = api.await("setMyCommands", c -> c.body().path("scope").isMissingNode(), WAIT);
                FakeBotApi.Call seven = api.await("setMyCommands", c -> c.body().path("scope").path("chat_id").asText().equals("7"), WAIT);
                FakeBotApi.Call eight = api.await("setMyCommands", c -> c.body().path("scope").path("chat_id").asText().equals("8"), WAIT);

                assertThat(names(everyone)).contains("start", "today", "list", "timezone", "help")
                        .doesNotContain("reload", "push_today", "stats");
                JsonNode scope = seven.body().path("scope");
                assertThat(scope.path("type").asText()).isEqualTo("chat");
                assertThat(names(seven)).containsAll(names(everyone)).contains("reload", "push_today", "stats");
                assertThat(names(eight)).isEqualTo(names(seven));
            }
        }
    }
}
