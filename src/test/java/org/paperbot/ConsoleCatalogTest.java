package org.paperbot;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.bench.SyntheticCatalog;
import org.paperbot.catalog.Paper;
import org.paperbot.config.BotConfig;
import org.paperbot.config.ConfigLoader;
import org.paperbot.telegram.TolerantGetUpdates;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Console mode with a catalog larger than the paper cache: built into a temporary directory, gone at exit. */
class ConsoleCatalogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aCatalogLargerThanTheCacheIsServedFromATemporaryDirectoryRemovedAtExitAndTheDataDirIsUntouched() throws Exception {
        Path file = dir.resolve("papers.json");
        SyntheticCatalog.writeJson(file, 2_000, 5, 0);
        Path data = dir.resolve("data");
        BotConfig config = ConfigLoader.load(Map.of("PAPERBOT_CATALOG", file.toString(),
                "PAPERBOT_CATALOG_CACHE_MB", "1", "PAPERBOT_DATA_DIR", data.toString()));
        assertThat(Files.size(file)).isGreaterThan(config.catalogCacheBytes());
        Paper last = SyntheticCatalog.generate(2_000, 5).paperAt(1_999);
        Set<Path> before = consoleDirs();

        try (Wiring.Offline offline = Wiring.console(config, Clock.systemUTC())) {
            Set<Path> during = consoleDirs();
            during.removeAll(before);
            assertThat(during).hasSize(1);
            Map<String, Object> raw = new HashMap<>(Updates.privateText(7, "/paper 2000"));
            raw.put("update_id", 1);
            List<BotApiMethod<?>> replies = offline.handlers().router().route(TolerantGetUpdates.read(JSON.valueToTree(raw)));
            assertThat(((SendMessage) replies.get(0)).getText()).contains(last.title());
        }

        assertThat(consoleDirs()).isEqualTo(before);
        assertThat(data).doesNotExist();
    }

    private static Set<Path> consoleDirs() throws Exception {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("paperbot-console")).collect(Collectors.toSet());
        }
    }
}
