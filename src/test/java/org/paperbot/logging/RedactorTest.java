package org.paperbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.config.BotToken;
import org.paperbot.testing.FakeBotApi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {
    static final String TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    static final String SECRET_HALF = TOKEN.substring(TOKEN.indexOf(':') + 1);
    static final String URL = "https://api.telegram.org/bot" + TOKEN + "/sendMessage";
    /** As short as the token check allows: one digit, ten characters. */
    static final String SHORT = "7:abcdefghij";
    static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    private final LoggerContext context = new LoggerContext();
    private final Redactor shapes = Redactor.shapesOnly();

    private LoggingEvent event(String message, Throwable error, Object... args) {
        LoggingEvent e = new LoggingEvent("test", context.getLogger("org.paperbot.Test"), Level.ERROR, message, error, args);
        e.setThreadName("update-1");
        return e;
    }

    @Test
    void aTokenInsideAUrlIsMasked() {
        assertThat(shapes.redact("POST " + URL + " failed"))
                .isEqualTo("POST https://api.telegram.org/bot<token>/sendMessage failed");
    }

    @Test
    void everyTokenInTheTextIsMasked() {
        String other = "987654321:ZZZ-abcdefghijklmnopqrstuvwxyz_012345";
        assertThat(shapes.redact(TOKEN + " and " + other + " and " + FakeBotApi.TOKEN + " and " + SHORT))
                .isEqualTo("<token> and <token> and <token> and <token>");
    }

    @Test
    void aTokenInJsonTextIsMasked() {
        assertThat(shapes.redact("{\"url\":\"" + URL + "\",\"token\":\"" + TOKEN + "\"}"))
                .isEqualTo("{\"url\":\"https://api.telegram.org/bot<token>/sendMessage\",\"token\":\"<token>\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"at 12:30 the bot started", "2026-11-27T21:30:00Z", "update 123456:handled in 5 ms",
            "chat -1001234567890 migrated to -1009876543210", "ratio 3:1", "12345:abcdefghi", "ids 1:2:3:4:5",
            "sendMessage to chat 4242: FORBIDDEN 403 (Forbidden: bot was blocked by the user)", "no colon here", ""})
    void ordinaryTextIsUntouched(String text) {
        assertThat(shapes.redact(text)).isEqualTo(text);
        assertThat(shapes.withSecret(TOKEN).redact(text)).isEqualTo(text);
    }

    @Test
    void nullStaysNull() {
        assertThat(shapes.redact(null)).isNull();
        assertThat(shapes.withSecret(TOKEN).redact(null)).isNull();
    }

    @Test
    void everyTokenTheConfigurationAcceptsIsMaskedWhole() {
        List<String> tokens = new ArrayList<>(List.of(SHORT, "1:" + "-".repeat(10), "9".repeat(20) + ":" + "Z".repeat(100),
                "123:" + TOKEN_CHARS, FakeBotApi.TOKEN, TOKEN));
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 500; i++) {
            StringBuilder t = new StringBuilder();
            t.append(1 + random.nextInt(9));
            int digits = random.nextInt(20);
            for (int d = 0; d < digits; d++) {
                t.append(random.nextInt(10));
            }
            t.append(':');
            int length = 10 + random.nextInt(91);
            for (int c = 0; c < length; c++) {
                t.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
            }
            tokens.add(t.toString());
        }
        for (String token : tokens) {
            assertThat(BotToken.parse(token, "test").secret()).as("the check accepts it").isEqualTo(token);
            assertThat(shapes.redact("GET https://api.telegram.org/bot" + token + "/getMe, then " + token + "."))
                    .as(token).isEqualTo("GET https://api.telegram.org/bot<token>/getMe, then <token>.");
        }
    }

    @Test
    void theConfiguredTokenIsMaskedLiterallyAndSoIsItsSecretHalfAlone() {
        Redactor configured = shapes.withSecret(TOKEN);
        String encoded = TOKEN.replace(":", "%3A");

        assertThat(configured.redact("GET /bot" + encoded + "/getMe")).isEqualTo("GET /bot123456789%3A<token>/getMe");
        assertThat(configured.redact("secret=" + SECRET_HALF + ";")).isEqualTo("secret=<token>;");
        assertThat(configured.redact("POST " + URL)).isEqualTo("POST https://api.telegram.org/bot<token>/sendMessage");
        assertThat(shapes.redact("GET /bot" + encoded + "/getMe")).as("the shape alone misses these").contains(SECRET_HALF);
    }

    @Test
    void aRedactorIsFoundInItsLoggingContextOnceRegistered() {
        assertThat(Redactor.of(context).redact(SECRET_HALF)).as("nothing registered yet").isEqualTo(SECRET_HALF);
        Redactor.register(context, TOKEN);
        Redactor.register(context, SHORT);

        assertThat(Redactor.of(context).redact(SECRET_HALF + " " + SHORT)).isEqualTo("<token> <token>");
        assertThat(Redactor.of(new LoggerContext()).redact(SECRET_HALF)).as("per context, not global").isEqualTo(SECRET_HALF);
        assertThat(shapes.withSecret("  ")).isSameAs(shapes);
    }

    @Test
    void thePatternLayoutMasksMessageArgumentsAndStackTraces() {
        Redactor.register(context, TOKEN);
        RedactingPatternLayout layout = new RedactingPatternLayout();
        layout.setContext(context);
        layout.setPattern("%level %msg%n%ex");
        layout.start();
        Exception error = new IllegalStateException("Unable to reach " + URL, new java.io.IOException("connect " + URL));

        String line = layout.doLayout(event("Call to {} failed ({})", error, URL, SECRET_HALF));

        assertThat(line).doesNotContain(TOKEN).doesNotContain("AAHdqTcv")
                .contains("failed (<token>)")
                .contains("ERROR Call to https://api.telegram.org/bot<token>/sendMessage failed",
                        "IllegalStateException: Unable to reach https://api.telegram.org/bot<token>/sendMessage",
                        "Caused by: java.io.IOException: connect https://api.telegram.org/bot<token>/sendMessage",
                        "at org.paperbot.logging.RedactorTest");
    }

    @Test
    void theJsonLayoutMasksMessageMdcAndErrorAndStaysValidJson() throws IOException {
        JsonLayout layout = new JsonLayout();
        layout.setContext(context);
        layout.start();
        LoggingEvent e = event("Polling {} failed at 12:30", new RuntimeException("GET " + URL), URL);
        e.setMDCPropertyMap(Map.of("request", URL, "chat", "4242"));

        String line = layout.doLayout(e);

        assertThat(line).doesNotContain(TOKEN).endsWith(System.lineSeparator());
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("ERROR");
        assertThat(json.path("logger").asText()).isEqualTo("org.paperbot.Test");
        assertThat(json.path("thread").asText()).isEqualTo("update-1");
        assertThat(json.path("message").asText()).isEqualTo("Polling https://api.telegram.org/bot<token>/sendMessage failed at 12:30");
        assertThat(json.path("request").asText()).isEqualTo("https://api.telegram.org/bot<token>/sendMessage");
        assertThat(json.path("chat").asText()).isEqualTo("4242");
        assertThat(json.path("error").asText()).contains("RuntimeException: GET https://api.telegram.org/bot<token>/sendMessage")
                .contains("\tat org.paperbot.logging.RedactorTest");
        assertThat(json.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    /**
     * The real configuration (logback.xml, then the format and level as App applies them) at TRACE, where OkHttp and
     * TelegramBots print URLs: neither layout lets a short token or the configured one through.
     */
    @ParameterizedTest(name = "json={0}")
    @ValueSource(booleans = {false, true})
    void atTraceLevelNeitherLayoutLetsAShortOrTheConfiguredTokenThrough(boolean json) throws JoranException {
        LoggerContext real = new LoggerContext();
        real.setMDCAdapter(new LogbackMDCAdapter());
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(real);
            configurator.doConfigure(RedactorTest.class.getResource("/logback.xml"));
            Logging.configure(real, json, "TRACE");
            Redactor.register(real, TOKEN);
            ByteArrayOutputStream written = captureConfiguredLayout(real);

            real.getLogger("okhttp3.OkHttpClient").trace("--> POST https://api.telegram.org/bot{}/getMe", SHORT);
            real.getLogger("okhttp3.OkHttpClient").trace("--> POST /bot{}/sendMessage", TOKEN.replace(":", "%3A"));
            real.getLogger("org.telegram.telegrambots.longpolling").trace("Unable to poll",
                    new java.io.IOException("GET " + URL + " timed out"));
            real.getLogger("org.paperbot.Test").trace("secret half {} alone", SECRET_HALF);
            String logged = written.toString(StandardCharsets.UTF_8);

            assertThat(logged.lines().filter(l -> l.contains("<token>")).count()).as("every trace event written, masked")
                    .isGreaterThanOrEqualTo(4);
            assertThat(logged).doesNotContain(SHORT).doesNotContain(SECRET_HALF).doesNotContain("abcdefghij")
                    .contains("https://api.telegram.org/bot<token>/getMe", "/bot123456789%3A<token>/sendMessage",
                            "GET https://api.telegram.org/bot<token>/sendMessage timed out", "secret half <token> alone");
            if (json) {
                for (String line : logged.lines().toList()) {
                    assertThat(new ObjectMapper().readTree(line).path("level").asText()).isEqualTo("TRACE");
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            real.stop();
        }
    }

    /** Writes what the configured STDERR appender's layout produces into memory instead of stderr. */
    private static ByteArrayOutputStream captureConfiguredLayout(LoggerContext context) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) root.getAppender(Logging.APPENDER);
        Layout<ILoggingEvent> layout = ((LayoutWrappingEncoder<ILoggingEvent>) stderr.getEncoder()).getLayout();
        root.detachAppender(stderr);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> memory = new OutputStreamAppender<>();
        memory.setContext(context);
        memory.setEncoder(Logging.utf8(context, layout));
        memory.setOutputStream(out);
        memory.start();
        root.addAppender(memory);
        return out;
    }
}
