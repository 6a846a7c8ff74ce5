package org.paperbot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.Updates;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar as a user runs it: console, configuration errors, SIGTERM, and what it logs. */
class JarProcessIT {
    static final Path JAR = Path.of("target", "paperbot.jar");
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    record Result(int exitCode, String stdout, String stderr) {
    }

    private ProcessBuilder java(Map<String, String> env, String... args) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(javaBin, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("TELEGRAM_") || k.startsWith("PAPERBOT_"));
        pb.environment().putAll(env);
        pb.environment().put("PAPERBOT_DATA_DIR", tmp.resolve("data").toString());
        return pb;
    }

    private Result run(Map<String, String> env, String stdin, String... args) throws Exception {
        Process p = java(env, args).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("process finished").isTrue();
        return new Result(p.exitValue(), read(p.getInputStream()), read(p.getErrorStream()));
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void consoleAnswersCommandsWithoutTokenOrNetwork() throws Exception {
        Result r = run(Map.of(), "/paper 1\n6\n/today\n", "console"); // 6: ▶️, after ☆ 👍 👎, ◀️ and "1 / 8"
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("DreamLLM: Synergistic Multimodal Comprehension and Creation",
                "[📄 PDF → https://openreview.net/pdf?id=y01KGvd9Bw]", "┃ Подробнее", "[4] ◀️", "Memorization Capacity", "Статья дня");
        assertThat(r.stdout()).doesNotContain("<b>", "<blockquote", "&amp;");
    }

    @Test
    void missingTokenEndsWithOneClearLine() throws Exception {
        Result r = run(Map.of(), "");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip()).startsWith("paperbot: TELEGRAM_BOT_TOKEN is not set").contains("@BotFather", "console");
        assertThat(r.stderr()).doesNotContain("\tat ", "Exception");
    }

    @Test
    void malformedYamlNamesFileAndLine() throws Exception {
        Path yaml = tmp.resolve("bad.yaml");
        Files.writeString(yaml, "telegram:\n  api-url: https://api.telegram.org\n   poll-timeout: [oops\n");
        Result r = run(Map.of("PAPERBOT_CONFIG", yaml.toString(), "TELEGRAM_BOT_TOKEN", FakeBotApi.TOKEN), "");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().strip()).startsWith("paperbot: " + yaml + ":").contains("malformed YAML");
        assertThat(r.stderr().lines().count()).isEqualTo(1);
    }

    @Test
    void unknownKeyAndBadUrlNameTheKey() throws Exception {
        Path yaml = tmp.resolve("typo.yaml");
        Files.writeString(yaml, "bot:\n  zone: Europe/Moscow\n  list-page-sise: 5\n");
        Result typo = run(Map.of("PAPERBOT_CONFIG", yaml.toString()), "", "console");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.stderr()).contains(yaml + ":3: unknown setting 'bot.list-page-sise'", "bot.list-page-size");

        Result url = run(Map.of("TELEGRAM_API_URL", "ftp://example.org", "TELEGRAM_BOT_TOKEN", FakeBotApi.TOKEN), "");
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(url.stderr()).contains("environment variable TELEGRAM_API_URL: telegram.api-url");
    }

    @Test
    void brokenCatalogNamesPaperAndField() throws Exception {
        Path catalog = tmp.resolve("papers.json");
        Files.writeString(catalog, Files.readString(Path.of("config/papers.json")).replaceFirst("\"track\": \"Spotlight\"", "\"track\": 5"));
        Result r = run(Map.of("PAPERBOT_CATALOG", catalog.toString()), "", "console");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains(catalog.toString(), "paper #1 (y01KGvd9Bw): track: must be text");
    }

    @Test
    void sigtermFinishesRepliesAndExitsZeroWithinTenSeconds() throws Exception {
        try (FakeBotApi api = FakeBotApi.start()) {
            api.latency(Duration.ofMillis(300)); // the reply is in flight when SIGTERM arrives
            Process p = java(Map.of("TELEGRAM_BOT_TOKEN", FakeBotApi.TOKEN, "TELEGRAM_API_URL", api.url(),
                    "TELEGRAM_POLL_TIMEOUT", "30")).redirectErrorStream(true).redirectOutput(tmp.resolve("out.log").toFile()).start();
            api.await("getUpdates", c -> true, WAIT);
            api.push(Updates.privateText(42, "/paper 2"));
            api.await("sendMessage", c -> c.chatId() == 42, WAIT); // received by the fake, answer still delayed
            long signalled = System.nanoTime();
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exited within 10 s").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(10));
            assertThat(p.exitValue()).isZero();
            String log = Files.readString(tmp.resolve("out.log"));
            assertThat(log).contains("Stopped").doesNotContain(FakeBotApi.TOKEN)
                    .as("the reply in flight was finished").doesNotContain("left unfinished", "given up");
        }
    }

    @Test
    void tokenNeverAppearsInLogsEvenWhenTelegramFails() throws Exception {
        try (FakeBotApi api = FakeBotApi.start()) {
            // getUpdates fails every way it can; sends fail too. Libraries log URLs in such errors.
            int[] n = {0};
            api.override("getUpdates", c -> switch (n[0]++ % 4) {
                case 0 -> FakeBotApi.Answer.raw(502, "<html>Bad Gateway</html>");
                case 1 -> FakeBotApi.Answer.DROP;
                case 2 -> FakeBotApi.Answer.raw(200, "{not json");
                default -> null;
            });
            api.override("sendMessage", c -> FakeBotApi.Answer.error(500, "Internal Server Error"));
            File out = tmp.resolve("debug.log").toFile();
            Process p = java(Map.of("TELEGRAM_BOT_TOKEN", FakeBotApi.TOKEN, "TELEGRAM_API_URL", api.url(),
                    "TELEGRAM_POLL_TIMEOUT", "1", "PAPERBOT_LOG_LEVEL", "trace"))
                    .redirectErrorStream(true).redirectOutput(out).start();
            api.push(Updates.privateText(7, "/today"));
            api.awaitCount("sendMessage", 2, WAIT); // retried at least once
            api.awaitCount("getUpdates", 6, WAIT);
            p.destroy();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(out.toPath());
            assertThat(log).as("trace log covers the failures").contains("GetUpdates Request", "Getting updates", "failed");
            assertThat(log).doesNotContain(FakeBotApi.TOKEN).doesNotContain(FakeBotApi.TOKEN.split(":")[1]);
        }
    }

    @Test
    void anotherProgramsDatabaseInTheDataDirectoryEndsTheStartWithExitCode4AndIsLeftUntouched() throws Exception {
        Path file = tmp.resolve("data").resolve("paperbot.db");
        Files.createDirectories(file.getParent());
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
            s.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)");
        }
        byte[] before = Files.readAllBytes(file);
        try (FakeBotApi api = FakeBotApi.start()) {
            Result r = run(Map.of("TELEGRAM_BOT_TOKEN", FakeBotApi.TOKEN, "TELEGRAM_API_URL", api.url()), "");
            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.stderr().lines().filter(line -> line.startsWith("paperbot: ")))
                    .singleElement().asString()
                    .startsWith("paperbot: refusing database " + file.toAbsolutePath())
                    .contains("photos", "not a PaperBot database", "untouched");
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }
}
