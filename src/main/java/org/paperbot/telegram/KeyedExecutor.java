package org.paperbot.telegram;

import org.paperbot.concurrent.DaemonThreads;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs tasks on a fixed pool, one at a time per key and in submission order per key; different keys run in
 * parallel. Among ready tasks, a lower priority number runs first (inline queries before chat messages).
 *
 * <p>At most {@code maxWaitingPerKey} tasks wait behind a key's running one. One more makes room by dropping the
 * oldest of the least urgent among the waiting ones and the newcomer (a flood of messages loses its oldest
 * messages, not the button presses queued among them); the dropped task's {@code onDrop} runs instead of it.
 */
final class KeyedExecutor {
    private final ThreadPoolExecutor pool;
    private final int maxWaitingPerKey;
    private final Map<Object, Deque<Task>> waiting = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    private static final class Task implements Runnable {
        final int priority;
        final long seq;
        final Runnable body;
        final Runnable onDrop;
        volatile Runnable then;

        Task(int priority, long seq, Runnable body, Runnable onDrop) {
            this.priority = priority;
            this.seq = seq;
            this.body = body;
            this.onDrop = onDrop;
        }

        /** Less urgent (a higher priority number), then older. */
        boolean yieldsTo(Task other) {
            return priority != other.priority ? priority > other.priority : seq < other.seq;
        }

        @Override
        public void run() {
            try {
                body.run();
            } finally {
                then.run();
            }
        }
    }

    KeyedExecutor(int threads, String name, int maxWaitingPerKey) {
        this.maxWaitingPerKey = maxWaitingPerKey;
        Comparator<Runnable> order = Comparator.comparingInt((Runnable r) -> ((Task) r).priority)
                .thenComparingLong(r -> ((Task) r).seq);
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new PriorityBlockingQueue<>(64, order), DaemonThreads.numbered(name));
    }

    void submit(Object key, int priority, Runnable body, Runnable onDrop) {
        Task task = new Task(priority, sequence.incrementAndGet(), body, onDrop);
        task.then = () -> next(key);
        Task dropped = null;
        synchronized (waiting) {
            Deque<Task> queue = waiting.get(key);
            if (queue == null) {
                waiting.put(key, new ArrayDeque<>());
            } else {
                if (queue.size() >= maxWaitingPerKey) {
                    dropped = task;
                    for (Task t : queue) {
                        if (t.yieldsTo(dropped)) {
                            dropped = t;
                        }
                    }
                    queue.remove(dropped);
                }
                if (dropped != task) {
                    queue.addLast(task);
                }
                task = null;
            }
        }
        if (dropped != null) {
            dropped.onDrop.run();
        }
        if (task != null) {
            pool.execute(task);
        }
    }

    private void next(Object key) {
        Task next;
        synchronized (waiting) {
            Deque<Task> queue = waiting.get(key);
            next = queue == null ? null : queue.pollFirst();
            if (next == null) {
                waiting.remove(key);
            }
        }
        if (next != null && !pool.isShutdown()) {
            pool.execute(next);
        }
    }

    void shutdownNow() {
        pool.shutdownNow();
    }
}
