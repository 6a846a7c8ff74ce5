package org.paperbot.daily;

import org.paperbot.testing.TestDatabases;
import org.paperbot.outbox.ChatEvents;
import org.paperbot.outbox.Outbox;
import org.paperbot.store.BroadcastLog;
import org.paperbot.store.Database;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.telegram.RetryPolicy;
import org.paperbot.telegram.Sleeper;
import org.paperbot.telegram.TelegramGateway;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.SplittableRandom;

/** The daily machinery over one database and a scripted Telegram, as App wires it. */
final class DailyFixture implements AutoCloseable {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    /** 10 May 2026, 12:00 in Moscow. */
    static final Instant NOON_MOSCOW = Instant.parse("2026-05-10T09:00:00Z");

    final Database db;
    final MutableClock clock;
    final ScriptedTelegram telegram;
    final SubscriptionStore subscriptions;
    final DeliveryStore deliveries;
    final BroadcastLog broadcastLog;
    /** Where the chats' limits live: the broadcaster takes turns at them, as it does next to replies. */
    final Outbox outbox;
    final Broadcaster broadcaster;
    final DailyScheduler scheduler;

    DailyFixture(Database db, MutableClock clock, ScriptedTelegram telegram, int rate, Broadcaster.Options options) {
        this.db = db;
        this.clock = clock;
        this.telegram = telegram;
        this.subscriptions = new SubscriptionStore(db, clock, LocalTime.of(9, 0), MOSCOW);
        this.deliveries = new DeliveryStore(db, clock);
        this.broadcastLog = new BroadcastLog(db);
        TelegramGateway gateway = new TelegramGateway(telegram.client, Sleeper.REAL, new SplittableRandom(1),
                TelegramGateway.ApiListener.NONE);
        DailyCards cards = (chatId, date) -> SendMessage.builder().chatId(chatId).text("card of " + date).build();
        this.outbox = Outbox.start(gateway, ChatEvents.NONE, () -> { }, Outbox.Options.telegram(8, 100), System::nanoTime,
                new SplittableRandom(2));
        this.broadcaster = new Broadcaster(gateway, outbox, subscriptions, deliveries, cards,
                new RateBudget(rate, System::nanoTime), clock, options, new SplittableRandom(3));
        this.scheduler = new DailyScheduler(deliveries, broadcastLog, broadcaster, clock, Duration.ofSeconds(30), 35);
    }

    /** Fast options for tests: millisecond backoff. */
    static Broadcaster.Options fast(int senders) {
        return new Broadcaster.Options(senders, new RetryPolicy(3, Duration.ofMillis(1), Duration.ZERO), 5, 20);
    }

    static DailyFixture create() {
        return new DailyFixture(TestDatabases.fresh(), new MutableClock(NOON_MOSCOW), new ScriptedTelegram(), 1000, fast(4));
    }

    /** The same database after a "restart": new scheduler, broadcaster and Telegram script. */
    DailyFixture restart(ScriptedTelegram newTelegram) {
        return new DailyFixture(db, clock, newTelegram, 1000, fast(4));
    }

    void subscribe(long chatId, String time, ZoneId zone) {
        subscriptions.setZone(chatId, zone);
        subscriptions.subscribe(chatId, Optional.of(LocalTime.parse(time)));
    }

    void subscribe(long chatId, String time) {
        subscribe(chatId, time, MOSCOW);
    }

    @Override
    public void close() {
        scheduler.stop(Duration.ofSeconds(3));
        outbox.stop(Duration.ofSeconds(1));
        db.close();
    }
}
