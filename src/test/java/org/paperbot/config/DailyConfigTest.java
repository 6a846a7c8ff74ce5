package org.paperbot.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DailyConfigTest {
    static final String NO_FILE = Path.of("src", "test", "resources", "no-such.yaml").toString();

    @Test
    void defaultsAreNineOClock25PerSecondAndA30SecondTick() {
        BotConfig config = ConfigLoader.load(Map.of("PAPERBOT_CONFIG", "config/application.yaml"));
        assertThat(config.daily()).isEqualTo(new BotConfig.Daily(LocalTime.of(9, 0), 25, 30, 3));
        assertThat(config.zone().getId()).isEqualTo("Europe/Moscow");
    }

    @Test
    void environmentOverridesTheDailySettings() {
        BotConfig config = ConfigLoader.load(Map.of("PAPERBOT_DAILY_TIME", "7:30", "PAPERBOT_DAILY_RATE", "1000",
                "PAPERBOT_DAILY_TICK", "5", "PAPERBOT_DAILY_HISTORY_DAYS", "60"));
        assertThat(config.daily()).isEqualTo(new BotConfig.Daily(LocalTime.of(7, 30), 1000, 5, 60));
    }

    @Test
    void invalidValuesNameTheVariableAndTheKey() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PAPERBOT_DAILY_TIME", "25:00")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PAPERBOT_DAILY_TIME").hasMessageContaining("daily.default-time")
                .hasMessageContaining("09:00");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PAPERBOT_DAILY_TIME", "morning")))
                .hasMessageContaining("daily.default-time");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PAPERBOT_DAILY_RATE", "0")))
                .hasMessageContaining("daily.rate-per-second").hasMessageContaining("1..1000");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PAPERBOT_DAILY_TICK", "0")))
                .hasMessageContaining("daily.tick-seconds");
    }
}
