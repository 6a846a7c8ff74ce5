package org.paperbot.telegram;

import org.paperbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.store.Database;
import org.paperbot.store.InboxStore;
import org.paperbot.testing.Updates;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The dispatcher over a real inbox (SQLite file in a temporary directory). */
class UpdateDispatcherTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final UpdateDispatcher.Limits ROOMY = new UpdateDispatcher.Limits(4, 100, 1000);

    @TempDir
    Path dataDir;
    Database db;
    InboxStore inbox;
    private final List<UpdateDispatcher> dispatchers = new ArrayList<>();
    /** Latches that handlers may block on, released by the test (and all at the end). */
    private final Map<Integer, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final AtomicInteger backlogDrops = new AtomicInteger();

    @BeforeEach
    void openInbox() {
        db = TestDatabases.open(dataDir);
        inbox = new InboxStore(db, Clock.systemUTC());
    }

    @AfterEach
    void shutdown() {
        gates.values().forEach(CountDownLatch::countDown);
        dispatchers.forEach(UpdateDispatcher::shutdownNow);
        db.close();
    }

    private UpdateDispatcher dispatcher(Consumer<Update> handler, UpdateDispatcher.Limits limits) {
        return async(u -> {
            handler.accept(u);
            return UpdateHandler.DONE;
        }, limits);
    }

    private UpdateDispatcher async(UpdateHandler handler, UpdateDispatcher.Limits limits) {
        UpdateDispatcher d = new UpdateDispatcher(inbox, handler, limits, backlogDrops::incrementAndGet);
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
            waitAtGate(u);
        };
    }

    private void waitAtGate(Update u) {
        CountDownLatch g = gates.get(u.getUpdateId());
        if (g != null) {
            try {
                g.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // as a stop's shutdownNow leaves it
            }
        }
    }

    /** A dispatcher over {@link #recording} whose update 1 (in {@code chat}) is running, held at its gate. */
    private UpdateDispatcher withUpdateOneRunning(List<Integer> handled, UpdateDispatcher.Limits limits, long chat)
            throws InterruptedException {
        UpdateDispatcher d = dispatcher(recording(handled), limits);
        gate(1);
        d.consume(List.of(message(1, chat, "running")));
        eventually("update 1 started", () -> handled.contains(1));
        return d;
    }

    private List<Long> unfinished() {
        return inbox.claimUnfinished().stream().map(UpdateInbox.Entry::updateId).toList();
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
                .add(u.getUpdateId()), new UpdateDispatcher.Limits(8, 1000, 1000));
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
        assertThat(d.nextOffset()).isEqualTo(601);
        assertThat(d.inFlight()).isZero();
        assertThat(unfinished()).as("every update marked handled").isEmpty();
    }

    @Test
    void aBatchIsConfirmedOnceStoredWhileItIsStillBeingHandled() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = dispatcher(recording(handled), ROOMY);
        assertThat(d.nextOffset()).as("nothing stored yet").isEqualTo(1);
        gate(10);
        gate(11);

        d.consume(List.of(message(10, 1, "a"), message(11, 2, "b"), message(12, 3, "c")));
        eventually("all three started", () -> handled.size() == 3);
        assertThat(d.nextOffset()).isEqualTo(13);
        // 12 is finished once its (immediate) replies are out, just after it started.
        eventually("12 finished", () -> d.inFlight() == 2 && unfinished().equals(List.of(10L, 11L)));
        assertThat(unfinished()).as("stored until handled").containsExactly(10L, 11L);

        gate(10).countDown();
        gate(11).countDown();
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(unfinished()).isEmpty();
    }

    @Test
    void aRedeliveredUpdateIsNotHandledAgain() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = dispatcher(recording(handled), ROOMY);
        d.consume(List.of(message(1, 1, "a"), message(2, 2, "b")));
        assertThat(d.awaitIdle(WAIT)).isTrue();

        // Telegram sends the batch again (its confirmation was lost), now with one more.
        d.consume(List.of(message(1, 1, "a"), message(2, 2, "b"), message(3, 1, "c")));
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(handled).containsExactlyInAnyOrder(1, 2, 3);

        UpdateDispatcher afterRestart = dispatcher(recording(handled), ROOMY);
        afterRestart.resume();
        afterRestart.consume(List.of(message(3, 1, "c")));
        assertThat(afterRestart.awaitIdle(WAIT)).isTrue();
        assertThat(handled).as("not even by the next process").containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void aRestartHandlesWhatWasStoredFirstInEachChatsOrder() throws InterruptedException {
        List<Integer> firstRun = new CopyOnWriteArrayList<>();
        UpdateDispatcher first = dispatcher(recording(firstRun), new UpdateDispatcher.Limits(2, 100, 1000));
        gate(1);
        gate(2);
        // Chats 1 and 2 are stuck on their first update; the rest of the batch waits behind them.
        first.consume(List.of(message(1, 1, "a"), message(2, 2, "b"), message(3, 1, "c"), message(4, 2, "d"),
                message(5, 1, "e")));
        eventually("both chats started", () -> firstRun.size() == 2);
        first.stopAccepting(); // the first process is gone: its running updates never finish
        assertThat(unfinished()).containsExactly(1L, 2L, 3L, 4L, 5L);

        Map<Long, List<Integer>> perChat = new ConcurrentHashMap<>();
        UpdateDispatcher second = dispatcher(u -> perChat.computeIfAbsent(u.getMessage().getChatId(),
                k -> new CopyOnWriteArrayList<>()).add(u.getUpdateId()), ROOMY);
        second.resume();
        second.consume(List.of(message(6, 2, "new"), message(7, 1, "new")));
        assertThat(second.awaitIdle(WAIT)).isTrue();
        assertThat(perChat).containsEntry(1L, List.of(1, 3, 5, 7)).containsEntry(2L, List.of(2, 4, 6));
        assertThat(unfinished()).isEmpty();
    }

    @Test
    void anUpdateIsFinishedOnlyWhenItsRepliesAreSafe() throws InterruptedException {
        CompletableFuture<Void> replySent = new CompletableFuture<>();
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = async(u -> {
            handled.add(u.getUpdateId());
            return u.getUpdateId() == 1 ? replySent : UpdateHandler.DONE;
        }, ROOMY);
        d.consume(List.of(message(1, 1, "reply waits in a sender"), message(2, 1, "next in the same chat")));
        eventually("the chat went on while the reply waits", () -> handled.size() == 2);
        assertThat(d.awaitIdle(WAIT)).as("the workers are done with both").isTrue();
        assertThat(d.inFlight()).as("a reply waiting in the sender holds no slot").isZero();
        assertThat(unfinished()).containsExactly(1L);

        replySent.complete(null);
        assertThat(unfinished()).isEmpty();
    }

    @Test
    void repliesTheSenderGivesBackOnAStopLeaveTheirUpdateForTheNextStart() throws InterruptedException {
        CompletableFuture<Void> givenBack = new CompletableFuture<>();
        CompletableFuture<Void> givenBackUnderneath = new CompletableFuture<>();
        CompletableFuture<Void> refused = new CompletableFuture<>();
        UpdateDispatcher d = async(u -> switch (u.getUpdateId()) {
            case 1 -> givenBack;
            case 2 -> givenBackUnderneath.thenRun(() -> { }); // as a handler measuring after the send sees it
            default -> refused;
        }, ROOMY);
        d.consume(List.of(message(1, 1, "a"), message(2, 2, "b"), message(3, 3, "c")));
        assertThat(d.awaitIdle(WAIT)).isTrue();

        givenBack.cancel(false);
        givenBackUnderneath.cancel(false);
        refused.completeExceptionally(new IllegalStateException("expected in this test"));
        assertThat(unfinished()).as("a failure other than giving back is not retried forever").containsExactly(1L, 2L);
    }

    @Test
    void repliesWaitingInTheSenderDoNotFillTheWindow() throws InterruptedException {
        List<CompletableFuture<Void>> waiting = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = async(u -> {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            waiting.add(sent);
            return sent;
        }, new UpdateDispatcher.Limits(2, 3, 20));
        List<Update> group = new ArrayList<>();
        for (int id = 1; id <= 10; id++) {
            group.add(message(id, -100, "/today")); // a group whose limit holds every reply in the sender
        }
        Thread poller = new Thread(() -> d.consume(group), "poller");
        poller.start();
        poller.join(WAIT.toMillis());
        assertThat(poller.isAlive()).as("more replies wait than the window holds, yet polling goes on").isFalse();
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(waiting).hasSize(10);
        assertThat(d.inFlight()).isZero();
        assertThat(unfinished()).hasSize(10);

        waiting.forEach(f -> f.complete(null));
        assertThat(unfinished()).isEmpty();
    }

    @Test
    void interactiveUpdatesOvertakeQueuedMessages() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = withUpdateOneRunning(handled, new UpdateDispatcher.Limits(1, 100, 20), 1);
        d.consume(List.of(message(2, 2, "m"), message(3, 3, "m"), callback(4, 4), callback(5, 5)));
        gate(1).countDown();
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(handled).containsExactly(1, 4, 5, 2, 3);
    }

    @Test
    void aFloodingChatDoesNotHoldUpAnotherChat() throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = dispatcher(u -> {
            long chat = u.getMessage().getChatId();
            events.add("handled " + u.getUpdateId() + " in " + chat);
            waitAtGate(u);
            events.add("finished " + u.getUpdateId());
        }, new UpdateDispatcher.Limits(2, 100, 20));
        long group = -1001L;
        gate(1); // the group's first update is slow: everything else of the group waits behind it
        int quiet = 1001;
        Thread poller = new Thread(() -> {
            int id = 1;
            for (int batch = 0; batch < 10; batch++) {
                List<Update> flood = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    flood.add(Updates.parse(withId(Updates.groupText(group, 7, "/today"), id++)));
                }
                d.consume(flood); // without a per-chat bound this blocks once 100 updates are in flight
            }
            d.consume(List.of(message(quiet, 42, "/start")));
        }, "poller");
        poller.start();
        eventually("the private chat is answered", () -> events.contains("handled " + quiet + " in 42"));
        gate(1).countDown();
        poller.join(WAIT.toMillis());
        assertThat(d.awaitIdle(WAIT)).isTrue();

        assertThat(events.indexOf("handled " + quiet + " in 42")).as("while the group's first update still ran")
                .isLessThan(events.indexOf("finished 1"));
        assertThat(backlogDrops).as("1 000 from the group: 1 ran, 20 waited, the rest made room").hasValue(979);
        assertThat(d.inFlight()).isZero();
    }

    @Test
    void beyondTheBoundTheChatsOldestWaitingUpdatesAreDroppedAndCounted() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = dispatcher(recording(handled), new UpdateDispatcher.Limits(2, 100, 20));
        gate(1);
        List<Update> flood = new ArrayList<>();
        for (int id = 1; id <= 60; id++) {
            flood.add(message(id, 5, "/today"));
        }
        d.consume(flood);
        eventually("the first one runs", () -> handled.contains(1));
        assertThat(backlogDrops).as("60 = 1 running + 20 waiting + 39 dropped").hasValue(39);
        assertThat(d.inFlight()).isEqualTo(21);
        gate(1).countDown();
        assertThat(d.awaitIdle(WAIT)).isTrue();

        List<Integer> newest = new ArrayList<>(List.of(1));
        for (int id = 41; id <= 60; id++) {
            newest.add(id);
        }
        assertThat(handled).as("the running one, then the newest twenty in order").containsExactlyElementsOf(newest);
        assertThat(unfinished()).as("the dropped ones are finished too: a restart does not bring them back").isEmpty();
    }

    @Test
    void buttonPressesOutliveABacklogOfMessages() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = withUpdateOneRunning(handled, new UpdateDispatcher.Limits(1, 100, 3), 9);
        d.consume(List.of(callback(2, 9), message(3, 9, "m"), message(4, 9, "m"), message(5, 9, "m"), message(6, 9, "m")));
        assertThat(backlogDrops).hasValue(2);
        gate(1).countDown();
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(handled).as("messages 3 and 4 made room; the older button press stayed").containsExactly(1, 2, 5, 6);
    }

    @Test
    void aThrowingHandlerNeitherEscapesConsumeNorBlocksTheChat() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = async(u -> {
            handled.add(u.getUpdateId());
            if (u.getUpdateId() % 3 == 1) {
                throw new IllegalStateException("expected in this test");
            }
            return u.getUpdateId() % 3 == 2 ? CompletableFuture.failedFuture(new IllegalStateException("expected too"))
                    : UpdateHandler.DONE;
        }, new UpdateDispatcher.Limits(2, 10, 30));
        List<Update> batch = new ArrayList<>();
        for (int id = 1; id <= 30; id++) {
            batch.add(message(id, 1, "x"));
        }
        assertThatCode(() -> d.consume(batch)).doesNotThrowAnyException();
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(handled).hasSize(30);
        assertThat(d.nextOffset()).isEqualTo(31);
        assertThat(d.inFlight()).isZero();
        assertThat(unfinished()).as("a failed update is not retried forever").isEmpty();
    }

    @Test
    void consumeNeverThrowsEvenOnBrokenInput() {
        UpdateDispatcher d = dispatcher(u -> { }, ROOMY);
        assertThatCode(() -> d.consume(null)).doesNotThrowAnyException();
        List<Update> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatCode(() -> d.consume(withNull)).doesNotThrowAnyException();
        assertThatCode(() -> d.consume(List.of())).doesNotThrowAnyException();
        assertThatCode(() -> d.consume(List.of(new Update()))).as("no update_id").doesNotThrowAnyException();
    }

    @Test
    void whenTheStoreFailsUpdatesAreStillHandled() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = dispatcher(recording(handled), ROOMY);
        db.close(); // every inbox call now fails
        d.consume(List.of(message(1, 1, "a"), message(2, 2, "b")));
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(handled).containsExactlyInAnyOrder(1, 2);
        assertThat(d.nextOffset()).isEqualTo(3);
    }

    @Test
    void consumeBlocksWhenMaxInFlightIsReached() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = dispatcher(recording(handled), new UpdateDispatcher.Limits(4, 2, 20));
        gate(1);
        gate(2);
        Thread poller = new Thread(() -> d.consume(List.of(message(1, 1, "a"), message(2, 2, "b"), message(3, 3, "c"))), "poller");
        poller.start();

        eventually("the poller is blocked on the third update", () ->
                handled.size() == 2 && poller.getState() == Thread.State.WAITING);
        assertThat(d.inFlight()).isEqualTo(2);
        assertThat(handled).containsExactlyInAnyOrder(1, 2);
        assertThat(unfinished()).as("the waiting update is stored already").contains(3L);

        gate(1).countDown();
        poller.join(WAIT.toMillis());
        assertThat(poller.isAlive()).isFalse();
        gate(2).countDown();
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(handled).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(d.nextOffset()).isEqualTo(4);
    }

    @Test
    void anInterruptedConsumeReturnsKeepsTheFlagAndLeavesTheRestStored() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = dispatcher(recording(handled), new UpdateDispatcher.Limits(2, 1, 20));
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
        gate(1).countDown();
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(handled).containsExactly(1);
        assertThat(unfinished()).as("update 2 was never taken into work: the next start handles it").containsExactly(2L);
    }

    @Test
    void afterStopAcceptingNothingNewIsStoredAndWaitingUpdatesStayForTheNextStart() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = dispatcher(recording(handled), ROOMY);
        gate(1);
        d.consume(List.of(message(1, 1, "running"), message(2, 1, "waiting behind it")));
        eventually("update 1 started", () -> handled.contains(1));

        d.stopAccepting();
        d.consume(List.of(message(3, 2, "late"), message(4, 3, "late")));

        assertThat(d.awaitIdle(Duration.ofMillis(50))).as("update 1 is still running").isFalse();
        gate(1).countDown();
        assertThat(d.awaitIdle(WAIT)).isTrue();
        assertThat(handled).containsExactly(1);
        assertThat(unfinished()).containsExactly(2L);
        assertThat(d.nextOffset()).as("3 and 4 are not confirmed: Telegram delivers them again").isEqualTo(3);
    }

    @Test
    void anUpdateCutShortByShutdownStaysUnfinishedForTheNextStart() throws InterruptedException {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher d = withUpdateOneRunning(handled, ROOMY, 1);
        d.stopAccepting();
        d.shutdownNow(); // what a stop does once its grace is over: the worker is interrupted
        eventually("the worker gave up", () -> d.inFlight() == 0);
        assertThat(unfinished()).containsExactly(1L);
    }

    @Test
    void awaitIdleWithNothingPendingReturnsAtOnce() throws InterruptedException {
        UpdateDispatcher d = dispatcher(u -> { }, ROOMY);
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

    static Map<String, Object> withId(Map<String, Object> payload, int updateId) {
        Map<String, Object> m = new HashMap<>(payload);
        m.put("update_id", updateId);
        return m;
    }
}
