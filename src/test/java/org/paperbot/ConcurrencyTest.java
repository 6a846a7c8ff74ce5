package org.paperbot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Concurrent handling: order within a chat, parallelism across chats, bounded work under a flood. */
class ConcurrencyTest {
    @TempDir
    Path dataDir;

    @Test
    void eachChatIsAnsweredInOrderWhileChatsRunInParallel() {
        int chats = 60;
        int perChat = 15;
        try (FakeBotApi api = FakeBotApi.start()) {
            SplittableRandom random = new SplittableRandom(42);
            api.override("sendMessage", c -> {
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
                List<FakeBotApi.Call> replies = api.awaitCount("sendMessage", chats * perChat, Duration.ofSeconds(60));
                Map<Long, List<String>> byChat = replies.stream().collect(Collectors.groupingBy(FakeBotApi.Call::chatId,
                        Collectors.mapping(c -> c.text().substring(0, 24), Collectors.toList())));
                List<String> expected = new ArrayList<>();
                List<String> titles = new org.paperbot.catalog.CatalogLoader().load(Path.of("config/papers.json")).papers()
                        .stream().map(p -> ("<b>" + p.title()).substring(0, 24)).toList();
                for (int round = 0; round < perChat; round++) {
                    expected.add(titles.get(round % 8));
                }
                assertThat(byChat).hasSize(chats);
                byChat.values().forEach(list -> assertThat(list).containsExactlyElementsOf(expected));
            }
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
            Map<String, String> env = RunningBot.env(api, dataDir);
            env.put("PAPERBOT_FLOOD_COMMANDS", "0");
            try (RunningBot bot = RunningBot.start(env, Clock.systemUTC())) {
                AtomicInteger maxInFlight = new AtomicInteger();
                ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
                sampler.scheduleAtFixedRate(() -> maxInFlight.accumulateAndGet(bot.bot().updatesInFlight(), Math::max),
                        0, 5, TimeUnit.MILLISECONDS);
                for (int i = 0; i < total; i++) {
                    api.push(Updates.privateText(1 + i % 5000, i % 2 == 0 ? "/help" : "/about"));
                }
                api.awaitCount("sendMessage", total, Duration.ofMinutes(3));
                sampler.shutdownNow();
                assertThat(api.calls("sendMessage")).hasSize(total);
                assertThat(api.calls("sendMessage").stream().map(FakeBotApi.Call::chatId).distinct()).hasSize(5000);
                assertThat(maxInFlight.get()).as("queued work stays bounded").isLessThanOrEqualTo(PaperBot.MAX_UPDATES_IN_FLIGHT);
                assertThat(maxInFlight.get()).as("and it was actually used").isGreaterThan(100);
            }
            assertThat(api.confirmedOffset()).isEqualTo(total + 1);
        }
    }
}
