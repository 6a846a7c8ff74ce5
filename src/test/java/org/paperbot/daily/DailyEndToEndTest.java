package org.paperbot.daily;

import org.paperbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.store.Database;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.Subscription;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.testing.BotApiLimits;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.FakeBotApi.Answer;
import org.paperbot.testing.FakeBotApi.Call;
import org.paperbot.testing.RunningBot;
import org.paperbot.testing.Updates;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Daily delivery through the whole bot: the real wiring (PaperBot) talks HTTP to {@link FakeBotApi};
 * subscriptions come in as updates, cards go out as sendMessage calls, and Telegram's answers are injected
 * per chat. The clock is injected: at 07:00 in Moscow nobody's 09:00 has come, so only /push_today sends.
 */
class DailyEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final long ADMIN = 999;
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    static final Instant SEVEN_MOSCOW = Instant.parse("2026-05-10T04:00:00Z");
    static final Instant NOON_MOSCOW = Instant.parse("2026-05-10T09:00:00Z");
    static final LocalDate MAY_10 = LocalDate.of(2026, 5, 10);
    /** Every daily card starts with the header of the paper of the day. */
    static final String CARD = "📅 <b>Статья дня</b> · 10 мая 2026";

    @TempDir
    Path dataDir;
    FakeBotApi api;
    final List<RunningBot> bots = new ArrayList<>();

    @BeforeEach
    void startApi() {
        api = FakeBotApi.start();
    }

    @AfterEach
    void stopAll() {
        bots.forEach(RunningBot::stop);
        assertThat(BotApiLimits.checkAll(api.calls())).as("every request within Bot API limits").isEmpty();
        api.close();
    }

    private RunningBot startBot(Clock clock, Map<String, String> extra) {
        Map<String, String> env = RunningBot.env(api, dataDir);
        env.put("PAPERBOT_ADMIN_IDS", String.valueOf(ADMIN));
        env.put("PAPERBOT_DAILY_TICK", "1");
        env.putAll(extra);
        RunningBot bot = RunningBot.start(env, clock);
        bots.add(bot);
        return bot;
    }

    private RunningBot startBot(Clock clock) {
        return startBot(clock, Map.of());
    }

    /** Replies already read, so each command waits for its own answer. */
    private final List<Call> seen = new ArrayList<>();

    private String reply(long user, String text) {
        api.push(Updates.privateText(user, text));
        Call c = api.await("sendMessage", x -> x.chatId() == user && !isCard(x) && !seen.contains(x), WAIT);
        seen.add(c);
        return c.text();
    }

    private String groupReply(long group, long user, String text) {
        api.push(Updates.groupText(group, user, text));
        Call c = api.await("sendMessage", x -> x.chatId() == group && !isCard(x) && !seen.contains(x), WAIT);
        seen.add(c);
        return c.text();
    }

    static boolean isCard(Call c) {
        return c.text() != null && c.text().startsWith(CARD);
    }

    private List<Call> cards() {
        return api.calls("sendMessage").stream().filter(DailyEndToEndTest::isCard).toList();
    }

    private Map<Long, Long> cardsPerChat() {
        return cards().stream().collect(Collectors.groupingBy(Call::chatId, Collectors.counting()));
    }

    private void awaitCards(int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (cards().size() < count && System.nanoTime() < deadline) {
            sleep(5);
        }
        assertThat(cards()).as("cards sent").hasSizeGreaterThanOrEqualTo(count);
    }

    /** Waits until the broadcast's outcome is in the database (after its last send is recorded). */
    private static BroadcastReport awaitReport(RunningBot bot, int planned) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<BroadcastReport> last = bot.bot().scheduler().lastReport();
            if (last.isPresent() && last.get().planned() == planned) {
                return last.get();
            }
            sleep(5);
        }
        throw new AssertionError("no broadcast of " + planned + " recorded within " + WAIT);
    }

    @Test
    void subscribeThenPushTodaySendsExactlyOneCardPerChat() {
        RunningBot bot = startBot(Clock.fixed(SEVEN_MOSCOW, MOSCOW));
        assertThat(reply(101, "/subscribe")).contains("Подписка оформлена", "09:00", "сегодня в 09:00");
        assertThat(reply(102, "/subscribe 08:30")).contains("08:30");
        assertThat(reply(103, "/timezone Europe/Berlin")).contains("Europe/Berlin");
        assertThat(reply(103, "/subscribe")).contains("Europe/Berlin");
        long group = -100500;
        api.memberStatus(group, 7, "administrator");
        assertThat(groupReply(group, 8, "/subscribe")).as("not an admin").contains("администраторы");
        assertThat(groupReply(group, 7, "/subscribe")).contains("Подписка оформлена");
        assertThat(reply(104, "/subscribe")).contains("Подписка оформлена");
        assertThat(reply(104, "/unsubscribe")).contains("Подписка отменена");
        assertThat(reply(105, "/push_today")).as("not an admin: unknown command").contains("Такой команды я не знаю");

        assertThat(reply(ADMIN, "/push_today")).contains("получателей — 4");
        awaitCards(4);
        awaitReport(bot, 4);
        assertThat(reply(ADMIN, "/push_today")).as("idempotent").contains("уже получили");
        assertThat(reply(ADMIN, "/stats")).contains("активных — 4, неактивных — 1", "Отправлено — 4 из 4", "/push_today");
        assertThat(cardsPerChat()).containsOnly(Map.entry(101L, 1L), Map.entry(102L, 1L), Map.entry(103L, 1L),
                Map.entry(group, 1L));
        assertThat(reply(101, "/settings")).contains("включена", "завтра, 11 мая, в 09:00");
    }

    @Test
    void aBlockedChatAndAVanishedChatAreDeactivatedWithTheirReason() {
        RunningBot bot = startBot(Clock.fixed(SEVEN_MOSCOW, MOSCOW));
        for (long user : new long[] {201, 202, 203}) {
            reply(user, "/subscribe");
        }
        api.override("sendMessage", c -> !isCard(c) ? null
                : c.chatId() == 202 ? Answer.error(403, "Forbidden: bot was blocked by the user")
                : c.chatId() == 203 ? Answer.error(400, "Bad Request: chat not found") : null);
        reply(ADMIN, "/push_today");
        awaitReport(bot, 3);
        assertThat(reply(ADMIN, "/stats")).contains("активных — 1, неактивных — 2", "заблокировали меня — 1",
                "чат не найден — 1", "из них отключено чатов — 2");
        assertThat(reply(202, "/settings")).contains("приостановлена 10 мая");
        assertThat(reply(ADMIN, "/push_today")).as("inactive chats are not retried").contains("уже получили");
        assertThat(cards().stream().filter(c -> c.chatId() == 202)).hasSize(1);
        assertThat(reply(202, "/subscribe")).as("back by /subscribe").contains("Подписка оформлена");
    }

    @Test
    void aMigratedGroupIsMovedAndGetsTheCardAtItsNewId() {
        RunningBot bot = startBot(Clock.fixed(SEVEN_MOSCOW, MOSCOW));
        long group = -4100;
        long supergroup = -1004100;
        api.memberStatus(group, 7, "creator");
        groupReply(group, 7, "/subscribe 10:15");
        api.override("sendMessage", c -> c.chatId() == group ? Answer.migrated(supergroup) : null);
        reply(ADMIN, "/push_today");
        Call card = api.await("sendMessage", c -> c.chatId() == supergroup && isCard(c), WAIT);
        assertThat(card.text()).startsWith(CARD);
        awaitReport(bot, 1);
        assertThat(groupReply(supergroup, 7, "/settings")).contains("включена", "10:15", "завтра");
        assertThat(reply(ADMIN, "/push_today")).contains("уже получили");
        assertThat(reply(ADMIN, "/stats")).contains("перенесено в супергруппы — 1", "активных — 1");
    }

    @Test
    void a429IsHonouredBeforeAnyFurtherCard() {
        // 5/s: slots 200 ms apart, so the 429 is back long before the next slot (no send is in flight then).
        RunningBot bot = startBot(Clock.fixed(SEVEN_MOSCOW, MOSCOW), Map.of("PAPERBOT_DAILY_RATE", "5"));
        for (long user = 301; user <= 306; user++) {
            reply(user, "/subscribe");
        }
        AtomicBoolean limited = new AtomicBoolean();
        api.override("sendMessage", c -> isCard(c) && limited.compareAndSet(false, true) ? Answer.tooManyRequests(1) : null);
        reply(ADMIN, "/push_today");
        awaitCards(7); // six cards plus the one refused
        awaitReport(bot, 6);
        List<Call> cards = cards();
        long refusedAt = cards.get(0).atNanos();
        assertThat(cards.subList(1, cards.size())).as("nothing sent during retry_after")
                .allSatisfy(c -> assertThat(c.atNanos() - refusedAt).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos()));
        Map<Long, Long> perChat = cardsPerChat();
        assertThat(perChat).hasSize(6);
        assertThat(perChat.get(cards.get(0).chatId())).as("the refused card is sent again, once").isEqualTo(2L);
        assertThat(perChat.values().stream().filter(n -> n == 1)).hasSize(5);
        assertThat(reply(ADMIN, "/stats")).contains("Отправлено — 6 из 6", "ответов 429 — 1");
    }

    @Test
    void aRestartOnTheSameDataDirSendsNothingTwice() {
        MutableClock clock = new MutableClock(SEVEN_MOSCOW);
        RunningBot first = startBot(clock);
        reply(401, "/subscribe");
        reply(402, "/subscribe 08:00");
        reply(ADMIN, "/push_today");
        awaitCards(2);
        first.stop();
        bots.remove(first);

        clock.set(NOON_MOSCOW); // both subscribers' times have now come: a naive scheduler would send again
        startBot(clock);
        reply(403, "/subscribe"); // due at once: the first tick sends it, proving ticks ran
        api.await("sendMessage", c -> c.chatId() == 403 && isCard(c), WAIT);
        reply(ADMIN, "/push_today");
        assertThat(cardsPerChat()).containsOnly(Map.entry(401L, 1L), Map.entry(402L, 1L), Map.entry(403L, 1L));
    }

    @Test
    void aBotKilledMidBroadcastDeliversTheRestAfterRestart() throws Exception {
        int subscribers = 60;
        try (Database db = TestDatabases.open(dataDir)) {
            // Subscribed at the bots' own time: the due instant is computed when the subscription is written.
            SubscriptionStore store = new SubscriptionStore(db, Clock.fixed(NOON_MOSCOW, MOSCOW), LocalTime.of(9, 0), MOSCOW);
            for (long chat = 5001; chat < 5001 + subscribers; chat++) {
                store.subscribe(chat, Optional.empty());
            }
        }
        api.latency(Duration.ofMillis(20));
        Clock noon = Clock.fixed(NOON_MOSCOW, MOSCOW);
        Map<String, String> slow = Map.of("PAPERBOT_DAILY_RATE", "20");
        RunningBot first = startBot(noon, slow);
        awaitCards(20);
        first.kill();
        bots.remove(first);
        int beforeKill = cards().size();
        assertThat(beforeKill).isLessThan(subscribers);

        int unknownOutcome;
        try (Database db = TestDatabases.open(dataDir)) {
            DeliveryStore deliveries = new DeliveryStore(db, Clock.systemUTC());
            unknownOutcome = deliveries.inState(DeliveryStore.State.SENDING).size()
                    + deliveries.inState(DeliveryStore.State.FAILED).size();
        }

        RunningBot second = startBot(noon, slow);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (cardsPerChat().size() < subscribers && System.nanoTime() < deadline) {
            sleep(10);
        }
        second.stop();
        bots.remove(second);

        Map<Long, Long> perChat = cardsPerChat();
        assertThat(perChat).as("every subscriber got today's card").hasSize(subscribers);
        long duplicates = cards().size() - subscribers;
        assertThat(duplicates).as("only sends whose outcome the killed bot never recorded may repeat")
                .isLessThanOrEqualTo(unknownOutcome)
                .isLessThanOrEqualTo(Broadcaster.Options.forRate(20).senders());
        try (Database db = TestDatabases.open(dataDir)) {
            assertThat(new DeliveryStore(db, Clock.systemUTC()).inState(DeliveryStore.State.SENT)).hasSize(subscribers);
        }
    }

    @Test
    void anUnsubscribedChatIsKeptInactiveAndNotSent() {
        startBot(Clock.fixed(SEVEN_MOSCOW, MOSCOW));
        reply(601, "/subscribe");
        reply(601, "/unsubscribe");
        assertThat(reply(ADMIN, "/push_today")).contains("уже получили");
        bots.forEach(RunningBot::stop); // the data directory is locked while a bot uses it
        bots.clear();
        try (Database db = TestDatabases.open(dataDir)) {
            Subscription s = new SubscriptionStore(db, Clock.systemUTC(), LocalTime.of(9, 0), MOSCOW).find(601).orElseThrow();
            assertThat(s.inactiveReason()).contains(Subscription.InactiveReason.UNSUBSCRIBED);
        }
        assertThat(cards()).isEmpty();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
