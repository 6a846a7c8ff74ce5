package org.paperbot;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogException;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.concurrent.DaemonThreads;
import org.paperbot.config.BotConfig;
import org.paperbot.config.BotToken;
import org.paperbot.config.ConfigException;
import org.paperbot.search.SynonymsException;
import org.paperbot.config.ConfigLoader;
import org.paperbot.catalog.Paper;
import org.paperbot.console.ConsoleChat;
import org.paperbot.curate.CatalogCli;
import org.paperbot.curate.Http;
import org.paperbot.logging.Logging;
import org.paperbot.store.Database;
import org.paperbot.store.PostgresDatabase;
import org.paperbot.store.StoreException;
import org.paperbot.store.StoreMigration;
import org.paperbot.telegram.Sleeper;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point. {@code java -jar paperbot.jar} runs the bot (long polling); {@code java -jar paperbot.jar console}
 * runs the same handlers in the terminal without a token or network; {@code java -jar paperbot.jar catalog …} runs
 * the curator's tools ({@link CatalogCli}); {@code java -jar paperbot.jar migrate-store} copies a stopped bot's state
 * from its SQLite file into PostgreSQL ({@link StoreMigration}).
 */
public final class App {
    static final int EXIT_OK = 0;
    /** A command that ran and failed (migrate-store), as the catalog tools' FAILED. */
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_TELEGRAM = 3;
    static final int EXIT_STORE = 4;
    /** SIGTERM must end the process within 10 s: the orderly stop gets 8 s (what it leaves stays stored)… */
    static final Duration SHUTDOWN_BUDGET = Duration.ofSeconds(8);
    /** … and whatever might still hang (a Bot API call at start-up, say) is cut off here. */
    static final Duration EXIT_DEADLINE = Duration.ofMillis(9_500);

    private App() {
    }

    public static void main(String[] args) {
        Logging.routeJavaUtilLogging();
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        String mode = args.length == 0 ? "bot" : args[0];
        try {
            return switch (mode) {
                case "bot" -> runBot(env);
                case "console" -> runConsole(env, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                        new PrintStream(System.out, true, StandardCharsets.UTF_8));
                case "catalog" -> runCatalog(env, List.of(args).subList(1, args.length), Sleeper.REAL, Http.standard(),
                        new PrintStream(System.out, true, StandardCharsets.UTF_8),
                        new PrintStream(System.err, true, StandardCharsets.UTF_8));
                case "migrate-store" -> runMigrateStore(env, List.of(args).subList(1, args.length),
                        new PrintStream(System.out, true, StandardCharsets.UTF_8),
                        new PrintStream(System.err, true, StandardCharsets.UTF_8));
                case "-h", "--help", "help" -> {
                    System.out.println(usage());
                    yield EXIT_OK;
                }
                default -> {
                    System.err.println("paperbot: unknown mode '" + mode + "'\n" + usage());
                    yield EXIT_USAGE;
                }
            };
        } catch (ConfigException | CatalogException | SynonymsException e) {
            System.err.println("paperbot: " + e.getMessage());
            return EXIT_USAGE;
        } catch (PaperBot.RejectedTokenException e) {
            System.err.println("paperbot: " + e.getMessage());
            return EXIT_TELEGRAM;
        } catch (StoreException e) {
            System.err.println("paperbot: " + e.getMessage());
            return EXIT_STORE;
        }
    }

    static String usage() {
        return """
                usage: java -jar target/paperbot.jar            run the bot (needs TELEGRAM_BOT_TOKEN)
                       java -jar target/paperbot.jar console    chat with the bot in this terminal (no token needed)
                       java -jar target/paperbot.jar catalog …  the curator's tools (catalog --help lists them)
                       java -jar target/paperbot.jar migrate-store  copy a stopped bot's state from SQLite into the
                                                                  PostgreSQL of PAPERBOT_DATABASE_URL (migrate-store --help)""";
    }

    static String migrateStoreUsage() {
        return """
                usage: java -jar target/paperbot.jar migrate-store [--skip-pending]
                Copies the state of a stopped bot (subscriptions, deliveries, broadcast runs, papers of the day, saved
                papers, votes, notes, follows, papers seen) from the SQLite database of its data directory
                (PAPERBOT_DATA_DIR) into the PostgreSQL database of PAPERBOT_DATABASE_URL (as PAPERBOT_DATABASE_USER,
                with PAPERBOT_DATABASE_PASSWORD), in one transaction: all of it or, on any error, nothing. Stop the bot
                first; the target must hold no data yet (its tables are created if needed).
                  --skip-pending  copy even though the bot's inbox holds updates it did not handle; they are left
                                  unanswered (without it, such updates make the copy refuse)
                Exit status: 0 copied, 1 refused or failed (nothing written), 2 usage or settings.""";
    }

    /**
     * {@code migrate-store}: copies the state of the bot of {@code config.dataDir()} (stopped: a running one holds the
     * data directory's lock, and opening refuses) into the PostgreSQL database of the settings, then prints the rows
     * copied per table and their total.
     */
    static int runMigrateStore(Map<String, String> env, List<String> args, PrintStream out, PrintStream err) {
        boolean skipPending = false;
        for (String arg : args) {
            switch (arg) {
                case "-h", "--help", "help" -> {
                    out.println(migrateStoreUsage());
                    return EXIT_OK;
                }
                case "--skip-pending" -> skipPending = true;
                default -> {
                    err.println("migrate-store: unknown option '" + arg + "'\n" + migrateStoreUsage());
                    return EXIT_USAGE;
                }
            }
        }
        BotConfig config;
        try {
            config = ConfigLoader.load(env);
        } catch (ConfigException e) {
            err.println("migrate-store: " + e.getMessage());
            return EXIT_USAGE;
        }
        Logging.configure(config.logFormat() == BotConfig.LogFormat.JSON, env.containsKey("PAPERBOT_LOG_LEVEL") ? config.logLevel() : "WARN");
        BotConfig.Store store = config.store();
        if (!store.postgres()) {
            err.println("migrate-store: set PAPERBOT_DATABASE_URL (database.url) to the PostgreSQL database to copy into,"
                    + " e.g. jdbc:postgresql://db:5432/paperbot, with PAPERBOT_DATABASE_USER and PAPERBOT_DATABASE_PASSWORD");
            return EXIT_USAGE;
        }
        try (Database from = StoreMigration.openSqlite(config.dataDir());
             // The copy is one transaction: two connections, the least a pool may have.
             Database to = PostgresDatabase.open(store.url(), store.user(), store.password(), 2)) {
            StoreMigration.Report report = StoreMigration.copy(from, to, skipPending);
            for (StoreMigration.Copied table : report.tables()) {
                out.println(table.table() + ": " + table.rows() + " rows");
            }
            out.println("total: " + report.total() + " rows");
            if (report.pendingSkipped() > 0) {
                long n = report.pendingSkipped();
                out.println("inbox: " + n + (n == 1 ? " pending update" : " pending updates") + " not copied (--skip-pending)");
            }
            out.println("copied " + from.name() + " into " + to.name() + "; start the replicas with this"
                    + " PAPERBOT_DATABASE_URL");
            return EXIT_OK;
        } catch (RuntimeException e) {
            err.println("migrate-store: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return EXIT_FAILED;
        }
    }

    static int runCatalog(Map<String, String> env, List<String> args, Sleeper sleeper, Http http, PrintStream out,
                          PrintStream err) {
        if (args.size() == 1 && List.of("-h", "--help", "help").contains(args.get(0))) {
            out.println(CatalogCli.usage());
            return EXIT_OK;
        }
        BotConfig config = ConfigLoader.load(env);
        Logging.configure(config.logFormat() == BotConfig.LogFormat.JSON, env.containsKey("PAPERBOT_LOG_LEVEL") ? config.logLevel() : "WARN");
        Clock clock = Clock.system(config.zone()); // "today" for published_at is the bot's today
        return new CatalogCli(new CatalogCli.Setup(env, config.catalogPath(), clock, sleeper, http,
                paper -> consoleCard(config, paper), out, err)).run(args);
    }

    /** A paper's card exactly as the console shows /paper: the bot's own handlers, on a catalog of that paper alone. */
    static String consoleCard(BotConfig config, Paper paper) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Catalog catalog = new Catalog(List.of(paper), List.of());
        try (Wiring.Offline offline = Wiring.offline(config, catalog, Clock.systemUTC(), "paperbot")) {
            new ConsoleChat(offline.handlers().router(), offline.handlers().texts(),
                    new BufferedReader(new StringReader("")), out).handle("/paper " + paper.id());
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static int runConsole(Map<String, String> env, BufferedReader in, PrintStream out) {
        BotConfig config = ConfigLoader.load(env);
        // The terminal is the chat: only warnings interrupt it, unless a level was asked for explicitly.
        boolean levelGiven = env.containsKey("PAPERBOT_LOG_LEVEL");
        Logging.configure(config.logFormat() == BotConfig.LogFormat.JSON, levelGiven ? config.logLevel() : "WARN");
        // Subscriptions work in the console too, kept in memory; nothing is sent on a schedule here.
        try (Wiring.Offline offline = Wiring.console(config, Clock.systemUTC())) {
            new ConsoleChat(offline.handlers().router(), offline.handlers().texts(), in, out).run();
        } catch (IOException e) {
            System.err.println("paperbot: cannot read the terminal: " + e.getMessage());
            return EXIT_USAGE;
        }
        return EXIT_OK;
    }

    static int runBot(Map<String, String> env) {
        BotConfig config = ConfigLoader.load(env);
        Logging.configure(config.logFormat() == BotConfig.LogFormat.JSON, config.logLevel());
        BotToken token = ConfigLoader.token(env);
        Logging.redactSecret(token.secret());
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signals.onTerminate(() -> {
            if (stopRequested.getCount() > 0) {
                stopRequested.countDown();
                exitAfter(EXIT_DEADLINE);
            }
        });

        PaperBot bot = PaperBot.start(config, token, Clock.systemUTC(), stopRequested);
        if (bot == null) {
            return EXIT_OK; // stopped before Telegram was reachable
        }
        // Covers exits not caused by SIGTERM/SIGINT (e.g. SIGHUP); stop() is idempotent.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> bot.stop(SHUTDOWN_BUDGET), "shutdown"));
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bot.stop(SHUTDOWN_BUDGET);
        return EXIT_OK;
    }

    /**
     * The last resort behind the orderly stop, which has its own deadline: ends the process even if something
     * blocks (start-up waiting on a stalled Bot API). Nothing is lost by it: received updates are stored.
     */
    private static void exitAfter(Duration deadline) {
        DaemonThreads.start("exit-deadline", () -> {
            try {
                Thread.sleep(deadline.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            LoggerFactory.getLogger(App.class).error("Still running {} ms after SIGTERM; exiting without finishing",
                    deadline.toMillis());
            Runtime.getRuntime().halt(EXIT_OK);
        });
    }
}
