package org.paperbot.daily;

/**
 * Who may run a broadcast now. One process needs nothing ({@link #LOCAL}: its runs never overlap anyway); replicas
 * sharing a database take a lock there for each run, so that exactly one of them broadcasts at a time, and the run of
 * a replica that dies is taken over by the next tick of another.
 */
public interface BroadcastLock extends AutoCloseable {
    BroadcastLock LOCAL = new BroadcastLock() {
        @Override
        public boolean tryAcquire() {
            return true;
        }

        @Override
        public void release() {
        }

        @Override
        public void close() {
        }
    };

    /** True when this process now holds the lock (and must {@link #release} it); false when another does. */
    boolean tryAcquire();

    void release();

    /** Gives the lock up for good (a stop). */
    @Override
    void close();
}
