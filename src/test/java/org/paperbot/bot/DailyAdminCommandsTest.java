package org.paperbot.bot;

import org.paperbot.testing.TestDatabases;
import org.paperbot.library.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.daily.BroadcastReport;
import org.paperbot.daily.DailyScheduler;
import org.paperbot.render.Texts;
import org.paperbot.store.Database;
import org.paperbot.store.Subscription;
import org.paperbot.store.SubscriptionStore;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class DailyAdminCommandsTest {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    static final Instant NOW = Instant.parse("2026-05-10T09:00:00Z");
    final Database db = TestDatabases.fresh();
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final SubscriptionStore store = new SubscriptionStore(db, clock, LocalTime.of(9, 0), MOSCOW);
    final DailyScheduler scheduler = mock(DailyScheduler.class);
    final DailyAdminCommands commands = new DailyAdminCommands(Texts.russian(), scheduler, store, clock, MOSCOW,
            NOW.minus(Duration.ofHours(26).plusMinutes(5)));

    @AfterEach
    void close() {
        db.close();
    }

    static String text(List<BotApiMethod<?>> replies) {
        return ((SendMessage) replies.get(0)).getText();
    }

    static CommandRequest request() {
        return new CommandRequest(new Snapshot(null, null), 42, true, 42L, ""); // admin commands do not read the catalog
    }

    @Test
    void statsShowSubscribersLastBroadcastAndUptime() {
        store.subscribe(1, Optional.empty());
        store.subscribe(2, Optional.empty());
        store.subscribe(3, Optional.empty());
        store.unsubscribe(2);
        store.deactivate(3, Subscription.InactiveReason.FORBIDDEN, null);
        when(scheduler.lastReport()).thenReturn(Optional.of(new BroadcastReport(BroadcastReport.Trigger.SCHEDULED,
                Instant.parse("2026-05-10T06:00:05Z"), Duration.ofMillis(4_200), 105, 100, 5, 3, 1, 2, true)));

        String stats = text(commands.stats(request(), ""));

        assertThat(stats).contains("активных — 1, неактивных — 2", "отписались — 1", "заблокировали меня — 1",
                "по расписанию", "10 мая 2026, 09:00:05 (Europe/Moscow)", "Отправлено — 100 из 105",
                "не доставлено — 5 (из них отключено чатов — 3)", "перенесено в супергруппы — 1",
                "Длительность — 4,2 с", "скорость — 23,8 сообщ./с", "ответов 429 — 2", "1 д 2 ч 5 мин");
        assertThat(stats).doesNotContain("прервана");
    }

    @Test
    void statsBeforeAnyBroadcast() {
        when(scheduler.lastReport()).thenReturn(Optional.empty());
        when(scheduler.isBroadcasting()).thenReturn(true);
        assertThat(text(commands.stats(request(), ""))).contains("активных — 0, неактивных — 0\n", "Рассылок ещё не было",
                "Сейчас идёт рассылка");
    }

    @Test
    void pushTodayAnswersAtOnceWithTheNumberOfRecipients() {
        when(scheduler.pushToday()).thenReturn(new DailyScheduler.Push(12, false, new CompletableFuture<>()));
        assertThat(text(commands.pushToday(request()))).contains("Рассылаю статью дня: получателей — 12", "/stats");
        when(scheduler.pushToday()).thenReturn(new DailyScheduler.Push(3, true, new CompletableFuture<>()));
        assertThat(text(commands.pushToday(request()))).contains("когда закончится текущая");
        when(scheduler.pushToday()).thenReturn(new DailyScheduler.Push(0, false, CompletableFuture.completedFuture(null)));
        assertThat(text(commands.pushToday(request()))).contains("уже получили");
        when(scheduler.pushToday()).thenReturn(new DailyScheduler.Push(0, false,
                CompletableFuture.failedFuture(new IllegalStateException("stopped"))));
        assertThat(text(commands.pushToday(request()))).contains("недоступна");
    }

    @Test
    void uptimeInMinutesAndHours() {
        assertThat(commands.uptime(Duration.ofSeconds(75))).isEqualTo("1 мин 15 с");
        assertThat(commands.uptime(Duration.ofMinutes(125))).isEqualTo("2 ч 5 мин");
    }
}
