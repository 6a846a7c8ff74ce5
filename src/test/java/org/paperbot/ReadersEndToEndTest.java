package org.paperbot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.testing.BotApiLimits;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.RunningBot;
import org.paperbot.testing.Updates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Saved papers, votes, notes and follows over the fake Bot API, with the real bot on a real SQLite file: buttons
 * pressed as Telegram sends them, and the bot restarted on the same data directory in between.
 */
class ReadersEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final long ADMIN = 1;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GFLOWNET = "ylhiMfpqkm"; // paper 8, by Ling Pan, …, Yoshua Bengio
    static final String NEWS = "Новое в каталоге для вас";

    @TempDir
    Path dir;

    private RunningBot start(FakeBotApi api, Path catalog) {
        Map<String, String> env = RunningBot.env(api, dir.resolve("data"));
        env.put("PAPERBOT_CATALOG", catalog.toString());
        env.put("PAPERBOT_ADMIN_IDS", String.valueOf(ADMIN));
        env.put("PAPERBOT_CATALOG_WATCH", "false");
        return RunningBot.start(env, Clock.systemUTC());
    }

    private static List<FakeBotApi.Call> sentTo(FakeBotApi api, long chat) {
        return api.calls("sendMessage").stream().filter(c -> c.chatId() == chat).toList();
    }

    /** Sends a message and returns the bot's next message in that chat. */
    private static FakeBotApi.Call ask(FakeBotApi api, long chat, String text) {
        int before = sentTo(api, chat).size();
        api.push(chat > 0 ? Updates.privateText(chat, text) : Updates.groupText(chat, ADMIN, text));
        api.await("sendMessage", c -> sentTo(api, chat).size() > before, WAIT);
        return sentTo(api, chat).get(before);
    }

    /** Presses {@code data} under message 1 of the user's private chat, whose keyboard is {@code keyboard} (may be null). */
    @SuppressWarnings("unchecked")
    private static void press(FakeBotApi api, long user, String data, JsonNode keyboard) {
        Map<String, Object> update = Updates.callback(user, 1, data);
        if (keyboard != null) {
            Map<String, Object> message = (Map<String, Object>) ((Map<String, Object>) update.get("callback_query")).get("message");
            message.put("reply_markup", JSON.convertValue(keyboard, LinkedHashMap.class));
        }
        api.push(update);
    }

    /** The answer to the next press whose toast matches. */
    private static FakeBotApi.Call toast(FakeBotApi api, Predicate<String> text) {
        return api.await("answerCallbackQuery", c -> text.test(c.body().path("text").asText("")), WAIT);
    }

    private static List<String> labels(JsonNode keyboard) {
        List<String> out = new ArrayList<>();
        keyboard.path("inline_keyboard").forEach(row -> row.forEach(b -> out.add(b.path("text").asText())));
        return out;
    }

    private static List<String> callbacks(JsonNode keyboard) {
        List<String> out = new ArrayList<>();
        keyboard.path("inline_keyboard").forEach(row -> row.forEach(b -> {
            if (b.hasNonNull("callback_data")) {
                out.add(b.path("callback_data").asText());
            }
        }));
        return out;
    }

    private Path catalogCopy() throws Exception {
        Path catalog = dir.resolve("papers.json");
        Files.copy(Path.of("config/papers.json"), catalog);
        return catalog;
    }

    @Test
    void theStarSavesAPaperForThePresserAndTheListSurvivesARestart() throws Exception {
        Path catalog = catalogCopy();
        long user = 501;
        try (FakeBotApi api = FakeBotApi.start()) {
            try (RunningBot bot = start(api, catalog)) {
                FakeBotApi.Call card = ask(api, user, "/paper 8");
                JsonNode keyboard = card.body().path("reply_markup");
                assertThat(labels(keyboard)).contains("☆ Сохранить", "👍", "👎", "✏️ Ошибка в пересказе");
                assertThat(ask(api, user, "/saved").text()).contains("нет сохранённых");

                press(api, user, "sv:" + GFLOWNET, keyboard);
                toast(api, "Сохранил"::equals);
                FakeBotApi.Call edit = api.await("editMessageReplyMarkup", c -> c.chatId() == user, WAIT);
                assertThat(labels(edit.body().path("reply_markup"))).as("the label shows the state after the press")
                        .contains("⭐ Сохранено").doesNotContain("☆ Сохранить")
                        .contains("📄 PDF", "✏️ Ошибка в пересказе", "◀️", "▶️"); // the rest of the keyboard kept
            }
            try (RunningBot bot = start(api, catalog)) {
                FakeBotApi.Call saved = ask(api, user, "/saved");
                assertThat(saved.text()).contains("Сохранённые", "Pre-Training and Fine-Tuning Generative Flow Networks");
                assertThat(callbacks(saved.body().path("reply_markup"))).containsExactly("o:" + GFLOWNET, "svr:0:" + GFLOWNET);
                assertThat(labels(ask(api, user, "/paper 8").body().path("reply_markup")))
                        .as("a card sent to the reader shows their mark").contains("⭐ Сохранено");
                assertThat(labels(ask(api, 502, "/paper 8").body().path("reply_markup")))
                        .as("another reader's card does not").contains("☆ Сохранить");

                press(api, user, "svr:0:" + GFLOWNET, saved.body().path("reply_markup"));
                toast(api, "Убрал из сохранённых"::equals);
                FakeBotApi.Call emptied = api.await("editMessageText", c -> c.chatId() == user, WAIT);
                assertThat(emptied.text()).contains("нет сохранённых");
                assertThat(ask(api, user, "/saved").text()).contains("нет сохранённых");
            }
            assertThat(BotApiLimits.checkAll(api.calls())).isEmpty();
        }
    }

    @Test
    void votesAreOnePerReaderChangeableAndTotalledInStats() throws Exception {
        Path catalog = catalogCopy();
        try (FakeBotApi api = FakeBotApi.start()) {
            try (RunningBot bot = start(api, catalog)) {
                press(api, 601, "vu:" + GFLOWNET, null);
                toast(api, "Спасибо! Учёл 👍"::equals);
                press(api, 601, "vd:" + GFLOWNET, null);
                toast(api, "Спасибо! Учёл 👎"::equals);
                press(api, 602, "vu:" + GFLOWNET, null);
                api.awaitCount("answerCallbackQuery", 3, WAIT);
                press(api, 603, "vu:MrR3rMxqqv", null);
                api.awaitCount("answerCallbackQuery", 4, WAIT);
                press(api, 603, "vu:MrR3rMxqqv", null);
                toast(api, "Убрал вашу оценку"::equals);
            }
            try (RunningBot bot = start(api, catalog)) {
                String stats = ask(api, ADMIN, "/stats").text();
                assertThat(stats).contains("👍 — 1, 👎 — 1, оценивали — 2", "<code>" + GFLOWNET + "</code> Pre-Training and Fine-Tuning Generative…: 👍 1 · 👎 1")
                        .doesNotContain("MrR3rMxqqv");
            }
        }
    }

    @Test
    void aNoteReachesTheAdminsWithThePaperIdEvenAfterARestart() throws Exception {
        Path catalog = catalogCopy();
        long user = 701;
        try (FakeBotApi api = FakeBotApi.start()) {
            try (RunningBot bot = start(api, catalog)) {
                press(api, user, "nt:" + GFLOWNET, null);
                FakeBotApi.Call prompt = api.await("sendMessage", c -> c.chatId() == user, WAIT);
                assertThat(prompt.text()).contains("Pre-Training and Fine-Tuning", "до 1000 знаков");
                assertThat(callbacks(prompt.body().path("reply_markup"))).containsExactly("notecancel");
            }
            try (RunningBot bot = start(api, catalog)) {
                // The press may be handled again after the restart (its update was not yet marked handled when
                // the bot stopped): that repeats the prompt, ahead of what follows in this chat.
                api.push(Updates.privateText(user, "ж".repeat(1001)));
                api.await("sendMessage", c -> c.chatId() == user && c.text().contains("Слишком длинно: 1001"), WAIT);
                assertThat(ask(api, user, "В третьем пункте перепутаны цифры").text()).isEqualTo("Спасибо! Передал вашу заметку.");
                FakeBotApi.Call forAdmin = api.await("sendMessage", c -> c.chatId() == ADMIN, WAIT);
                assertThat(forAdmin.text()).contains(GFLOWNET, "Pre-Training and Fine-Tuning", "От пользователя " + user,
                        "В третьем пункте перепутаны цифры");
                assertThat(ask(api, user, "альпака").text()).as("the next message is searched again")
                        .doesNotContain("Спасибо! Передал");

                press(api, user, "nt:" + GFLOWNET, null);
                api.await("sendMessage", c -> c.chatId() == user && c.text().startsWith("✏️ Что не так")
                        && c.atNanos() > forAdmin.atNanos(), WAIT);
                press(api, user, "notecancel", null);
                FakeBotApi.Call cancelled = api.await("editMessageText", c -> c.chatId() == user, WAIT);
                assertThat(cancelled.text()).isEqualTo("Хорошо, ничего не передаю.");
                assertThat(ask(api, user, "Ещё одно замечание").text()).doesNotContain("Спасибо! Передал");
            }
            assertThat(api.calls("sendMessage").stream().filter(c -> c.chatId() == ADMIN)).hasSize(1);
        }
    }

    @Test
    void followersAreToldOnceAboutNewPapersWhateverReloadsAndRestartsFollow() throws Exception {
        Path catalog = dir.resolve("papers.json");
        ObjectNode full = (ObjectNode) JSON.readTree(Path.of("config/papers.json").toFile());
        ObjectNode without = full.deepCopy();
        ((ArrayNode) without.get("papers")).remove(7);
        Files.writeString(catalog, JSON.writeValueAsString(without));
        long bengio = 801;
        long safety = 802;
        long gflownet = 803;
        long group = -100_900;
        try (FakeBotApi api = FakeBotApi.start()) {
            api.memberStatus(group, ADMIN, "administrator");
            try (RunningBot bot = start(api, catalog)) {
                assertThat(ask(api, bengio, "/follow Bengio").text()).contains("Слежу", "Bengio");
                assertThat(ask(api, safety, "/follow безопасность").text()).contains("Слежу за темой #безопасность");
                assertThat(ask(api, gflownet, "/follow #GFlowNet").text()).contains("Слежу за темой #GFlowNet");
                assertThat(ask(api, group, "/follow #генерация").text()).contains("Слежу за темой #генерация");

                Files.writeString(catalog, JSON.writeValueAsString(full));
                assertThat(ask(api, ADMIN, "/reload").text()).contains("Каталог перечитан: 8 статей");
                for (long chat : List.of(bengio, gflownet, group)) {
                    FakeBotApi.Call news = api.await("sendMessage", c -> c.chatId() == chat && c.text().contains(NEWS), WAIT);
                    assertThat(news.text()).contains("Pre-Training and Fine-Tuning Generative Flow Networks")
                            .doesNotContain("DreamLLM"); // also #генерация, but not new
                    assertThat(callbacks(news.body().path("reply_markup"))).containsExactly("o:" + GFLOWNET);
                }
            }
            // After a restart, with one more paper: only that one is announced, to whom it concerns.
            ObjectNode more = full.deepCopy();
            ObjectNode added = ((ObjectNode) more.get("papers").get(7)).deepCopy();
            added.put("id", "NewSafety1");
            added.remove("arxivId");
            ((ObjectNode) added.get("links")).remove("arxiv");
            ((ObjectNode) added.get("links")).put("openreview", "https://openreview.net/forum?id=NewSafety1");
            added.put("title", "Safe exploration for GFlowNet samplers");
            added.set("topics", JSON.valueToTree(List.of("безопасность")));
            ((ArrayNode) more.get("papers")).add(added);
            try (RunningBot bot = start(api, catalog)) {
                Files.writeString(catalog, JSON.writeValueAsString(more));
                assertThat(ask(api, ADMIN, "/reload").text()).contains("Каталог перечитан: 9 статей");
                for (long chat : List.of(bengio, safety)) {
                    FakeBotApi.Call news = api.await("sendMessage", c -> c.chatId() == chat && c.text().contains("Safe exploration"), WAIT);
                    assertThat(news.text()).contains(NEWS).doesNotContain("Pre-Training and Fine-Tuning");
                }
                // A repeat would have been queued in each chat before this reply.
                for (long chat : List.of(bengio, safety, gflownet, group)) {
                    ask(api, chat, "/following");
                }
            }
            assertThat(countNews(api, bengio)).isEqualTo(2);
            assertThat(countNews(api, safety)).isEqualTo(1);
            assertThat(countNews(api, gflownet)).isEqualTo(1);
            assertThat(countNews(api, group)).isEqualTo(1);
        }
    }

    private static long countNews(FakeBotApi api, long chat) {
        return sentTo(api, chat).stream().filter(c -> c.text().contains(NEWS)).count();
    }
}
