package org.paperbot.config;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    /** The daily settings are tested in DailyConfigTest; here they keep their defaults. */
    static final BotConfig.Daily DAILY_DEFAULTS = new BotConfig.Daily(java.time.LocalTime.of(9, 0), 25, 30, 3);
    static final BotConfig DEFAULTS = new BotConfig(URI.create("https://api.telegram.org"), 50, ZoneId.of("Europe/Moscow"),
            Set.of(), 8, 64, true, Path.of("config/papers.json"), true, 32, Path.of("config/synonyms-ru.txt"), Path.of("data"), 20, 60, 0, "0.0.0.0",
            BotConfig.LogFormat.TEXT, "INFO", DAILY_DEFAULTS, BotConfig.Webhook.POLLING, BotConfig.Store.SQLITE);

    @TempDir
    Path dir;

    /** Writes {@code lines} to a YAML file and returns an environment that points PAPERBOT_CONFIG at it. */
    private Map<String, String> yaml(String... lines) {
        Path file = dir.resolve("settings.yaml");
        try {
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put(ConfigLoader.CONFIG_ENV, file.toString());
        return env;
    }

    private String yamlFile() {
        return dir.resolve("settings.yaml").toString();
    }

    private static String failure(Map<String, String> env) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> ConfigLoader.load(env));
        assertThat(t).isInstanceOf(ConfigException.class);
        return t.getMessage();
    }

    @Nested
    class Sources {
        @Test
        void withoutAFileEverySettingHasItsDefault() {
            Settings s = Settings.load(dir.resolve("absent.yaml"), false, ConfigLoader.SETTINGS, Map.of());
            for (Setting<?> setting : ConfigLoader.SETTINGS) {
                assertThat(s.get(setting.key())).isEqualTo(new Settings.Value(setting.defaultValue(), "default"));
            }
        }

        @Test
        void theTableHoldsEveryDeclaredSettingOnceWithItsOwnKeyAndVariable() throws IllegalAccessException {
            List<Object> declared = new java.util.ArrayList<>();
            for (java.lang.reflect.Field f : ConfigLoader.class.getDeclaredFields()) {
                if (f.getType() == Setting.class) {
                    declared.add(f.get(null));
                }
            }
            assertThat(ConfigLoader.SETTINGS).containsExactlyInAnyOrderElementsOf(declared.stream().map(o -> (Setting<?>) o).toList());
            assertThat(ConfigLoader.SETTINGS.stream().map(Setting::key)).doesNotHaveDuplicates();
            assertThat(ConfigLoader.SETTINGS.stream().map(Setting::env)).doesNotHaveDuplicates();
        }

        @Test
        void anEmptyFileMeansAllDefaults() {
            assertThat(ConfigLoader.load(yaml(""))).isEqualTo(DEFAULTS);
        }

        @Test
        void aFileWithOnlyCommentsMeansAllDefaults() {
            assertThat(ConfigLoader.load(yaml("# nothing set", "   # still nothing"))).isEqualTo(DEFAULTS);
        }

        @Test
        void theRepositorysApplicationYamlLoadsAndMatchesTheDefaults() {
            assertThat(Files.isRegularFile(ConfigLoader.DEFAULT_CONFIG)).isTrue();
            assertThat(ConfigLoader.load(Map.of())).isEqualTo(DEFAULTS);
        }

        @Test
        void theRepositorysApplicationYamlDocumentsEveryKeyWithItsVariable() throws IOException {
            String yaml = Files.readString(ConfigLoader.DEFAULT_CONFIG);
            for (Setting<?> s : ConfigLoader.SETTINGS) {
                String leaf = s.key().substring(s.key().lastIndexOf('.') + 1);
                assertThat(yaml).as(s.key()).containsPattern("(?m)^\\s+" + leaf + ":.*# " + s.env() + "$");
            }
        }

        @Test
        void everySettingIsReadFromTheFile() {
            BotConfig c = ConfigLoader.load(yaml(
                    "telegram:",
                    "  api-url: http://127.0.0.1:8081",
                    "  poll-timeout: 5",
                    "bot:",
                    "  zone: UTC",
                    "  admin-ids: [11, 22]",
                    "  list-page-size: 3",
                    "catalog:",
                    "  path: /srv/papers.json",
                    "data:",
                    "  dir: /var/lib/paperbot",
                    "logging:",
                    "  format: JSON",
                    "  level: debug"));
            assertThat(c).isEqualTo(new BotConfig(URI.create("http://127.0.0.1:8081"), 5, ZoneId.of("UTC"), Set.of(11L, 22L), 3,
                    64, true, Path.of("/srv/papers.json"), true, 32, Path.of("config/synonyms-ru.txt"), Path.of("/var/lib/paperbot"), 20, 60, 0, "0.0.0.0",
                    BotConfig.LogFormat.JSON, "DEBUG", DAILY_DEFAULTS, BotConfig.Webhook.POLLING, BotConfig.Store.SQLITE));
        }

        @Test
        void adminIdsAsCommaSeparatedTextInYaml() {
            assertThat(ConfigLoader.load(yaml("bot:", "  admin-ids: 5, 6")).adminIds()).containsExactlyInAnyOrder(5L, 6L);
        }

        @Test
        void flowStyleMappingsWork() {
            assertThat(ConfigLoader.load(yaml("bot: {zone: Asia/Tokyo, list-page-size: 4}")))
                    .extracting(BotConfig::zone, BotConfig::listPageSize).containsExactly(ZoneId.of("Asia/Tokyo"), 4);
        }

        @Test
        void aSectionWithEveryKeyCommentedOutMeansDefaults() {
            BotConfig c = ConfigLoader.load(yaml(
                    "telegram:",
                    "  poll-timeout: 20",
                    "bot:",
                    "  # zone: UTC",
                    "  # list-page-size: 3",
                    "logging:"));
            assertThat(c.pollTimeoutSeconds()).isEqualTo(20);
            assertThat(c.zone()).isEqualTo(DEFAULTS.zone());
            assertThat(c.listPageSize()).isEqualTo(DEFAULTS.listPageSize());
            assertThat(c.logFormat()).isEqualTo(DEFAULTS.logFormat());
        }

        @Test
        void anEmptyUnknownSectionIsStillAnError() {
            assertThat(failure(yaml("cache:"))).startsWith(yamlFile() + ":1: unknown setting 'cache'");
        }

        @Test
        void missingExplicitFileIsAnErrorNamingIt() {
            Path missing = dir.resolve("nope.yaml");
            String message = failure(Map.of(ConfigLoader.CONFIG_ENV, missing.toString()));
            assertThat(message).startsWith(missing + ": ").contains("not found", "PAPERBOT_CONFIG");
        }

        @Test
        void blankPaperbotConfigMeansTheDefaultFile() {
            assertThat(ConfigLoader.load(Map.of(ConfigLoader.CONFIG_ENV, "  "))).isEqualTo(DEFAULTS);
        }
    }

    @Nested
    class EnvironmentOverrides {
        @Test
        void eachDocumentedVariableOverridesItsSetting() {
            Map<String, String> env = yaml("bot:", "  zone: UTC", "  list-page-size: 2");
            env.put("TELEGRAM_API_URL", "https://tg.example.org:8443/");
            env.put("TELEGRAM_POLL_TIMEOUT", " 30 ");
            env.put("PAPERBOT_ZONE", "Asia/Yekaterinburg");
            env.put("PAPERBOT_ADMIN_IDS", "1, 2,3");
            env.put("PAPERBOT_LIST_PAGE_SIZE", "20");
            env.put("PAPERBOT_CATALOG", "/tmp/catalog.json");
            env.put("PAPERBOT_DATA_DIR", "/tmp/data");
            env.put("PAPERBOT_LOG_FORMAT", "json");
            env.put("PAPERBOT_LOG_LEVEL", "Warn");

            BotConfig c = ConfigLoader.load(env);

            assertThat(c).isEqualTo(new BotConfig(URI.create("https://tg.example.org:8443"), 30, ZoneId.of("Asia/Yekaterinburg"),
                    Set.of(1L, 2L, 3L), 20, 64, true, Path.of("/tmp/catalog.json"), true, 32, Path.of("config/synonyms-ru.txt"), Path.of("/tmp/data"), 20, 60, 0, "0.0.0.0",
                    BotConfig.LogFormat.JSON, "WARN", DAILY_DEFAULTS, BotConfig.Webhook.POLLING, BotConfig.Store.SQLITE));
            assertThat(c.isAdmin(2L)).isTrue();
            assertThat(c.isAdmin(4L)).isFalse();
            assertThat(c.isAdmin(null)).isFalse();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "TELEGRAM_API_URL|http://localhost:8081",
                "TELEGRAM_POLL_TIMEOUT|7",
                "PAPERBOT_ZONE|UTC",
                "PAPERBOT_ADMIN_IDS|42",
                "PAPERBOT_LIST_PAGE_SIZE|1",
                "PAPERBOT_CATALOG|other.json",
                "PAPERBOT_DATA_DIR|state",
                "PAPERBOT_LOG_FORMAT|json",
                "PAPERBOT_LOG_LEVEL|error",
                "PAPERBOT_UPDATE_WORKERS|0",
                "PAPERBOT_INBOX|false",
                "PAPERBOT_CATALOG_WATCH|false",
                "PAPERBOT_CATALOG_CACHE_MB|64",
                "PAPERBOT_SYNONYMS|curated/synonyms.txt",
                "PAPERBOT_FLOOD_COMMANDS|5",
                "PAPERBOT_FLOOD_INLINE|0",
                "PAPERBOT_HTTP_PORT|8080",
                "PAPERBOT_HTTP_HOST|127.0.0.1",
                "PAPERBOT_DAILY_TIME|07:30",
                "PAPERBOT_DAILY_RATE|100",
                "PAPERBOT_DAILY_TICK|5",
                "PAPERBOT_DAILY_HISTORY_DAYS|90",
                "TELEGRAM_WEBHOOK_URL|https://bot.example.org/hook",
                "PAPERBOT_WEBHOOK_PORT|9000",
                "PAPERBOT_DATABASE_URL|jdbc:postgresql://db:5432/paperbot",
                "PAPERBOT_DATABASE_USER|bot",
                "PAPERBOT_DATABASE_POOL_SIZE|20"})
        void eachVariableAloneChangesOnlyItsSetting(String variable, String value) {
            Map<String, Function<BotConfig, Object>> settingOf = Map.ofEntries(
                    Map.entry("TELEGRAM_API_URL", BotConfig::apiUrl),
                    Map.entry("TELEGRAM_POLL_TIMEOUT", BotConfig::pollTimeoutSeconds),
                    Map.entry("PAPERBOT_ZONE", BotConfig::zone),
                    Map.entry("PAPERBOT_ADMIN_IDS", BotConfig::adminIds),
                    Map.entry("PAPERBOT_LIST_PAGE_SIZE", BotConfig::listPageSize),
                    Map.entry("PAPERBOT_UPDATE_WORKERS", BotConfig::updateWorkers),
                    Map.entry("PAPERBOT_INBOX", BotConfig::inbox),
                    Map.entry("PAPERBOT_CATALOG", BotConfig::catalogPath),
                    Map.entry("PAPERBOT_CATALOG_WATCH", BotConfig::catalogWatch),
                    Map.entry("PAPERBOT_CATALOG_CACHE_MB", BotConfig::catalogCacheMb),
                    Map.entry("PAPERBOT_SYNONYMS", BotConfig::synonymsPath),
                    Map.entry("PAPERBOT_DATA_DIR", BotConfig::dataDir),
                    Map.entry("PAPERBOT_FLOOD_COMMANDS", BotConfig::floodCommandsPerMinute),
                    Map.entry("PAPERBOT_FLOOD_INLINE", BotConfig::floodInlinePerMinute),
                    Map.entry("PAPERBOT_HTTP_PORT", BotConfig::httpPort),
                    Map.entry("PAPERBOT_HTTP_HOST", BotConfig::httpHost),
                    // Not alone in the rows: webhook mode needs the URL and the secret (WebhookConfigTest).
                    Map.entry("TELEGRAM_MODE", c -> c.webhook().mode()),
                    Map.entry("TELEGRAM_WEBHOOK_URL", c -> String.valueOf(c.webhook().url())),
                    Map.entry("PAPERBOT_WEBHOOK_PORT", c -> c.webhook().port()),
                    Map.entry("PAPERBOT_DAILY_TIME", c -> c.daily().defaultTime()),
                    Map.entry("PAPERBOT_DAILY_RATE", c -> c.daily().ratePerSecond()),
                    Map.entry("PAPERBOT_DAILY_TICK", c -> c.daily().tickSeconds()),
                    Map.entry("PAPERBOT_DAILY_HISTORY_DAYS", c -> c.daily().historyDays()),
                    Map.entry("PAPERBOT_LOG_FORMAT", BotConfig::logFormat),
                    Map.entry("PAPERBOT_LOG_LEVEL", BotConfig::logLevel),
                    Map.entry("PAPERBOT_DATABASE_URL", c -> String.valueOf(c.store().url())),
                    Map.entry("PAPERBOT_DATABASE_USER", c -> c.store().user()),
                    Map.entry("PAPERBOT_DATABASE_POOL_SIZE", c -> c.store().poolSize()));
            assertThat(settingOf.keySet()).containsExactlyInAnyOrderElementsOf(
                    ConfigLoader.SETTINGS.stream().map(Setting::env).toList());

            BotConfig c = ConfigLoader.load(Map.of(variable, value));

            settingOf.forEach((v, get) -> {
                if (v.equals(variable)) {
                    assertThat(get.apply(c)).as(v).isNotEqualTo(get.apply(DEFAULTS));
                    assertThat(String.valueOf(get.apply(c))).as(v).containsIgnoringCase(value);
                } else {
                    assertThat(get.apply(c)).as(v).isEqualTo(get.apply(DEFAULTS));
                }
            });
        }

        @Test
        void blankVariablesAreIgnored() {
            assertThat(ConfigLoader.load(Map.of("PAPERBOT_ZONE", " ", "TELEGRAM_POLL_TIMEOUT", ""))).isEqualTo(DEFAULTS);
        }

        @Test
        void adminIdsToleratesSpacesAndEmptyParts() {
            assertThat(ConfigLoader.load(Map.of("PAPERBOT_ADMIN_IDS", " 7 ,, 8 , ")).adminIds()).containsExactlyInAnyOrder(7L, 8L);
        }

        @Test
        void theZoneIsReadAsTimezoneReadsIt() {
            assertThat(ConfigLoader.load(Map.of("PAPERBOT_ZONE", "europe/moscow")).zone()).isEqualTo(ZoneId.of("Europe/Moscow"));
            assertThat(ConfigLoader.load(Map.of("PAPERBOT_ZONE", "Екатеринбург")).zone()).isEqualTo(ZoneId.of("Asia/Yekaterinburg"));
            assertThat(ConfigLoader.load(Map.of("PAPERBOT_ZONE", "Europe/Kiev")).zone()).isEqualTo(ZoneId.of("Europe/Kyiv"));
        }

        @Test
        void theEnvironmentWinsOverTheFile() {
            Map<String, String> env = yaml("bot:", "  zone: Mars/Olympus");
            env.put("PAPERBOT_ZONE", "Europe/Berlin");
            assertThat(ConfigLoader.load(env).zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        }
    }

    @Nested
    class Problems {
        @Test
        void malformedYamlNamesFileAndLine() {
            String message = failure(yaml("telegram:", "  api-url: https://api.telegram.org", "bot:", "  zone: [UTC", "data:", "  dir: x"));
            assertThat(message).startsWith(yamlFile() + ":").contains("malformed YAML").matches("(?s)^\\Q" + yamlFile() + "\\E:[4-6]: .*");
        }

        @Test
        void badIndentationIsMalformed() {
            String message = failure(yaml("bot:", "  zone: UTC", " list-page-size: 3"));
            assertThat(message).startsWith(yamlFile() + ":3: malformed YAML");
        }

        @Test
        void topLevelMustBeAMapping() {
            assertThat(failure(yaml("- zone: UTC"))).isEqualTo(yamlFile() + ":1: expected a mapping of settings at the top level");
        }

        @Test
        void unknownKeyNamesLineKeyAndSuggestsTheNearestOne() {
            String message = failure(yaml("telegram:", "  api-url: https://api.telegram.org", "bot:", "  zome: UTC"));
            assertThat(message).isEqualTo(yamlFile() + ":4: unknown setting 'bot.zome' (did you mean 'bot.zone'?)");
        }

        @Test
        void typoInANestedKeyIsSuggested() {
            String message = failure(yaml("telegram:", "  pol-timeout: 5"));
            assertThat(message).isEqualTo(yamlFile() + ":2: unknown setting 'telegram.pol-timeout' (did you mean 'telegram.poll-timeout'?)");
        }

        @Test
        void unknownKeyFarFromAnyKnownOnePointsToTheReadme() {
            String message = failure(yaml("cache:", "  backend: redis"));
            assertThat(message).isEqualTo(yamlFile() + ":2: unknown setting 'cache.backend' (known settings are listed in README)");
        }

        @Test
        void theTokenIsNotASetting() {
            String message = failure(yaml("telegram:", "  bot-token: 123:abc"));
            assertThat(message).startsWith(yamlFile() + ":2: unknown setting 'telegram.bot-token'");
        }

        @Test
        void listItemsMustBePlainValues() {
            String message = failure(yaml("bot:", "  admin-ids:", "    - {id: 1}"));
            assertThat(message).startsWith(yamlFile() + ":3: bot.admin-ids: list items must be plain values");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "ftp://api.telegram.org|is not an http(s) URL",
                "api.telegram.org|is not an http(s) URL",
                "https://|has no host",
                "http:///bot|has no host",
                "https://api.telegram.org/bot|without a path, query or credentials",
                "https://api.telegram.org/v1/|without a path, query or credentials",
                "https://api.telegram.org?x=1|without a path, query or credentials",
                "https://user:pw@api.telegram.org|without a path, query or credentials",
                "https://exa mple.org|is not a URL"})
        void badApiUrlFromTheFileNamesFileLineAndKey(String url, String reason) {
            String message = failure(yaml("# comment", "telegram:", "  api-url: \"" + url + "\""));
            assertThat(message).startsWith(yamlFile() + ":3: telegram.api-url: '").contains(reason);
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://api.telegram.org", "https://api.telegram.org/bot", "https://api.telegram.org?q=1", "http://"})
        void badApiUrlFromTheEnvironmentNamesTheVariable(String url) {
            String message = failure(Map.of("TELEGRAM_API_URL", url));
            assertThat(message).startsWith("environment variable TELEGRAM_API_URL: telegram.api-url: '" + url + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://api.telegram.org", "https://api.telegram.org/", "http://127.0.0.1:8081", "HTTPS://Api.Telegram.org"})
        void goodApiUrls(String url) {
            assertThat(ConfigLoader.load(Map.of("TELEGRAM_API_URL", url)).apiUrl().getPath()).isEmpty();
        }

        @Test
        void badZone() {
            String message = failure(yaml("bot:", "  zone: Mars/Olympus"));
            assertThat(message).isEqualTo(yamlFile() + ":2: bot.zone: 'Mars/Olympus' is not a time zone: give an IANA id such as "
                    + "Europe/Moscow, a city such as Москва, or an offset such as UTC+3");
            assertThat(failure(Map.of("PAPERBOT_ZONE", "MSK+30")))
                    .startsWith("environment variable PAPERBOT_ZONE: bot.zone: 'MSK+30' is not a time zone: give an IANA id");
        }

        @Test
        void nonNumericAdminId() {
            assertThat(failure(Map.of("PAPERBOT_ADMIN_IDS", "1, @alice")))
                    .isEqualTo("environment variable PAPERBOT_ADMIN_IDS: bot.admin-ids: '@alice' is not a Telegram user id (a number)");
            assertThat(failure(yaml("bot:", "  admin-ids: [1, bob]")))
                    .isEqualTo(yamlFile() + ":2: bot.admin-ids: 'bob' is not a Telegram user id (a number)");
        }

        @ParameterizedTest(name = "{0}={1}")
        @CsvSource(delimiter = '|', value = {
                "TELEGRAM_POLL_TIMEOUT|0|telegram.poll-timeout: 0 is out of range 1..100",
                "TELEGRAM_POLL_TIMEOUT|101|telegram.poll-timeout: 101 is out of range 1..100",
                "TELEGRAM_POLL_TIMEOUT|-5|telegram.poll-timeout: -5 is out of range 1..100",
                "TELEGRAM_POLL_TIMEOUT|fifty|telegram.poll-timeout: 'fifty' is not a whole number",
                "TELEGRAM_POLL_TIMEOUT|5.5|telegram.poll-timeout: '5.5' is not a whole number",
                "TELEGRAM_POLL_TIMEOUT|99999999999|telegram.poll-timeout: '99999999999' is not a whole number",
                "PAPERBOT_LIST_PAGE_SIZE|0|bot.list-page-size: 0 is out of range 1..20",
                "PAPERBOT_LIST_PAGE_SIZE|21|bot.list-page-size: 21 is out of range 1..20"})
        void numbersOutOfRange(String variable, String value, String expected) {
            assertThat(failure(Map.of(variable, value))).isEqualTo("environment variable " + variable + ": " + expected);
        }

        @Test
        void numberOutOfRangeInTheFile() {
            assertThat(failure(yaml("telegram:", "  poll-timeout: 500")))
                    .isEqualTo(yamlFile() + ":2: telegram.poll-timeout: 500 is out of range 1..100");
        }

        @Test
        void badLogFormatAndLevel() {
            assertThat(failure(Map.of("PAPERBOT_LOG_FORMAT", "xml")))
                    .isEqualTo("environment variable PAPERBOT_LOG_FORMAT: logging.format: 'xml' is not one of: text, json");
            assertThat(failure(yaml("logging:", "  level: verbose")))
                    .isEqualTo(yamlFile() + ":2: logging.level: 'verbose' is not one of: trace, debug, info, warn, error");
        }

        @Test
        void emptyPathInTheFile() {
            assertThat(failure(yaml("catalog:", "  path: \"\"")))
                    .isEqualTo(yamlFile() + ":2: catalog.path: must not be empty");
        }
    }

    @Nested
    class Token {
        static final String GOOD = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

        @Test
        void validTokenFromTheEnvironment() {
            BotToken token = ConfigLoader.token(Map.of("TELEGRAM_BOT_TOKEN", "  " + GOOD + "\n"));
            assertThat(token.secret()).isEqualTo(GOOD);
        }

        @Test
        void toStringNeverShowsTheSecret() {
            BotToken token = BotToken.parse(GOOD, "x");
            assertThat(token.toString()).doesNotContain(GOOD).doesNotContain("AAHdq").doesNotContain("123456789");
            assertThat(String.valueOf(List.of(token))).doesNotContain("AAHdq");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\n"})
        void missingOrBlankTokenExplainsBotFatherAndConsoleMode(String blank) {
            Map<String, String> env = new HashMap<>();
            if (!blank.isEmpty()) {
                env.put("TELEGRAM_BOT_TOKEN", blank);
            }
            assertThatThrownBy(() -> ConfigLoader.token(env))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("TELEGRAM_BOT_TOKEN is not set")
                    .hasMessageContaining("@BotFather")
                    .hasMessageContaining("console");
        }

        @ParameterizedTest
        @ValueSource(strings = {"123456789", "abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "123456789:short",
                "123456789:AAHdqTcvCH1vGWJxf/eofSAs0K5PALDsaw", "123456789 AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
                "bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"})
        void malformedTokenIsRejectedWithoutEchoingIt(String raw) {
            assertThatThrownBy(() -> ConfigLoader.token(Map.of("TELEGRAM_BOT_TOKEN", raw)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("TELEGRAM_BOT_TOKEN does not look like a bot token")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(raw));
        }
    }

    @Test
    void editDistance() {
        assertThat(Settings.editDistance("bot.zone", "bot.zone")).isZero();
        assertThat(Settings.editDistance("bot.zone", "bot.zome")).isEqualTo(1);
        assertThat(Settings.editDistance("", "abc")).isEqualTo(3);
        assertThat(Settings.editDistance("kitten", "sitting")).isEqualTo(3);
    }
}
