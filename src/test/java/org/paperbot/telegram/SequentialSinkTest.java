package org.paperbot.telegram;

import org.paperbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.store.Database;
import org.paperbot.store.InboxStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.paperbot.telegram.UpdateDispatcherTest.message;

/** TelegramBots' one-at-a-time consumer, with the inbox in front of it. */
class SequentialSinkTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;
    Database db;
    InboxStore inbox;
    final CountDownLatch gate = new CountDownLatch(1);

    @BeforeEach
    void openInbox() {
        db = TestDatabases.open(dataDir);
        inbox = new InboxStore(db, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        gate.countDown();
        db.close();
    }

    /** Records each update; update 1 waits at the gate. */
    private SequentialSink sink(List<Integer> handled) {
        return new SequentialSink(inbox, u -> {
            handled.add(u.getUpdateId());
            if (u.getUpdateId() == 1) {
                try {
                    gate.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return UpdateHandler.DONE;
        });
    }

    private List<Long> unfinished() {
        return inbox.claimUnfinished().stream().map(UpdateInbox.Entry::updateId).toList();
    }

    @Test
    void handlesStoredUpdatesOneAtATimeAndMarksThemHandled() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        gate.countDown();
        SequentialSink sink = sink(handled);
        sink.consume(List.of(message(1, 1, "a"), message(2, 2, "b"), message(3, 1, "c")));
        assertThat(sink.nextOffset()).as("confirmed once stored").isEqualTo(4);
        assertThat(sink.awaitIdle(WAIT)).isTrue();
        assertThat(handled).containsExactly(1, 2, 3);
        assertThat(unfinished()).isEmpty();
        assertThat(sink.inFlight()).isZero();
    }

    @Test
    void onStopWhatItDidNotHandleStaysUnfinishedForTheNextStart() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        SequentialSink sink = sink(handled);
        sink.consume(List.of(message(1, 1, "running"), message(2, 2, "queued"), message(3, 3, "queued")));
        while (!handled.contains(1)) {
            Thread.sleep(1);
        }
        sink.stopAccepting();
        sink.consume(List.of(message(4, 4, "arrived while stopping")));
        gate.countDown();
        assertThat(sink.awaitIdle(WAIT)).isTrue();

        assertThat(handled).containsExactly(1);
        assertThat(unfinished()).as("stored, not marked: the next start answers them").containsExactly(2L, 3L);
        assertThat(sink.nextOffset()).as("4 was neither stored nor confirmed").isEqualTo(4);

        List<Integer> nextRun = new CopyOnWriteArrayList<>();
        SequentialSink next = sink(nextRun);
        next.resume();
        next.consume(List.of(message(3, 3, "redelivered"), message(4, 4, "arrived while stopping")));
        assertThat(next.awaitIdle(WAIT)).isTrue();
        assertThat(nextRun).containsExactly(2, 3, 4);
        assertThat(unfinished()).isEmpty();
    }

    @Test
    void aFailingHandlerIsLoggedAndTheUpdateFinished() throws InterruptedException {
        SequentialSink sink = new SequentialSink(inbox, u -> {
            throw new IllegalStateException("expected in this test");
        });
        sink.consume(List.of(message(1, 1, "a")));
        assertThat(sink.awaitIdle(WAIT)).isTrue();
        assertThat(unfinished()).isEmpty();
        assertThat(sink.inFlight()).isZero();
    }

    @Test
    void anUpdateWhoseRepliesAreGivenBackOnAStopStaysUnfinished() throws InterruptedException {
        SequentialSink sink = new SequentialSink(inbox, u -> CompletableFuture.failedFuture(new CancellationException("outbox stopped")));
        sink.consume(List.of(message(1, 1, "a")));
        assertThat(sink.awaitIdle(WAIT)).isTrue();
        assertThat(unfinished()).containsExactly(1L);
    }
}
