package org.paperbot.telegram;

import org.paperbot.concurrent.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sink of a replica among several sharing one PostgreSQL: what arrives (by webhook, or by polling) is only stored;
 * what is handled is what this replica {@link SharedInbox#claim claims} from the shared inbox, whichever replica
 * stored it. Of each chat only the oldest unfinished update can be claimed, and it stays unfinished until its replies
 * are out, so a chat's updates are handled one at a time and in order across replicas, while different chats run in
 * parallel here and on the other replicas.
 *
 * <p>A claim is a lease ({@link #LEASE}), renewed while the replica lives: a replica that dies, or is cut off, lets go
 * when it runs out and another one handles its updates. Updates stored here wake the claiming loop at once; those
 * stored by other replicas (or freed by them) are found by polling every {@link #POLL}.
 *
 * <p>Stopping: nothing more is claimed, updates running finish, and what this replica holds unfinished is released
 * for the others at once.
 */
public final class SharedDispatcher implements UpdateSink {
    private static final Logger log = LoggerFactory.getLogger(SharedDispatcher.class);
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration POLL = Duration.ofMillis(100);
    /**
     * Claimed in one query at most. A claim is one round trip whatever it brings, but a replica that takes many at once
     * leaves the others idle: at 64 one replica of two handled 5 131 of 6 000 updates in the benchmark.
     */
    static final int CLAIM_BATCH = 16;
    /** Updates of one chat waiting at most, as {@code MAX_WAITING_PER_CHAT} in one process; older ones are dropped. */
    static final int MAX_WAITING_PER_CHAT = 100;
    /** How often a replica trims the chats' backlogs (any replica may: it is the same trim). */
    static final long TRIM_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The longest wait between claims while the database fails. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** At the longest wait, about half a minute between two warnings. */
    static final int FAILURES_BETWEEN_WARNINGS = 6;

    private final SharedInbox inbox;
    private final Intake intake;
    private final UpdateHandler handler;
    private final String owner;
    private final KeyedExecutor executor;
    private final InFlight inFlight;
    private final Duration poll;
    private final java.util.function.IntConsumer onBacklogDrop;
    private final Object wake = new Object();
    private final ScheduledExecutorService renewer;
    private boolean woken;
    private volatile boolean accepting = true;
    private Thread loop;

    /**
     * @param owner    names this replica in the claims it makes (unique among the replicas)
     * @param workers  threads handling updates
     * @param maxInFlight updates claimed and not finished, at most
     * @param onBacklogDrop told how many updates a trim of the chats' backlogs dropped
     */
    public SharedDispatcher(SharedInbox inbox, UpdateHandler handler, String owner, int workers, int maxInFlight,
                            java.util.function.IntConsumer onBacklogDrop) {
        this(inbox, handler, owner, workers, maxInFlight, POLL, onBacklogDrop);
    }

    SharedDispatcher(SharedInbox inbox, UpdateHandler handler, String owner, int workers, int maxInFlight, Duration poll,
                     java.util.function.IntConsumer onBacklogDrop) {
        this.onBacklogDrop = onBacklogDrop;
        this.inbox = inbox;
        this.intake = new Intake(inbox);
        this.handler = handler;
        this.owner = owner;
        // Never more than one update of a chat is claimed, so no chat ever waits here behind another of its own.
        this.executor = new KeyedExecutor(Math.max(1, workers), "update", Integer.MAX_VALUE);
        this.inFlight = new InFlight(maxInFlight);
        this.poll = poll;
        this.renewer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("inbox-lease"));
    }

    /** Polling, when this replica is the one that polls: stored, then claimed like any other. */
    @Override
    public void consume(List<Update> updates) {
        // Must never throw: an exception here would silently end TelegramBots' polling task.
        try {
            if (accepting && updates != null) {
                intake.storeDurably(updates);
                wake();
            }
        } catch (Throwable t) {
            // Not stored, so the offset did not move past them: the next getUpdates brings them again.
            log.error("Could not store {} polled updates ({}); Telegram delivers them again", updates.size(), t.getMessage());
        }
    }

    @Override
    public void receive(Update update) {
        intake.storeDurably(List.of(update));
        wake();
    }

    @Override
    public void resume() {
        loop = DaemonThreads.start("inbox-claim", this::claimLoop);
        long every = LEASE.toMillis() / 3;
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void claimLoop() {
        int failures = 0;
        long lastTrim = System.nanoTime();
        while (accepting) {
            int claimed = 0;
            try {
                if (System.nanoTime() - lastTrim > TRIM_EVERY_NANOS) {
                    lastTrim = System.nanoTime();
                    int dropped = inbox.dropBacklog(MAX_WAITING_PER_CHAT);
                    if (dropped > 0) {
                        log.info("Dropped {} updates of chats with more than {} waiting", dropped, MAX_WAITING_PER_CHAT);
                        onBacklogDrop.accept(dropped);
                    }
                }
                int free = inFlight.free();
                if (free > 0) {
                    List<UpdateInbox.Entry> entries = inbox.claim(owner, Math.min(free, CLAIM_BATCH), LEASE.toMillis());
                    claimed = entries.size();
                    for (Update update : intake.parse(entries)) {
                        inFlight.acquire();
                        executor.submit(UpdateDispatcher.keyOf(update), UpdateDispatcher.priorityOf(update),
                                () -> run(update), this::release);
                    }
                }
                if (failures > 0) {
                    log.info("Claiming updates again after {} failed attempts", failures);
                    failures = 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database is away (restarting, unreachable): said once, then about every half minute.
                if (failures % FAILURES_BETWEEN_WARNINGS == 0) {
                    log.warn("Could not claim updates ({}); trying again", e.getMessage());
                }
                failures++;
                if (!pause(backoff(failures))) {
                    return;
                }
                continue;
            }
            if (claimed < CLAIM_BATCH) {
                awaitWake();
            }
        }
    }

    /** After {@code failures} failed claims in a row: 0.2 s, 0.4 s, … up to {@link #MAX_BACKOFF}. */
    static Duration backoff(int failures) {
        long millis = POLL.toMillis() << Math.min(failures, 10);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    /** Sleeps, unless a stop comes first; false when interrupted. */
    private boolean pause(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (accepting) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, POLL.toNanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void awaitWake() {
        synchronized (wake) {
            try {
                if (!woken) {
                    wake.wait(poll.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                accepting = false;
            }
            woken = false;
        }
    }

    private void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void run(Update update) {
        if (!accepting) {
            release(); // stopping: released below for another replica
            return;
        }
        intake.handle(handler, update).ifPresentOrElse(
                // Finished, its chat's next update can be claimed: by this replica at once, or by another.
                finished -> finished.whenComplete((ignored, failure) -> {
                    release();
                    wake();
                }),
                this::release);
    }

    private void release() {
        inFlight.release();
    }

    private void renew() {
        try {
            inbox.renew(owner, LEASE.toMillis());
        } catch (RuntimeException e) {
            log.warn("Could not renew the claims of {} ({}); another replica may take them over", owner, e.getMessage());
        }
    }

    @Override
    public long nextOffset() {
        return intake.nextOffset();
    }

    @Override
    public void confirmed(long offset) {
        intake.confirmed(offset);
    }

    @Override
    public void stopAccepting() {
        accepting = false;
        wake();
    }

    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return inFlight.awaitIdle(timeout);
    }

    /** The end of a stop: what this replica still holds goes back to the others at once, not when its lease ends. */
    @Override
    public void shutdownNow() {
        accepting = false;
        renewer.shutdownNow();
        executor.shutdownNow();
        if (loop != null) {
            loop.interrupt();
        }
        try {
            int released = inbox.release(owner);
            if (released > 0) {
                log.info("Released {} unfinished updates for the other replicas", released);
            }
        } catch (RuntimeException e) {
            log.warn("Could not release the updates of {} ({}); the others take them when the lease ends", owner, e.getMessage());
        }
    }

    @Override
    public int inFlight() {
        return inFlight.count();
    }
}
