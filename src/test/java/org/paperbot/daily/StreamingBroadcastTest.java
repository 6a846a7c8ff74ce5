package org.paperbot.daily;

import org.paperbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.store.Database;

import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs larger than one page of the database ({@value DailyScheduler#PAGE} subscriptions): the broadcast and
 * {@code /push_today} take their cards a page at a time, and still send each due chat its card once.
 */
class StreamingBroadcastTest {
    static final int CHATS = DailyScheduler.PAGE * 2 + 345;
    final DailyFixture f = new DailyFixture(TestDatabases.fresh(), new MutableClock(DailyFixture.NOON_MOSCOW),
            new ScriptedTelegram(), 100_000, DailyFixture.fast(8));

    @AfterEach
    void close() {
        f.close();
    }

    private void subscribeAll(String time) {
        for (long chat = 1; chat <= CHATS; chat++) {
            f.subscribe(chat, time);
        }
    }

    private static void assertEachOnce(List<Long> delivered) {
        assertThat(delivered).hasSize(CHATS);
        assertThat(new HashSet<>(delivered)).hasSize(CHATS);
    }

    @Test
    void aScheduledRunOverSeveralPagesSendsEachDueChatOnce() {
        subscribeAll("09:00");

        BroadcastReport report = f.scheduler.runDue();

        assertThat(report).extracting(BroadcastReport::planned, BroadcastReport::sent, BroadcastReport::completed)
                .containsExactly(CHATS, CHATS, true);
        assertEachOnce(f.telegram.delivered());
        assertThat(f.scheduler.runDue().planned()).as("a second tick finds nothing").isZero();
    }

    @Test
    void pushTodayOverSeveralPagesSendsEachChatWithoutTodaysCardOnce() throws Exception {
        subscribeAll("18:00"); // not due yet: only the push sends
        f.subscribe(CHATS + 1, "09:00");
        assertThat(f.scheduler.runDue().sent()).as("the one chat whose time has come").isEqualTo(1);

        DailyScheduler.Push push = f.scheduler.pushToday();
        BroadcastReport report = push.done().get();

        assertThat(push.recipients()).isEqualTo(CHATS);
        assertThat(report).extracting(BroadcastReport::planned, BroadcastReport::sent).containsExactly(CHATS, CHATS);
        List<Long> delivered = f.telegram.delivered();
        assertThat(delivered).containsOnlyOnce(CHATS + 1L);
        assertEachOnce(delivered.stream().filter(chat -> chat != CHATS + 1L).toList());
        assertThat(f.scheduler.pushToday().recipients()).as("pushed again: nobody left").isZero();
    }
}
