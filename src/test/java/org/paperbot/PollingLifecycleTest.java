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

/** Offsets across stop, restart and crash: handled updates are confirmed once; unhandled ones come back. */
class PollingLifecycleTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void gracefulStopConfirmsHandledUpdatesSoARestartDoesNotRepeatThem() {
        try (FakeBotApi api = FakeBotApi.start()) {
            RunningBot first = RunningBot.start(RunningBot.env(api, dataDir), Clock.systemUTC());
            int last = 0;
            for (int n = 1; n <= 3; n++) {
                last = api.push(Updates.privateText(500 + n, "/paper " + n));
            }
            api.awaitCount("sendMessage", 3, WAIT);
            first.stop();
            assertThat(api.confirmedOffset()).isEqualTo(last + 1);
            assertThat(api.unconfirmed()).isZero();

            RunningBot second = RunningBot.start(RunningBot.env(api, dataDir), Clock.systemUTC());
            int fresh = api.push(Updates.privateText(600, "/help"));
            api.await("sendMessage", c -> c.chatId() == 600, WAIT);
            second.stop();
            assertThat(api.calls("sendMessage")).hasSize(4);
            assertThat(api.confirmedOffset()).isEqualTo(fresh + 1);
        }
    }

    @Test
    void afterACrashNothingIsAnsweredTwiceAndNewUpdatesAreServed() throws Exception {
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

            first.kill();
            release.countDown();
            api.override("sendMessage", null);
            api.clearCalls();

            // Updates are confirmed on receipt (see UpdateDispatcher): the one in flight at the crash is the
            // documented loss; everything else works and nothing is repeated.
            RunningBot second = RunningBot.start(RunningBot.env(api, dataDir), Clock.systemUTC());
            api.push(Updates.privateText(702, "/today"));
            api.await("sendMessage", c -> c.chatId() == 702, WAIT);
            second.stop();
            assertThat(api.calls("sendMessage")).extracting(FakeBotApi.Call::chatId).containsExactly(702L);
            assertThat(api.confirmedOffset()).isGreaterThan(hanging);
        }
    }
}
