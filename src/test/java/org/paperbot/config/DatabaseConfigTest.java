package org.paperbot.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseConfigTest {
    private static final String URL = "jdbc:postgresql://db:5432/paperbot";

    @Test
    void sqliteIsTheDefault() {
        assertThat(ConfigLoader.load(Map.of()).store().postgres()).isFalse();
    }

    @Test
    void theUrlTheUserAndThePasswordComeFromTheirVariables() {
        BotConfig.Store store = ConfigLoader.load(Map.of("PAPERBOT_DATABASE_URL", URL, "PAPERBOT_DATABASE_USER", "bot",
                "PAPERBOT_DATABASE_PASSWORD", "p4ss-w0rd")).store();

        assertThat(store).isEqualTo(new BotConfig.Store(URL, "bot", "p4ss-w0rd", 10));
        assertThat(store.postgres()).isTrue();
        assertThat(store.toString()).as("the password never reaches a log line").doesNotContain("p4ss-w0rd");
    }

    @Test
    void aUrlOfAnotherDatabaseNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PAPERBOT_DATABASE_URL", "jdbc:mysql://db/paperbot")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PAPERBOT_DATABASE_URL")
                .hasMessageContaining("jdbc:postgresql://");
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("PAPERBOT_DATABASE_URL", URL + "?user=bot&password=hunter2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PAPERBOT_DATABASE_PASSWORD");
    }

    @Test
    void thePasswordIsNotASettingOfTheFile() {
        assertThat(ConfigLoader.SETTINGS).noneMatch(s -> s.env().equals(ConfigLoader.DATABASE_PASSWORD_ENV));
    }
}
