package org.paperbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperbot.testing.FakeBotApi;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {
    static final String TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    static final String URL = "https://api.telegram.org/bot" + TOKEN + "/sendMessage";

    private final LoggerContext context = new LoggerContext();

    private LoggingEvent event(String message, Throwable error, Object... args) {
        LoggingEvent e = new LoggingEvent("test", context.getLogger("org.paperbot.Test"), Level.ERROR, message, error, args);
        e.setThreadName("update-1");
        return e;
    }

    @Test
    void aTokenInsideAUrlIsMasked() {
        assertThat(Redactor.redact("POST " + URL + " failed"))
                .isEqualTo("POST https://api.telegram.org/bot<token>/sendMessage failed");
    }

    @Test
    void everyTokenInTheTextIsMasked() {
        String other = "987654321:ZZZ-abcdefghijklmnopqrstuvwxyz_012345";
        assertThat(Redactor.redact(TOKEN + " and " + other + " and " + FakeBotApi.TOKEN)).isEqualTo("<token> and <token> and <token>");
    }

    @Test
    void aTokenInJsonTextIsMasked() {
        assertThat(Redactor.redact("{\"url\":\"" + URL + "\",\"token\":\"" + TOKEN + "\"}"))
                .isEqualTo("{\"url\":\"https://api.telegram.org/bot<token>/sendMessage\",\"token\":\"<token>\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"at 12:30 the bot started", "2026-11-27T21:30:00Z", "update 123456:handled in 5 ms",
            "chat -1001234567890 migrated to -1009876543210", "ratio 3:1", "12345:abcdefghij", "ids 1:2:3:4:5",
            "sendMessage to chat 4242: FORBIDDEN 403 (Forbidden: bot was blocked by the user)", "no colon here", ""})
    void ordinaryTextIsUntouched(String text) {
        assertThat(Redactor.redact(text)).isEqualTo(text);
    }

    @Test
    void nullStaysNull() {
        assertThat(Redactor.redact(null)).isNull();
    }

    @Test
    void thePatternLayoutMasksMessageArgumentsAndStackTraces() {
        RedactingPatternLayout layout = new RedactingPatternLayout();
        layout.setContext(context);
        layout.setPattern("%level %msg%n%ex");
        layout.start();
        Exception error = new IllegalStateException("Unable to reach " + URL, new java.io.IOException("connect " + URL));

        String line = layout.doLayout(event("Call to {} failed", error, URL));

        assertThat(line).doesNotContain(TOKEN).doesNotContain("AAHdqTcv")
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
}
