package org.paperbot.telegram;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The updates a dispatcher has taken into work and not yet handed over, at most {@code max}: taking one more waits
 * (backpressure), and a stop waits until none is left.
 */
final class InFlight {
    private final Semaphore permits;
    private final int max;
    private final Object idle = new Object();

    InFlight(int max) {
        this.max = max;
        this.permits = new Semaphore(max);
    }

    void acquire() throws InterruptedException {
        permits.acquire();
    }

    /** How many more may be taken now. */
    int free() {
        return permits.availablePermits();
    }

    void release() {
        permits.release();
        if (permits.availablePermits() == max) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    int count() {
        return max - permits.availablePermits();
    }

    /** Waits until none is in flight; false on timeout. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (count() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
        return true;
    }
}
