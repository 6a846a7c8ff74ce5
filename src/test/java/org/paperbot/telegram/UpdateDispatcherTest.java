package org.paperbot.telegram;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class UpdateDispatcherTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    private final List<UpdateDispatcher> dispatchers = new ArrayList<>();
    /** Latches that handlers may block on, released by the test (and all at the end). */
    private final Map<Integer, CountDownLatch> gates = new ConcurrentHashMap<>();

    @AfterEach
    void shutdown() {
        gates.values().forEach(CountDownLatch::countDown);
        dispatchers.forEach(UpdateDispatcher::shutdownNow);
    }

    private UpdateDispatcher dispatcher(Consumer<Update> handler, int workers, int maxInFlight) {
        UpdateDispatcher d = new UpdateDispatcher(handler, workers, maxInFlight);
        dispatchers.add(d);
        return d;
    }

    static Update message(int updateId, long chat, String text) {
        Map<String, Object> payload = new HashMap<>(Updates.privateText(chat, text));
        payload.put("update_id", updateId);
        return Updates.parse(payload);
    }

    static Update callback(int updateId, long chat) {
        Map<String, Object> payload = new HashMap<>(Updates.callback("q" + updateId, chat, Updates.privateChat(chat), 1, 1L, "noop"));
        payload.put("update_id", updateId);
        return Updates.parse(payload);
    }

    private CountDownLatch gate(int updateId) {
        return gates.computeIfAbsent(updateId, k -> new CountDownLatch(1));
    }

    /** A handler that records the update id, then waits at its gate if the test set one. */
    private Consumer<Update> recording(List<Integer> handled) {
        return u -> {
            handled.add(u.getUpdateId());
            CountDownLatch g = gates.get(u.getUpdateId());
            if (g != null) {
                try {
                    g.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void updatesOfOneChatAreHandledInOrderAcrossManyChats() throws InterruptedException {
        Map<Long, List<Integer>> perChat = new ConcurrentHashMap<>();
        UpdateDispatcher d = dispatcher(u -> perChat.computeIfAbsent(u.getMessage().getChatId(), k -> new CopyOnWriteArrayList<>())
                .add(u.getUpdateId()), 8, 1000);
        Map<Long, List<Integer>> expected = new LinkedHashMap<>();
        List<Update> batch = new ArrayList<>();
        for (int id = 1; id <= 600; id++) {
            long chat = 1 + (id * 7919L) % 23;
            batch.add(message(id, chat, "/paper " + id));
            expected.computeIfAbsent(chat, k -> new ArrayList<>()).add(id);
        }
        for (int from = 0; from < batch.size(); from += 100) {
            d.consume(batch.subList(from, from + 100));
        }
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(perChat).isEqualTo(expected);
        assertThat(d.nextOffset(0)).isEqualTo(601);
        assertThat(d.inFlight()).isZero();
    }

    @Test
    void acceptedUpdatesAreConfirmedEvenWhileStillRunning() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = dispatcher(recording(handled), 4, 100);
        assertThat(d.nextOffset(0)).as("nothing accepted yet").isEqualTo(1);
        gate(10);
        gate(11);

        d.consume(List.of(message(10, 1, "a"), message(11, 2, "b"), message(12, 3, "c")));
        eventually("all three started", () -> handled.size() == 3);
        // Confirming on receipt: a slow update must not hold back the offset (see UpdateDispatcher).
        assertThat(d.nextOffset(12)).isEqualTo(13);
        assertThat(d.inFlight()).isEqualTo(2);

        gate(10).countDown();
        gate(11).countDown();
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(d.nextOffset(12)).isEqualTo(13);
    }

    @Test
    void interactiveUpdatesOvertakeQueuedMessages() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = dispatcher(recording(handled), 1, 100);
        gate(1);
        d.consume(List.of(message(1, 1, "blocker")));
        eventually("blocker started", () -> handled.contains(1));
        d.consume(List.of(message(2, 2, "m"), message(3, 3, "m"), callback(4, 4), callback(5, 5)));
        gate(1).countDown();
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(handled).containsExactly(1, 4, 5, 2, 3);
    }

    @Test
    void aThrowingHandlerNeitherEscapesConsumeNorBlocksTheChat() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = dispatcher(u -> {
            handled.add(u.getUpdateId());
            if (u.getUpdateId() % 2 == 1) {
                throw new IllegalStateException("expected in this test");
            }
        }, 2, 10);
        List<Update> batch = new ArrayList<>();
        for (int id = 1; id <= 30; id++) {
            batch.add(message(id, 1, "x"));
        }
        assertThatCode(() -> d.consume(batch)).doesNotThrowAnyException();
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(handled).hasSize(30);
        assertThat(d.nextOffset(0)).isEqualTo(31);
        assertThat(d.inFlight()).isZero();
    }

    @Test
    void consumeNeverThrowsEvenOnBrokenInput() {
        UpdateDispatcher d = dispatcher(u -> { }, 1, 10);
        assertThatCode(() -> d.consume(null)).doesNotThrowAnyException();
        List<Update> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatCode(() -> d.consume(withNull)).doesNotThrowAnyException();
        assertThatCode(() -> d.consume(List.of())).doesNotThrowAnyException();
    }

    @Test
    void consumeBlocksWhenMaxInFlightIsReached() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = dispatcher(recording(handled), 4, 2);
        gate(1);
        gate(2);
        Thread poller = new Thread(() -> d.consume(List.of(message(1, 1, "a"), message(2, 2, "b"), message(3, 3, "c"))), "poller");
        poller.start();

        eventually("the poller is blocked on the third update", () ->
                handled.size() == 2 && poller.getState() == Thread.State.WAITING);
        assertThat(d.inFlight()).isEqualTo(2);
        assertThat(handled).containsExactlyInAnyOrder(1, 2);
        assertThat(d.nextOffset(0)).as("the waiting update is not confirmed yet").isEqualTo(3);

        gate(1).countDown();
        poller.join(WAIT.toMillis());
        assertThat(poller.isAlive()).isFalse();
        gate(2).countDown();
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(handled).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(d.nextOffset(0)).isEqualTo(4);
    }

    @Test
    void anInterruptedConsumeReturnsAndKeepsTheFlag() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = dispatcher(recording(handled), 2, 1);
        gate(1);
        boolean[] interrupted = new boolean[1];
        Thread poller = new Thread(() -> {
            d.consume(List.of(message(1, 1, "a"), message(2, 2, "b")));
            interrupted[0] = Thread.currentThread().isInterrupted();
        });
        poller.start();
        eventually("the poller is blocked", () -> handled.size() == 1 && poller.getState() == Thread.State.WAITING);
        poller.interrupt();
        poller.join(WAIT.toMillis());
        assertThat(poller.isAlive()).isFalse();
        assertThat(interrupted[0]).isTrue();
        // Update 2 was never accepted: it is not confirmed and will come again.
        gate(1).countDown();
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(handled).containsExactly(1);
        assertThat(d.nextOffset(0)).isEqualTo(2);
    }

    @Test
    void afterStopAcceptingNewUpdatesAreNeitherHandledNorConfirmed() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = dispatcher(recording(handled), 2, 10);
        gate(1);
        d.consume(List.of(message(1, 1, "running")));
        eventually("update 1 started", () -> handled.contains(1));

        d.stopAccepting();
        d.consume(List.of(message(2, 2, "late"), message(3, 3, "late")));

        assertThat(d.awaitIdle(Duration.ofMillis(50))).as("update 1 is still running").isFalse();
        gate(1).countDown();
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(handled).containsExactly(1);
        assertThat(d.nextOffset(0)).isEqualTo(2);
    }

    @Test
    void awaitIdleWithNothingPendingReturnsAtOnce() throws InterruptedException {
        UpdateDispatcher d = dispatcher(u -> { }, 1, 10);
        assertThat(d.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void keysAndPriorities() {
        Update msg = message(1, 42, "x");
        assertThat(UpdateDispatcher.keyOf(msg)).isEqualTo(42L);
        assertThat(UpdateDispatcher.priorityOf(msg)).isEqualTo(UpdateDispatcher.PRIORITY_MESSAGE);

        Update cb = callback(2, 42);
        assertThat(UpdateDispatcher.keyOf(cb)).as("a button press queues behind the chat's messages").isEqualTo(42L);
        assertThat(UpdateDispatcher.priorityOf(cb)).isEqualTo(UpdateDispatcher.PRIORITY_INTERACTIVE);

        Update inlineButton = Updates.parse(Updates.callback("q", 7, null, null, 0, "noop"));
        assertThat(UpdateDispatcher.keyOf(inlineButton)).isEqualTo("user:7");

        Update inline = Updates.parse(Updates.inline(9, "llm", ""));
        assertThat(UpdateDispatcher.keyOf(inline)).isEqualTo("inline:9");
        assertThat(UpdateDispatcher.priorityOf(inline)).isEqualTo(UpdateDispatcher.PRIORITY_INTERACTIVE);

        Map<String, Object> edited = new HashMap<>(Map.of("edited_message", Updates.message(Updates.privateChat(5), 5, "e")));
        edited.put("update_id", 77);
        Update other = Updates.parse(edited);
        assertThat(UpdateDispatcher.keyOf(other)).isEqualTo("update:77");
        assertThat(UpdateDispatcher.priorityOf(other)).isEqualTo(UpdateDispatcher.PRIORITY_MESSAGE);
    }
}
