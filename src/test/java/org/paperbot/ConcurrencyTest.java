package org.paperbot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.testing.BotFixture;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.RunningBot;
import org.paperbot.testing.Updates;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent handling: order within a chat, parallelism across chats, bounded work under a flood. Parallelism and
 * the bound are observed where Telegram would see them, at the fake Bot API, not read from the bot's own counters.
 */
class ConcurrencyTest {
    /** Replies that must be in flight at the same moment; far below the 60 chats and 64 update workers used here. */
    static final int TOGETHER = 16;
    /** Telegram hands out at most this many updates per getUpdates. */
    static final int BATCH = 100;

    @TempDir
    Path dataDir;

    @Test
    void eachChatIsAnsweredInOrderWhileChatsRunInParallel() throws InterruptedException {
        int chats = 60;
        // Eight different cards per chat: fewer than a chat's outbox keeps waiting, none identical to another.
        int perChat = 8;
        // The first replies are held at the fake until TOGETHER of them wait there at once, which only a bot handling
        // that many chats at the same time can do. The wait is bounded: a bot without parallelism fails, not hangs.
        CountDownLatch together = new CountDownLatch(TOGETHER);
        AtomicBoolean gaveUp = new AtomicBoolean();
        try (FakeBotApi api = FakeBotApi.start()) {
            SplittableRandom random = new SplittableRandom(42);
            api.override("sendMessage", c -> {
                if (!gaveUp.get()) {
                    together.countDown();
                    if (!awaitQuietly(together, BotFixture.WAIT)) {
                        gaveUp.set(true);
                    }
                }
                int delay;
                synchronized (random) {
                    delay = random.nextInt(25);
                }
                return delay == 0 ? null : nullAfter(delay);
            });
            try (RunningBot bot = RunningBot.start(RunningBot.env(api, dataDir), Clock.systemUTC())) {
                for (int round = 0; round < perChat; round++) {
                    for (int chat = 1; chat <= chats; chat++) {
                        api.push(Updates.privateText(10_000 + chat, "/paper " + (round % 8 + 1)));
                    }
                }
                List<FakeBotApi.Call> replies = api.awaitCount("sendMessage", chats * perChat, Duration.ofSeconds(90));
                assertThat(gaveUp).as(TOGETHER + " replies to different chats in flight at once").isFalse();
                Map<Long, List<String>> byChat = replies.stream().collect(Collectors.groupingBy(FakeBotApi.Call::chatId,
                        Collectors.mapping(c -> c.text().substring(0, 24), Collectors.toList())));
                List<String> titles = BotFixture.cardStarts();
                List<String> expected = new ArrayList<>();
                for (int round = 0; round < perChat; round++) {
                    expected.add(titles.get(round % 8));
                }
                assertThat(byChat).hasSize(chats);
                byChat.values().forEach(list -> assertThat(list).containsExactlyElementsOf(expected));
            }
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Lets the fake answer normally after a delay (the override answers null = "as usual"). */
    private static FakeBotApi.Answer nullAfter(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    @Test
    void aFloodOfFiftyThousandUpdatesIsDrainedWithBoundedWorkAndNoLoss() throws Exception {
        int total = 50_000;
        try (FakeBotApi api = FakeBotApi.start()) {
            api.latency(Duration.ofMillis(2));
            // Each update gets exactly one reply, so the updates Telegram handed out and whose reply has not arrived
            // yet — counting the one arriving — are work the bot holds: at most the in-flight bound, the rest of the
            // batch the polling loop is blocked on, and the replies the outbox holds (waiting or on the wire).
            AtomicInteger maxHeld = new AtomicInteger();
            api.override("sendMessage", c -> {
                maxHeld.accumulateAndGet(api.handedOutCount() - api.count("sendMessage") + 1, Math::max);
                return null;
            });
            Map<String, String> env = RunningBot.env(api, dataDir);
            env.put("PAPERBOT_FLOOD_COMMANDS", "0");
            try (RunningBot bot = RunningBot.start(env, Clock.systemUTC())) {
                // Two different commands per user: within a chat's burst, so every reply goes out at once.
                int users = total / 2;
                for (int i = 0; i < total; i++) {
                    api.push(Updates.privateText(1 + i % users, i < users ? "/help" : "/about"));
                }
                api.awaitCount("sendMessage", total, Duration.ofMinutes(3));
                assertThat(api.calls("sendMessage")).hasSize(total);
                assertThat(api.calls("sendMessage").stream().map(FakeBotApi.Call::chatId).distinct()).hasSize(users);
                assertThat(maxHeld.get()).as("work held by the bot stays bounded")
                        .isLessThanOrEqualTo(Wiring.MAX_UPDATES_IN_FLIGHT + BATCH + Wiring.MAX_REPLIES_WAITING
                                + Wiring.MAX_MESSAGES_ON_THE_WIRE);
                assertThat(maxHeld.get()).as("and the flood did pile up").isGreaterThan(BATCH);
            }
            assertThat(api.confirmedOffset()).isEqualTo(total + 1);
        }
    }
}
