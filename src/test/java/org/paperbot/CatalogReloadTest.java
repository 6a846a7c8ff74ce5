package org.paperbot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.RunningBot;
import org.paperbot.testing.Updates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog is replaced while the bot runs: by the file watcher and by the admin's /reload. */
class CatalogReloadTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final long ADMIN = 1;
    static final ObjectMapper JSON = new ObjectMapper();
    final AtomicLong chats = new AtomicLong(100);

    @TempDir
    Path dir;

    /** Sends a message and returns the bot's next reply in that chat. */
    private FakeBotApi.Call ask(FakeBotApi api, long user, String text) {
        int before = repliesTo(api, user).size();
        api.push(Updates.privateText(user, text));
        api.await("sendMessage", c -> repliesTo(api, user).size() > before, WAIT);
        return repliesTo(api, user).get(before);
    }

    private static java.util.List<FakeBotApi.Call> repliesTo(FakeBotApi api, long user) {
        return api.calls("sendMessage").stream().filter(c -> c.chatId() == user).toList();
    }

    /** Writes like a deploy tool: a temporary file renamed over the catalog. */
    private void replace(Path catalog, String content) throws Exception {
        Path tmp = dir.resolve("papers.json.tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, catalog, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void validFilesReplaceTheCatalogAndInvalidOnesAreRejected() throws Exception {
        Path catalog = dir.resolve("papers.json");
        Files.copy(Path.of("config/papers.json"), catalog);
        ObjectNode doc = (ObjectNode) JSON.readTree(catalog.toFile());
        try (FakeBotApi api = FakeBotApi.start()) {
            Map<String, String> env = RunningBot.env(api, dir.resolve("data"));
            env.put("PAPERBOT_CATALOG", catalog.toString());
            env.put("PAPERBOT_ADMIN_IDS", String.valueOf(ADMIN));
            try (RunningBot bot = RunningBot.start(env, Clock.systemUTC())) {
                // A user holds a card of paper 8 with a ◀️ button pointing at paper 7.
                assertThat(ask(api, 10, "/paper 8").text()).contains("Generative Flow Networks");

                // The watcher picks up a valid new file: first paper retitled, last paper removed.
                ArrayNode papers = (ArrayNode) doc.get("papers");
                ((ObjectNode) papers.get(0)).put("title", "DreamLLM (обновлено)");
                papers.remove(7);
                replace(catalog, JSON.writeValueAsString(doc));
                long deadline = System.nanoTime() + WAIT.toNanos();
                String seen;
                do {
                    seen = ask(api, chats.incrementAndGet(), "/paper 1").text();
                } while (!seen.contains("обновлено") && System.nanoTime() < deadline);
                assertThat(seen).contains("DreamLLM (обновлено)");
                assertThat(ask(api, 11, "/list").text()).contains("7 статей");

                // A button of the old catalog for the removed paper gets a polite answer.
                api.push(Updates.callback(10, 99, "c:ylhiMfpqkm"));
                api.await("answerCallbackQuery", c -> c.body().path("text").asText("").contains("больше нет в каталоге"), WAIT);

                // An invalid file is rejected; the previous catalog keeps serving.
                replace(catalog, "{\"papers\": [ {\"id\": \"broken\"} ]}");
                FakeBotApi.Call reload = ask(api, ADMIN, "/reload");
                assertThat(reload.text()).contains("не принят", "7 статей", "paper #1 (broken)", "title: missing");
                assertThat(ask(api, 12, "/paper 1").text()).contains("DreamLLM (обновлено)");

                // Not an admin: /reload does not exist.
                assertThat(ask(api, 13, "/reload").text()).contains("Такой команды я не знаю");

                // Fixed file via /reload.
                Files.copy(Path.of("config/papers.json"), catalog, StandardCopyOption.REPLACE_EXISTING);
                assertThat(ask(api, ADMIN, "/reload").text()).contains("Каталог перечитан", "8 статей");
            }
        }
    }
}
