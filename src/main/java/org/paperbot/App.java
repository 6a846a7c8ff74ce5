package org.paperbot;

import org.paperbot.bot.CallbackHandler;
import org.paperbot.bot.CatalogCommands;
import org.paperbot.bot.Commands;
import org.paperbot.bot.Snapshot;
import org.paperbot.bot.SnapshotHolder;
import org.paperbot.bot.UpdateRouter;
import org.paperbot.bot.Views;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogException;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.config.BotConfig;
import org.paperbot.config.BotToken;
import org.paperbot.config.ConfigException;
import org.paperbot.config.ConfigLoader;
import org.paperbot.console.ConsoleChat;
import org.paperbot.daily.PaperOfTheDay;
import org.paperbot.logging.Logging;
import org.paperbot.render.Texts;
import org.paperbot.telegram.ApiError;
import org.paperbot.telegram.ApiResult;
import org.paperbot.telegram.LongPollingRunner;
import org.paperbot.telegram.ReplySender;
import org.paperbot.telegram.RetryPolicy;
import org.paperbot.telegram.Sleeper;
import org.paperbot.telegram.TelegramGateway;
import org.paperbot.telegram.TelegramHttp;
import org.paperbot.telegram.UpdateDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.random.RandomGenerator;

/**
 * Entry point. {@code java -jar paperbot.jar} runs the bot (long polling); {@code java -jar paperbot.jar console}
 * runs the same handlers in the terminal without a token or network. Everything is wired here, by hand.
 */
public final class App {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    static final int EXIT_OK = 0;
    static final int EXIT_USAGE = 2;
    static final int EXIT_TELEGRAM = 3;
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(7);

    /** What bot mode builds; {@link #stop} undoes it in reverse order. */
    private record Running(LongPollingRunner polling, OkHttpTelegramClient client, okhttp3.OkHttpClient http) {
    }

    private App() {
    }

    public static void main(String[] args) {
        Logging.routeJavaUtilLogging();
        int code = run(args, System.getenv());
        System.exit(code);
    }

    static int run(String[] args, Map<String, String> env) {
        String mode = args.length == 0 ? "bot" : args[0];
        try {
            return switch (mode) {
                case "bot" -> runBot(env);
                case "console" -> runConsole(env, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                        new PrintStream(System.out, true, StandardCharsets.UTF_8));
                case "-h", "--help", "help" -> {
                    System.out.println(usage());
                    yield EXIT_OK;
                }
                default -> {
                    System.err.println("paperbot: unknown mode '" + mode + "'\n" + usage());
                    yield EXIT_USAGE;
                }
            };
        } catch (ConfigException | CatalogException e) {
            System.err.println("paperbot: " + e.getMessage());
            return EXIT_USAGE;
        }
    }

    static String usage() {
        return """
                usage: java -jar target/paperbot.jar            run the bot (needs TELEGRAM_BOT_TOKEN)
                       java -jar target/paperbot.jar console    chat with the bot in this terminal (no token needed)""";
    }

    static int runConsole(Map<String, String> env, BufferedReader in, PrintStream out) {
        BotConfig config = ConfigLoader.load(env);
        Logging.configure(config.logFormat() == BotConfig.LogFormat.JSON, config.logLevel());
        Catalog catalog = new CatalogLoader().load(config.catalogPath());
        Texts texts = Texts.russian();
        Views views = views(config, texts);
        UpdateRouter router = new UpdateRouter(new SnapshotHolder(new Snapshot(catalog)), commands(views),
                new CallbackHandler(views), texts, "paperbot", config::isAdmin);
        try {
            new ConsoleChat(router, texts, in, out).run();
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
        Catalog catalog = new CatalogLoader().load(config.catalogPath());
        log.info("Catalog {}: {} papers", config.catalogPath(), catalog.size());
        Texts texts = Texts.russian();

        okhttp3.OkHttpClient http = TelegramHttp.sendingClient(128);
        OkHttpTelegramClient client = new OkHttpTelegramClient(http, token.secret(), TelegramHttp.telegramUrl(config.apiUrl()));
        TelegramGateway gateway = new TelegramGateway(client, Sleeper.REAL, TelegramGateway.ApiListener.NONE);

        CountDownLatch stopRequested = new CountDownLatch(1);
        Signals.onTerminate(stopRequested::countDown);

        User me = awaitIdentity(gateway, stopRequested);
        if (me == null) {
            return stopRequested.getCount() == 0 ? EXIT_OK : EXIT_TELEGRAM;
        }
        log.info("Logged in as @{} via {}", me.getUserName(), config.apiUrl());

        Views views = views(config, texts);
        Commands commands = commands(views);
        UpdateRouter router = new UpdateRouter(new SnapshotHolder(new Snapshot(catalog)), commands,
                new CallbackHandler(views), texts, me.getUserName(), config::isAdmin);
        ReplySender replies = new ReplySender(gateway, ReplySender.ChatEvents.NONE);
        publishCommands(gateway, commands, texts);

        UpdateDispatcher dispatcher = new UpdateDispatcher(update -> replies.send(router.route(update)), 64, 1000);
        LongPollingRunner polling = new LongPollingRunner(token, TelegramHttp.telegramUrl(config.apiUrl()),
                config.pollTimeoutSeconds(), dispatcher, gateway);
        try {
            polling.start();
        } catch (TelegramApiException e) {
            log.error("Could not start long polling: {}", e.getMessage());
            return EXIT_TELEGRAM;
        }
        Running running = new Running(polling, client, http);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(running), "shutdown"));
        awaitQuietly(stopRequested);
        stop(running);
        return EXIT_OK;
    }

    private static Views views(BotConfig config, Texts texts) {
        return new Views(texts, new PaperOfTheDay(), Clock.systemUTC(), config.zone(), config.listPageSize(),
                RandomGenerator.getDefault());
    }

    /** The command table: where each command is handled. */
    private static Commands commands(Views views) {
        CatalogCommands catalogCommands = new CatalogCommands(views);
        return new Commands()
                .add("start", "command.start", catalogCommands::start)
                .add("today", "command.today", catalogCommands::today)
                .add("list", "command.list", catalogCommands::list)
                .add("paper", "command.paper", catalogCommands::paper)
                .add("random", "command.random", catalogCommands::random)
                .add("topics", "command.topics", catalogCommands::topics)
                .add("topic", "command.topic", catalogCommands::topic)
                .add("about", "command.about", catalogCommands::about)
                .add("help", "command.help", catalogCommands::help);
    }

    /** getMe, retried while Telegram is unreachable; a rejected token ends the process with a clear line. */
    private static User awaitIdentity(TelegramGateway gateway, CountDownLatch stopRequested) {
        Duration wait = Duration.ofSeconds(1);
        while (stopRequested.getCount() > 0) {
            ApiResult<User> me = gateway.call(new GetMe(), RetryPolicy.REPLIES);
            if (me instanceof ApiResult.Ok<User> ok) {
                return ok.value();
            }
            ApiError error = me.error();
            if (error.kind() == ApiError.Kind.UNAUTHORIZED) {
                System.err.println("paperbot: Telegram rejected TELEGRAM_BOT_TOKEN (" + error.code() + " " + error.description()
                        + "): check the token with @BotFather");
                return null;
            }
            log.warn("Telegram is not reachable yet ({}); retrying in {} s", error, wait.toSeconds());
            try {
                if (stopRequested.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(60) : wait.multipliedBy(2);
        }
        return null;
    }

    private static void publishCommands(TelegramGateway gateway, Commands commands, Texts texts) {
        SetMyCommands set = SetMyCommands.builder()
                .commands(commands.menu().stream()
                        .map(c -> new BotCommand(c.name(), texts.get(c.menuTextKey())))
                        .toList())
                .build();
        ApiResult<Boolean> result = gateway.call(set, RetryPolicy.REPLIES);
        if (!result.isOk()) {
            log.warn("setMyCommands failed: {}; the command menu may be outdated", result.error());
        }
    }

    private static void stop(Running running) {
        synchronized (running) {
            if (!running.polling().isRunning()) {
                return;
            }
            log.info("Stopping: finishing replies in flight");
            try {
                running.polling().stop(SHUTDOWN_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.http().dispatcher().executorService().shutdown();
            running.http().connectionPool().evictAll();
            log.info("Stopped");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
