package org.paperbot.testing;

import com.github.benmanes.caffeine.cache.Ticker;
import org.paperbot.bot.AdminCommands;
import org.paperbot.bot.CallbackHandler;
import org.paperbot.bot.CatalogCommands;
import org.paperbot.bot.ChatAdmins;
import org.paperbot.bot.Commands;
import org.paperbot.bot.DailyAdminCommands;
import org.paperbot.bot.DeliverySettingsCommands;
import org.paperbot.bot.FloodGuard;
import org.paperbot.bot.FloodGuards;
import org.paperbot.bot.InlineHandler;
import org.paperbot.bot.NextDelivery;
import org.paperbot.bot.ReaderButtons;
import org.paperbot.bot.ReaderCommands;
import org.paperbot.bot.ReaderMarks;
import org.paperbot.bot.Screens;
import org.paperbot.bot.SearchCommands;
import org.paperbot.bot.SmallTalk;
import org.paperbot.search.Synonyms;
import org.paperbot.bot.SubscriptionCommands;
import org.paperbot.bot.UpdateRouter;
import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogLoader;
import org.paperbot.daily.ChatCalendar;
import org.paperbot.daily.DailyScheduler;
import org.paperbot.library.CatalogReloader;
import org.paperbot.library.Snapshot;
import org.paperbot.library.SnapshotHolder;
import org.paperbot.store.Database;
import org.paperbot.store.DeliverySettingsStore;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.ReaderStores;
import org.paperbot.store.SubscriptionStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.function.LongPredicate;

/**
 * The real command table and router, with real handlers over an in-memory database and no flood control, for tests
 * that route updates without Telegram. Close it to close the database.
 */
public final class TestRouter implements AutoCloseable {
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    private final Database db = Database.inMemory();
    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final DeliverySettingsStore deliverySettings;
    private final CallbackHandler callbacks;
    private final ChatCalendar calendar;
    private final SnapshotHolder snapshots;
    private final Commands commands;
    private final UpdateRouter router;

    /**
     * @param botAdmins   who is in PAPERBOT_ADMIN_IDS
     * @param groupAdmins who administers which group
     * @param scheduler   the daily broadcast behind /push_today and /stats, or null for a bot without them
     */
    public TestRouter(Catalog catalog, Screens screens, String botUsername, Clock clock, LongPredicate botAdmins,
                      ChatAdmins groupAdmins, DailyScheduler scheduler) {
        this.subscriptions = new SubscriptionStore(db, clock, LocalTime.of(9, 0), MOSCOW);
        this.deliveries = new DeliveryStore(db, clock);
        this.calendar = new ChatCalendar(clock, subscriptions);
        // The synonyms the bot ships, as in Wiring.
        Synonyms synonyms = Synonyms.load(Path.of("config/synonyms-ru.txt"));
        this.snapshots = new SnapshotHolder(Snapshot.of(catalog, synonyms));
        this.deliverySettings = new DeliverySettingsStore(db, clock);
        NextDelivery next = new NextDelivery(screens.texts(), deliveries, deliverySettings, clock);
        DeliverySettingsCommands delivery = new DeliverySettingsCommands(screens.texts(), subscriptions, deliverySettings,
                deliveries, next, clock);
        SearchCommands search = new SearchCommands(screens, SmallTalk.russian());
        ReaderStores readers = ReaderStores.over(db, clock);
        ReaderCommands reader = new ReaderCommands(screens.readers(), readers, java.util.Set.of(), clock);
        ReaderButtons readerButtons = new ReaderButtons(screens.readers(), readers);
        this.callbacks = new CallbackHandler(screens, calendar, delivery, readerButtons);
        this.commands = Commands.declared(new CatalogCommands(screens, calendar), search,
                new SubscriptionCommands(screens, subscriptions, next, clock), delivery,
                new AdminCommands(new CatalogReloader(Path.of("config/papers.json"), new CatalogLoader(), snapshots,
                        c -> Snapshot.of(c, synonyms)),
                        screens.texts(), () -> { }),
                scheduler == null ? null : new DailyAdminCommands(screens.texts(), scheduler, subscriptions, clock,
                        MOSCOW, clock.instant()), reader);
        FloodGuard unlimited = new FloodGuard(0, Ticker.systemTicker());
        this.router = new UpdateRouter(snapshots, new UpdateRouter.Routes(commands, callbacks,
                new InlineHandler(screens, calendar, unlimited), reader.notesBefore(search::text)), screens.texts(), botUsername,
                botAdmins, groupAdmins, FloodGuards.off(), new ReaderMarks(screens.readers(), readerButtons));
    }

    public UpdateRouter router() {
        return router;
    }

    /** What day it is in each chat, from this router's clock and subscriptions. */
    public ChatCalendar calendar() {
        return calendar;
    }

    public Commands commands() {
        return commands;
    }

    public SnapshotHolder snapshots() {
        return snapshots;
    }

    public SubscriptionStore subscriptions() {
        return subscriptions;
    }

    public DeliveryStore deliveries() {
        return deliveries;
    }

    public DeliverySettingsStore deliverySettings() {
        return deliverySettings;
    }

    /** The button handler, over the same database. */
    public CallbackHandler callbacks() {
        return callbacks;
    }

    @Override
    public void close() {
        db.close();
    }
}
