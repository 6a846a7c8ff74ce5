package org.paperbot.telegram;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs tasks on a fixed pool, one at a time per key and in submission order per key; different keys run in
 * parallel. Among ready tasks, a lower priority number runs first (inline queries before chat messages).
 */
final class KeyedExecutor {
    private final ThreadPoolExecutor pool;
    private final Map<Object, Deque<Task>> waiting = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    private static final class Task implements Runnable {
        final int priority;
        final long seq;
        final Object key;
        final Runnable body;
        volatile Runnable then;

        Task(int priority, long seq, Object key, Runnable body) {
            this.priority = priority;
            this.seq = seq;
            this.key = key;
            this.body = body;
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

    KeyedExecutor(int threads, String name) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        Comparator<Runnable> order = Comparator.comparingInt((Runnable r) -> ((Task) r).priority)
                .thenComparingLong(r -> ((Task) r).seq);
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new PriorityBlockingQueue<>(64, order), factory);
    }

    void submit(Object key, int priority, Runnable body) {
        Task task = new Task(priority, sequence.incrementAndGet(), key, body);
        task.then = () -> next(key);
        synchronized (waiting) {
            Deque<Task> queue = waiting.get(key);
            if (queue != null) {
                queue.addLast(task);
                return;
            }
            waiting.put(key, new ArrayDeque<>());
        }
        pool.execute(task);
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
