package org.paperbot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.curate.Http;
import org.paperbot.testing.TestPapers;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar paperbot.jar catalog …} from App: dispatch, and preview through the bot's real console rendering. */
class CatalogCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int catalog(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return App.runCatalog(env, List.of(args), d -> { }, Http.standard(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void previewShowsTheCardAsTheConsoleDoesForAPaperOfAConfiguredCatalogDirectory() {
        Path dir = tmp.resolve("catalog");
        assertThat(catalog(Map.of(), "--dir", dir.toString(), "split", TestPapers.REAL_CATALOG.toString())).isZero();

        // PAPERBOT_CATALOG naming a directory is where the tools work without --dir
        assertThat(catalog(Map.of("PAPERBOT_CATALOG", dir.toString()), "preview", "MrR3rMxqqv")).isZero();

        String shown = out.toString(StandardCharsets.UTF_8);
        assertThat(shown).startsWith("Memorization Capacity of Multi-Head Attention in Transformers")
                .contains("[📄 PDF → https://openreview.net/pdf?id=MrR3rMxqqv]")
                .containsPattern("Length: \\d+ of 3896 visible characters");
    }

    @Test
    void withoutACommandItPrintsUsageAndTheConsoleModeIsStillKnown() {
        assertThat(App.run(new String[]{"catalog"}, Map.of())).isEqualTo(2);
        assertThat(catalog(Map.of(), "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("import arxiv").contains("publish <id>");
        assertThat(App.usage()).contains("console").contains("catalog");
    }
}
