package org.paperbot.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookConfigTest {
    private static final String URL = "https://bot.example.org/telegram/hook";

    @Test
    void pollingIsTheDefault() {
        assertThat(ConfigLoader.load(Map.of()).webhook().mode()).isEqualTo(BotConfig.Mode.POLLING);
    }

    @Test
    void webhookModeReadsTheUrlTheSecretAndThePort() {
        BotConfig.Webhook w = ConfigLoader.load(Map.of("TELEGRAM_MODE", "webhook", "TELEGRAM_WEBHOOK_URL", URL,
                "TELEGRAM_WEBHOOK_SECRET", "s3cret_-X", "PAPERBOT_WEBHOOK_PORT", "9000")).webhook();

        assertThat(w).isEqualTo(new BotConfig.Webhook(BotConfig.Mode.WEBHOOK, URI.create(URL), "s3cret_-X", 9000));
        assertThat(w.toString()).doesNotContain("s3cret");
    }

    @Test
    void webhookModeWithoutTheUrlNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("TELEGRAM_MODE", "webhook", "TELEGRAM_WEBHOOK_SECRET", "abc")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("TELEGRAM_WEBHOOK_URL");
    }

    @Test
    void webhookModeWithoutTheSecretNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("TELEGRAM_MODE", "webhook", "TELEGRAM_WEBHOOK_URL", URL)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("TELEGRAM_WEBHOOK_SECRET");
    }

    @Test
    void aSecretTelegramWouldRefuseIsRejectedAtStart() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("TELEGRAM_MODE", "webhook", "TELEGRAM_WEBHOOK_URL", URL,
                "TELEGRAM_WEBHOOK_SECRET", "has space")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("TELEGRAM_WEBHOOK_SECRET");
    }

    @Test
    void anUnknownModeListsTheKnownOnes() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("TELEGRAM_MODE", "push")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("TELEGRAM_MODE").hasMessageContaining("polling, webhook");
    }

    @Test
    void aWebhookUrlWithAQueryIsRejected() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("TELEGRAM_WEBHOOK_URL", URL + "?x=1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("TELEGRAM_WEBHOOK_URL");
    }
}
