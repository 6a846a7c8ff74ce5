package org.paperbot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.testing.FakeBotApi;
import org.paperbot.testing.RunningBot;
import org.paperbot.testing.Updates;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Stop, restart and crash with the inbox: what was stored is answered once, whatever Telegram delivers again. */
class PollingLifecycleTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void aRestartIgnoresStoredUpdatesThatTelegramDeliversAgain() {
        try (FakeBotApi api = FakeBotApi.start()) {
            int last = 0;
            for (int n = 1; n <= 3; n++) {
                last = api.push(Updates.privateText(500 + n, "/paper " + n));
            }
            // Every poll that would confirm the batch is lost on the way: Telegram still holds all three.
            api.override("getUpdates", c -> c.body().path("offset").asLong() > 1 ? FakeBotApi.Answer.DROP : null);
            RunningBot first = RunningBot.start(RunningBot.env(api, dataDir), Clock.systemUTC());
            api.awaitCount("sendMessage", 3, WAIT);
            first.stop();
            assertThat(api.unconfirmed()).as("never confirmed").isEqualTo(3);

            api.override("getUpdates", null);
            RunningBot second = RunningBot.start(RunningBot.env(api, dataDir), Clock.systemUTC());
            int fresh = api.push(Updates.privateText(600, "/help"));
            api.await("sendMessage", c -> c.chatId() == 600, WAIT);
            second.stop();
            assertThat(api.calls("sendMessage")).as("the redelivered three are not answered again").hasSize(4);
            assertThat(api.confirmedOffset()).isGreaterThan(last).isLessThanOrEqualTo(fresh + 1);
        }
    }

    @Test
    void afterACrashTheUpdateInFlightIsAnsweredAndNothingFinishedRepeats() throws Exception {
        try (FakeBotApi api = FakeBotApi.start()) {
            CountDownLatch release = new CountDownLatch(1);
            // The reply to chat 700 hangs: the update is being handled when the bot dies.
            api.override("sendMessage", c -> {
                if (c.chatId() == 700 && release.getCount() > 0) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return FakeBotApi.Answer.DROP;
                }
                return null;
            });
            RunningBot first = RunningBot.start(RunningBot.env(api, dataDir), Clock.systemUTC());
            api.push(Updates.privateText(701, "/help"));
            api.await("sendMessage", c -> c.chatId() == 701, WAIT);
            int hanging = api.push(Updates.privateText(700, "/paper 5"));
            api.await("sendMessage", c -> c.chatId() == 700, WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (api.confirmedOffset() <= hanging) {
                assertThat(System.nanoTime()).as("the stored update is confirmed by the next poll").isLessThan(deadline);
                Thread.sleep(5);
            }

            first.kill();
            release.countDown();
            api.override("sendMessage", null);
            api.clearCalls();

            // Telegram will not deliver the update in flight again: the restart answers it from the inbox, and
            // repeats nothing that was finished.
            RunningBot second = RunningBot.start(RunningBot.env(api, dataDir), Clock.systemUTC());
            api.push(Updates.privateText(702, "/today"));
            api.await("sendMessage", c -> c.chatId() == 702, WAIT);
            api.await("sendMessage", c -> c.chatId() == 700, WAIT);
            second.stop();
            assertThat(api.calls("sendMessage")).extracting(FakeBotApi.Call::chatId).containsExactlyInAnyOrder(700L, 702L);
        }
    }
}
