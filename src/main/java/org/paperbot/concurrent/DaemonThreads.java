package org.paperbot.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bot's own threads: daemon, so that none of them can keep the JVM alive past the shutdown sequence (which stops
 * each service with a bounded wait and then exits), and named, so that a thread dump or a log line says what a thread
 * is for. Every thread the bot creates itself comes from here.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Threads all named {@code name} (for a single thread, or a pool whose threads need not be told apart). */
    public static ThreadFactory named(String name) {
        return task -> daemon(task, name);
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, … in the order the factory creates them. */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return task -> daemon(task, prefix + "-" + next.incrementAndGet());
    }

    /** Starts one daemon thread named {@code name} running {@code task}. */
    public static Thread start(String name, Runnable task) {
        Thread thread = daemon(task, name);
        thread.start();
        return thread;
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
