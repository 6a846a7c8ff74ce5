package org.paperbot.telegram;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedExecutorTest {
    /** Generous bound for waits that normally take milliseconds; never a timing assertion. */
    static final long WAIT_SECONDS = 30;

    /** Every key's queue here is unbounded: a drop would be a bug. */
    static final Runnable UNEXPECTED_DROP = () -> {
        throw new AssertionError("no task should be dropped here");
    };

    private final List<KeyedExecutor> executors = new ArrayList<>();

    private KeyedExecutor executor(int threads) {
        KeyedExecutor e = new KeyedExecutor(threads, "test", Integer.MAX_VALUE);
        executors.add(e);
        return e;
    }

    @AfterEach
    void shutdown() {
        executors.forEach(KeyedExecutor::shutdownNow);
    }

    static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("finished in time").isTrue();
    }

    /** Submits a task that holds {@code key} (and a thread) until {@code release}, then runs {@code then}; returns once it runs. */
    static void holdKey(KeyedExecutor executor, String key, CountDownLatch release, Runnable then) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        executor.submit(key, 1, () -> {
            running.countDown();
            try {
                release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            then.run();
        }, UNEXPECTED_DROP);
        await(running);
    }

    /** Some CPU work of random small size, so that tasks interleave differently on every run. */
    static long work(int units) {
        long x = units;
        for (int i = 0; i < units * 50; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    @Test
    void tasksOfOneKeyRunOneAtATimeInSubmissionOrder() throws InterruptedException {
        KeyedExecutor executor = executor(8);
        int keys = 40;
        int perKey = 60;
        Map<Integer, ConcurrentLinkedQueue<Integer>> ran = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger sink = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(keys * perKey);
        SplittableRandom random = new SplittableRandom(2024);
        Map<Integer, Integer> submitted = new HashMap<>();
        for (int i = 0; i < keys * perKey; i++) {
            int key = random.nextInt(keys);
            int seq = submitted.merge(key, 1, Integer::sum);
            int units = random.nextInt(20);
            ran.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
            running.computeIfAbsent(key, k -> new AtomicInteger());
            executor.submit(key, random.nextInt(2), () -> {
                if (running.get(key).incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                sink.addAndGet((int) work(units));
                ran.get(key).add(seq);
                running.get(key).decrementAndGet();
                done.countDown();
            }, UNEXPECTED_DROP);
        }
        await(done);
        assertThat(overlaps).hasValue(0);
        submitted.forEach((key, count) -> assertThat(ran.get(key)).as("key %d", key)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, count).boxed().toList()));
    }

    @Test
    void differentKeysRunInParallel() throws InterruptedException {
        KeyedExecutor executor = executor(2);
        CountDownLatch bStarted = new CountDownLatch(1);
        CountDownLatch bothDone = new CountDownLatch(2);
        AtomicInteger aSawB = new AtomicInteger();
        executor.submit("a", 1, () -> {
            try {
                // Only returns true if "b" runs while "a" is still running.
                if (bStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    aSawB.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            bothDone.countDown();
        }, UNEXPECTED_DROP);
        executor.submit("b", 1, () -> {
            bStarted.countDown();
            bothDone.countDown();
        }, UNEXPECTED_DROP);
        await(bothDone);
        assertThat(aSawB).hasValue(1);
    }

    @Test
    void amongReadyTasksInteractiveOnesRunFirst() throws InterruptedException {
        KeyedExecutor executor = executor(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(6);
        holdKey(executor, "blocker", release, done::countDown);
        for (String key : List.of("m1", "m2", "m3")) {
            executor.submit(key, UpdateDispatcher.PRIORITY_MESSAGE, () -> { order.add(key); done.countDown(); }, UNEXPECTED_DROP);
        }
        for (String key : List.of("i1", "i2")) {
            executor.submit(key, UpdateDispatcher.PRIORITY_INTERACTIVE, () -> { order.add(key); done.countDown(); }, UNEXPECTED_DROP);
        }
        release.countDown();
        await(done);
        assertThat(order).containsExactly("i1", "i2", "m1", "m2", "m3");
    }

    @Test
    void orderWithinAKeyBeatsPriority() throws InterruptedException {
        KeyedExecutor executor = executor(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        holdKey(executor, "chat", release, () -> {
            order.add("message 1");
            done.countDown();
        });
        executor.submit("chat", 0, () -> { order.add("button"); done.countDown(); }, UNEXPECTED_DROP);
        executor.submit("other", 1, () -> { order.add("other message"); done.countDown(); }, UNEXPECTED_DROP);
        release.countDown();
        await(done);
        assertThat(order.indexOf("message 1")).isLessThan(order.indexOf("button"));
    }

    @Test
    void aFailingTaskDoesNotBlockItsKey() throws InterruptedException {
        KeyedExecutor executor = executor(2);
        CountDownLatch next = new CountDownLatch(1);
        executor.submit("k", 1, () -> {
            throw new IllegalStateException("expected in this test");
        }, UNEXPECTED_DROP);
        executor.submit("k", 1, next::countDown, UNEXPECTED_DROP);
        await(next);
    }

    @Test
    void aFullKeyDropsItsOldestLeastUrgentTaskAndLeavesOtherKeysAlone() throws InterruptedException {
        KeyedExecutor executor = new KeyedExecutor(2, "test", 2);
        executors.add(executor);
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        List<String> dropped = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(4);
        holdKey(executor, "chat", release, () -> {
            ran.add("running");
            done.countDown();
        });
        for (String name : List.of("m1", "b1", "m2", "m3")) {
            int priority = name.startsWith("b") ? 0 : 1;
            executor.submit("chat", priority, () -> { ran.add(name); done.countDown(); }, () -> dropped.add(name));
        }
        executor.submit("other", 1, () -> { ran.add("other"); done.countDown(); }, () -> dropped.add("other"));
        assertThat(dropped).as("two may wait: m1 and m2 made room, oldest first; the button stayed").containsExactly("m1", "m2");
        release.countDown();
        await(done);
        assertThat(ran).containsSubsequence("running", "b1", "m3").contains("other").hasSize(4);
    }
}
