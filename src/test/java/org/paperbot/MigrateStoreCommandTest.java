package org.paperbot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.store.Database;
import org.paperbot.store.InboxStore;
import org.paperbot.store.PostgresDatabase;
import org.paperbot.store.StoreMigration;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.telegram.UpdateInbox;
import org.paperbot.testing.PostgresServer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar paperbot.jar migrate-store} from App: settings, exit codes, what it prints. */
class MigrateStoreCommandTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> urls = new ArrayList<>();

    @AfterEach
    void dropDatabases() {
        urls.forEach(url -> PostgresServer.shared().dropDatabase(url));
    }

    private int migrate(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return App.runMigrateStore(env, List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path dataDir() {
        return tmp.resolve("data");
    }

    /** The settings of a bot on {@link #dataDir()} told to use a new, empty PostgreSQL database. */
    private Map<String, String> env() {
        PostgresServer server = PostgresServer.shared();
        String url = server.createDatabase();
        urls.add(url);
        Map<String, String> env = new HashMap<>();
        env.put("PAPERBOT_DATA_DIR", dataDir().toString());
        env.put("PAPERBOT_DATABASE_URL", url);
        env.put("PAPERBOT_DATABASE_USER", server.user());
        env.put("PAPERBOT_DATABASE_PASSWORD", server.password());
        return env;
    }

    /** A stopped bot's data directory with two subscriptions. */
    private void stoppedBot() {
        try (Database db = Database.open(dataDir())) {
            SubscriptionStore subs = new SubscriptionStore(db, CLOCK, LocalTime.of(9, 0), ZoneId.of("Europe/Moscow"));
            subs.subscribe(-1001234567890L, Optional.empty());
            subs.subscribe(42L, Optional.of(LocalTime.of(7, 15)));
        }
    }

    private static int subscriptionsIn(Map<String, String> env) {
        try (Database db = PostgresDatabase.open(env.get("PAPERBOT_DATABASE_URL"), env.get("PAPERBOT_DATABASE_USER"),
                env.get("PAPERBOT_DATABASE_PASSWORD"), 2)) {
            return new SubscriptionStore(db, CLOCK, LocalTime.of(9, 0), ZoneId.of("Europe/Moscow")).counts().active();
        }
    }

    @Test
    void copiesAStoppedBotAndPrintsTheRowsOfEachTableAndTheTotal() {
        stoppedBot();
        Map<String, String> env = env();

        assertThat(migrate(env)).isZero();

        List<String> lines = out().lines().toList();
        List<String> expected = new ArrayList<>();
        for (String table : StoreMigration.COPIED) {
            expected.add(table + ": " + (table.equals("subscription") ? 2 : 0) + " rows");
        }
        expected.add("total: 2 rows");
        assertThat(lines).startsWith(expected.toArray(String[]::new));
        assertThat(lines.get(lines.size() - 1)).startsWith("copied ").contains("paperbot.db into postgresql://")
                .doesNotContain("password");
        assertThat(err()).isEmpty();
        assertThat(subscriptionsIn(env)).isEqualTo(2);

        // Migrating twice must not mix two states: refused, exit 1, the target as it was.
        assertThat(migrate(env)).isEqualTo(App.EXIT_FAILED);
        assertThat(err()).startsWith("migrate-store: the target ").contains("already holds data (subscription: 2 rows)");
        assertThat(out()).isEmpty();
        assertThat(subscriptionsIn(env)).isEqualTo(2);
    }

    @Test
    void refusesWhileTheBotStillRunsOnTheDataDirectory() {
        stoppedBot();
        Map<String, String> env = env();
        try (Database running = Database.open(dataDir())) {
            assertThat(migrate(env)).isEqualTo(1);
            assertThat(err()).startsWith("migrate-store: data directory ").contains("stop the bot first");
        }
        assertThat(subscriptionsIn(env)).isZero();
        assertThat(migrate(env)).isZero(); // stopped now
    }

    @Test
    void pendingUpdatesRefuseUnlessSkipPendingIsGiven() {
        stoppedBot();
        try (Database db = Database.open(dataDir())) {
            new InboxStore(db, CLOCK).add(List.of(new UpdateInbox.Entry(7, "42", "{\"update_id\":7}")));
        }
        Map<String, String> env = env();

        assertThat(migrate(env)).isEqualTo(1);
        assertThat(err()).contains("holds 1 update received but not handled").contains("--skip-pending");
        assertThat(subscriptionsIn(env)).isZero();

        assertThat(migrate(env, "--skip-pending")).isZero();
        assertThat(out()).contains("subscription: 2 rows").contains("inbox: 1 pending update not copied (--skip-pending)");

        // Once copied, the target's data is what a rerun is told about, pending updates or not.
        assertThat(migrate(env)).isEqualTo(1);
        assertThat(err()).contains("already holds data").doesNotContain("pending");
    }

    @Test
    void withoutADatabaseUrlItIsAUsageErrorNamingTheVariable() {
        stoppedBot();
        Map<String, String> env = Map.of("PAPERBOT_DATA_DIR", dataDir().toString());
        assertThat(migrate(env)).isEqualTo(App.EXIT_USAGE);
        assertThat(err()).startsWith("migrate-store: set PAPERBOT_DATABASE_URL");
        // App.run dispatches the mode (its own streams are the process's)
        assertThat(App.run(new String[]{"migrate-store"}, env)).isEqualTo(2);
    }

    @Test
    void aDataDirectoryWithoutADatabaseFailsAndIsNotCreated() {
        Map<String, String> env = env();
        assertThat(migrate(env)).isEqualTo(1);
        assertThat(err()).startsWith("migrate-store: no PaperBot database at ");
        assertThat(dataDir()).doesNotExist();
    }

    @Test
    void unknownOptionsAndBadSettingsAreUsageErrors() {
        assertThat(migrate(Map.of(), "--force")).isEqualTo(2);
        assertThat(err()).startsWith("migrate-store: unknown option '--force'").contains("--skip-pending");

        assertThat(migrate(Map.of("PAPERBOT_DATABASE_URL", "postgres://db/paperbot"))).isEqualTo(2);
        assertThat(err()).startsWith("migrate-store: ").contains("jdbc:postgresql://");

        assertThat(migrate(Map.of(), "--help")).isZero();
        assertThat(out()).contains("migrate-store [--skip-pending]").contains("PAPERBOT_DATABASE_URL");
        assertThat(App.usage()).contains("migrate-store");
    }
}
