package org.paperbot.daily;

import org.paperbot.concurrent.DaemonThreads;
import org.paperbot.store.BroadcastLog;
import org.paperbot.store.DeliveryStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * Every tick (30 s by default) finds the subscribers whose card is due and hands them to the
 * {@link Broadcaster}. Runs never overlap, so a card cannot be planned twice: ticks and admin pushes share one
 * thread, and a run asked for on another thread ({@link #runDue()}) waits for the one in progress. Everything the
 * plan needs is in the database, so after downtime the first tick catches up: whoever's time passed today gets
 * today's card, late; nobody gets yesterday's.
 */
public final class DailyScheduler {
    private static final Logger log = LoggerFactory.getLogger(DailyScheduler.class);
    /** Due subscriptions read per query: a tick holds the due ones only, never every subscription. */
    static final int PAGE = 1_000;
    /** How often a push asks again for the broadcast lock another replica holds. */
    static final long LOCK_RETRY_MILLIS = 500;

    /**
     * The answer to an admin push.
     *
     * @param recipients cards planned when the push was accepted
     * @param queued     true when another run was in progress, so the push waits for it
     * @param done       completes with the run's report
     */
    public record Push(int recipients, boolean queued, CompletableFuture<BroadcastReport> done) {
    }

    private final DeliveryStore deliveries;
    private final BroadcastLog broadcastLog;
    private final Broadcaster broadcaster;
    private final Clock clock;
    private final Duration tick;
    private final int historyDays;
    private final ScheduledExecutorService executor;
    private final BroadcastLock lock;
    private final AtomicBoolean running = new AtomicBoolean();
    private LocalDate lastPruned;

    /** {@code historyDays}: delivery rows older than this many days are pruned once a day. */
    public DailyScheduler(DeliveryStore deliveries, BroadcastLog broadcastLog, Broadcaster broadcaster, Clock clock,
                          Duration tick, int historyDays) {
        this(deliveries, broadcastLog, broadcaster, clock, tick, historyDays, BroadcastLock.LOCAL);
    }

    /** {@code lock}: taken for each run, so that among replicas exactly one broadcasts at a time. */
    public DailyScheduler(DeliveryStore deliveries, BroadcastLog broadcastLog, Broadcaster broadcaster, Clock clock,
                          Duration tick, int historyDays, BroadcastLock lock) {
        this.lock = lock;
        this.deliveries = deliveries;
        this.broadcastLog = broadcastLog;
        this.broadcaster = broadcaster;
        this.clock = clock;
        this.tick = tick;
        this.historyDays = historyDays;
        this.executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("daily-scheduler"));
    }

    /** Starts ticking now, then every {@code tick} after the previous run ended. */
    public void start() {
        executor.scheduleWithFixedDelay(this::tickSafely, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Daily scheduler started (tick {} s)", tick.toSeconds());
    }

    /** Cards due now: subscribers whose local time has come and who have no card for their local date yet. */
    public List<Due> due(Instant now) {
        return plan(now, false);
    }

    /**
     * Plans deliveries, all at once (tests and benchmarks; a run takes them batch by batch from {@link #feed}).
     * {@code push}: every active subscriber without today's card, whatever their time, and also those whose delivery
     * today failed for good (an admin asked explicitly); a push, too, leaves out the chats whose settings skip today
     * (weekend, pause): they asked for no card.
     */
    List<Due> plan(Instant now, boolean push) {
        List<Due> out = new ArrayList<>();
        DueFeed feed = feed(now, push);
        for (List<Due> batch = feed.next(); !batch.isEmpty(); batch = feed.next()) {
            out.addAll(batch);
        }
        return out;
    }

    /**
     * The cards of a run, a page of {@value #PAGE} subscriptions read at a time. Scheduled: the subscriptions whose
     * next due instant has come, in the order of those instants (the longest waiting first, after downtime); a row
     * found not due after all (its instant is stale: written before downtime, or by the upgrade) gets its instant
     * recomputed. A push: every active subscriber still without today's card, by chat id (an order no send changes).
     */
    DueFeed feed(Instant now, boolean push) {
        if (push) {
            return new PagedFeed(after -> deliveries.activeAfter(after, PAGE), (c, due) -> {
                LocalDate today = Schedule.localDate(now, c.zone());
                // Not today: today's card was sent, or the chat's settings leave today out (weekend, pause).
                Schedule.Next next = Schedule.next(now, c.time(), c.zone(), c.settings(), c.lastSent());
                if (next.date().equals(today)) {
                    due.add(new Due(c.chatId(), today, c.settings().silent()));
                }
            });
        }
        return new PagedFeed(after -> deliveries.dueBy(now, after, PAGE), (c, due) -> {
            // A delivery given up on today counts as served: the scheduler does not try it again today.
            Schedule.Next next = Schedule.next(now, c.time(), c.zone(), c.settings(),
                    Schedule.later(c.lastSent(), c.exhausted()));
            if (next.overdue()) {
                due.add(new Due(c.chatId(), next.date(), c.settings().silent()));
            } else {
                deliveries.refreshDue(c.chatId());
            }
        });
    }

    /** Reads pages until one has cards to send (or there are no more pages), and hands those on. */
    private static final class PagedFeed implements DueFeed {
        private final UnaryOperator<DeliveryStore.Page> read;
        private final BiConsumer<DeliveryStore.Candidate, List<Due>> plan;
        private DeliveryStore.Page page = DeliveryStore.Page.START;
        private boolean last;

        PagedFeed(UnaryOperator<DeliveryStore.Page> read,
                  BiConsumer<DeliveryStore.Candidate, List<Due>> plan) {
            this.read = read;
            this.plan = plan;
        }

        @Override
        public List<Due> next() {
            while (!last) {
                page = read.apply(page);
                last = page.rows().size() < PAGE;
                List<Due> due = new ArrayList<>();
                for (DeliveryStore.Candidate c : page.rows()) {
                    plan.accept(c, due);
                }
                if (!due.isEmpty()) {
                    return due;
                }
            }
            return List.of();
        }
    }

    /**
     * One scheduled run, on the caller's thread (tests and benchmarks; the tick calls it too), after any run in
     * progress has ended. Empty runs are not recorded.
     */
    public BroadcastReport runDue() {
        return run(BroadcastReport.Trigger.SCHEDULED);
    }

    /** Sends today's card now to every active subscriber who has not got it; repeating it sends nothing new. */
    public Push pushToday() {
        int recipients = 0;
        DueFeed count = feed(clock.instant(), true);
        for (List<Due> batch = count.next(); !batch.isEmpty(); batch = count.next()) {
            recipients += batch.size();
        }
        boolean queued = running.get();
        CompletableFuture<BroadcastReport> done = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    done.complete(run(BroadcastReport.Trigger.PUSH));
                } catch (Throwable t) {
                    log.error("Push failed", t);
                    done.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new IllegalStateException("scheduler stopped", e));
        }
        return new Push(recipients, queued, done);
    }

    /** The running (or last) broadcast's progress. */
    public Broadcaster.Progress progress() {
        return broadcaster.progress();
    }

    /** The last broadcast that had something to send, from the database (survives restarts). */
    public Optional<BroadcastReport> lastReport() {
        return broadcastLog.last().map(BroadcastReport::fromRun);
    }

    public boolean isBroadcasting() {
        return broadcaster.isSending();
    }

    /**
     * Stops ticking. The send in flight is finished and recorded; the rest stays for the next start. Waits up
     * to {@code grace} (sends are single HTTP calls, so this is quick).
     */
    public void stop(Duration grace) {
        broadcaster.stop();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Daily scheduler still busy after {} ms; abandoning the run (it resumes after restart)",
                        grace.toMillis());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            lock.close();
        }
    }

    /** Stops at once without waiting (a simulated crash in tests): the run in progress is abandoned. */
    public void kill() {
        broadcaster.stop();
        executor.shutdownNow();
        lock.close();
    }

    private void tickSafely() {
        try {
            runDue();
            pruneOnceADay();
        } catch (Throwable t) {
            // Never let an exception end the periodic task: the next tick tries again.
            log.error("Daily tick failed", t);
        }
    }

    /** Synchronized: a second run alongside would plan again the cards this one has planned but not yet sent. */
    private synchronized BroadcastReport run(BroadcastReport.Trigger trigger) {
        // Stopped; or another replica is broadcasting: what is due is its to send, and what it leaves is due at the next
        // tick.
        if (broadcaster.isStopped() || !acquire(trigger == BroadcastReport.Trigger.PUSH)) {
            return new BroadcastReport(trigger, clock.instant(), Duration.ZERO, 0, 0, 0, 0, 0, 0, true);
        }
        try {
            Instant now = clock.instant();
            running.set(true);
            try {
                BroadcastReport report = broadcaster.deliver(feed(now, trigger == BroadcastReport.Trigger.PUSH), trigger);
                if (report.planned() > 0) {
                    broadcastLog.record(report.toRun());
                }
                return report;
            } finally {
                running.set(false);
            }
        } finally {
            lock.release();
        }
    }

    /**
     * The broadcast lock: a scheduled run asks once (if another replica holds it, that one is broadcasting); an admin's
     * push waits for it, as it waits for a run of its own replica, until the scheduler stops.
     */
    private boolean acquire(boolean wait) {
        while (!lock.tryAcquire()) {
            if (!wait || broadcaster.isStopped()) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(LOCK_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void pruneOnceADay() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (today.equals(lastPruned)) {
            return;
        }
        int removed = deliveries.pruneBefore(today.minusDays(historyDays));
        lastPruned = today;
        if (removed > 0) {
            log.info("Pruned {} delivery records older than {} days", removed, historyDays);
        }
    }
}
