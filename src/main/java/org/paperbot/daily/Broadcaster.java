package org.paperbot.daily;

import org.paperbot.concurrent.DaemonThreads;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.StoreException;
import org.paperbot.store.Subscription;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.telegram.ApiError;
import org.paperbot.telegram.ApiResult;
import org.paperbot.telegram.TelegramGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends daily cards: a few sender threads take cards from a queue, wait for a slot of the {@link RateBudget},
 * claim the delivery in the database, send once through the gateway and record the outcome. Each Telegram
 * answer is handled as the Bot API asks:
 *
 * <ul>
 *   <li>429: the whole budget pauses for {@code retry_after} and slows down; the card is retried;</li>
 *   <li>5xx / network: a few retries with backoff, then {@code failed} (retried at the next tick); many such
 *       failures in a row end the run early, since Telegram is then down for everyone;</li>
 *   <li>403 / 400 chat not found: the subscription becomes inactive, with the reason;</li>
 *   <li>400 with migrate_to_chat_id: the subscription moves to the new id and the card goes there;</li>
 *   <li>other 400s: our message is wrong; {@code failed} for the day, logged.</li>
 * </ul>
 *
 * {@link #stop} lets each sender finish the message it is sending and record it; cards not yet claimed
 * stay untouched and go out after a restart.
 */
public final class Broadcaster {
    private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);

    /**
     * @param senders               parallel senders; enough to keep the rate while calls take time
     * @param transientAttempts     attempts per card on 5xx / network errors within one run
     * @param firstBackoff          wait after the first transient failure, doubled each time
     * @param maxRateLimited        429 answers one card may get before it waits for the next tick
     * @param abortAfterTransient   transient failures in a row (across cards) that end the run
     */
    public record Options(int senders, int transientAttempts, Duration firstBackoff, int maxRateLimited,
                          int abortAfterTransient) {
        /** Senders for a rate: a Bot API call takes up to ~100 ms, so rate / 10 keep the pipe full. */
        public static Options forRate(int ratePerSecond) {
            int senders = Math.max(2, Math.min(100, (ratePerSecond + 9) / 10));
            return new Options(senders, 3, Duration.ofSeconds(1), 5, 20);
        }
    }

    private final TelegramGateway gateway;
    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final DailyCards cards;
    private final RateBudget budget;
    private final Clock clock;
    private final Options options;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Sender threads are numbered across runs, so a log line tells the runs apart. */
    private final ThreadFactory senderThreads = DaemonThreads.numbered("broadcast");

    public Broadcaster(TelegramGateway gateway, SubscriptionStore subscriptions, DeliveryStore deliveries, DailyCards cards,
                       RateBudget budget, Clock clock, Options options) {
        this.gateway = gateway;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.cards = cards;
        this.budget = budget;
        this.clock = clock;
        this.options = options;
    }

    /** The counters of one run, shared by its senders. */
    private static final class Run {
        final ConcurrentLinkedQueue<Due> queue;
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger deactivated = new AtomicInteger();
        final AtomicInteger migrated = new AtomicInteger();
        final AtomicInteger rateLimited = new AtomicInteger();
        final AtomicInteger transientInARow = new AtomicInteger();
        volatile boolean aborted;

        Run(List<Due> due) {
            this.queue = new ConcurrentLinkedQueue<>(due);
        }
    }

    /** How far the current (or last) broadcast got, for the metrics endpoint. */
    public record Progress(int planned, int sent, int failed) {
        static final Progress NONE = new Progress(0, 0, 0);
    }

    private volatile Run current;
    private volatile int currentPlanned;

    public Progress progress() {
        Run run = current;
        return run == null ? Progress.NONE : new Progress(currentPlanned, run.sent.get(), run.failed.get());
    }

    /** Delivers {@code due}, blocking until done or stopped. */
    public BroadcastReport deliver(List<Due> due, BroadcastReport.Trigger trigger) {
        Instant startedAt = clock.instant();
        long t0 = System.nanoTime();
        Run run = new Run(due);
        currentPlanned = due.size();
        current = run;
        int threads = Math.min(options.senders(), due.size());
        if (threads > 0 && !isStopped()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads, senderThreads);
            for (int i = 0; i < threads; i++) {
                pool.execute(() -> work(run));
            }
            pool.shutdown();
            awaitSenders(pool);
        }
        boolean completed = run.queue.isEmpty() && !run.aborted && !isStopped();
        BroadcastReport report = new BroadcastReport(trigger, startedAt, Duration.ofNanos(System.nanoTime() - t0), due.size(),
                run.sent.get(), run.failed.get(), run.deactivated.get(), run.migrated.get(), run.rateLimited.get(), completed);
        log.info("Broadcast ({}) {}: {} planned, {} sent, {} failed ({} deactivated), {} migrated, {} × 429, {} ms, {} msg/s",
                trigger, completed ? "done" : "cut short", report.planned(), report.sent(), report.failed(),
                report.deactivated(), report.migrated(), report.rateLimited(), report.duration().toMillis(),
                String.format(java.util.Locale.ROOT, "%.1f", report.achievedRate()));
        return report;
    }

    /** Stops for good: senders finish the message in hand, nothing new is claimed. Does not wait. */
    public void stop() {
        stopped.countDown();
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    private void awaitSenders(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                // Our caller is being shut down: stop claiming, but let the senders record what they sent.
                interrupted = true;
                stop();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void work(Run run) {
        Due item;
        while (!isStopped() && !run.aborted && (item = run.queue.poll()) != null) {
            try {
                deliverOne(run, item);
            } catch (StoreException e) {
                // Without the database nothing can be claimed or recorded safely: end the run.
                log.error("Broadcast stopped: database failure while delivering to chat {}: {}", item.chatId(), e.getMessage());
                run.failed.incrementAndGet();
                run.aborted = true;
            } catch (RuntimeException e) {
                log.error("Delivery to chat {} failed", item.chatId(), e);
                run.failed.incrementAndGet();
            }
        }
    }

    private void deliverOne(Run run, Due item) {
        long chatId = item.chatId();
        LocalDate date = item.localDate();
        DailyCards.Card card = cards.card(chatId, date);
        RateBudget.Grant grant = awaitSlot(chatId);
        if (grant == null) {
            return; // stopping before the claim: untouched, delivered after a restart
        }
        if (!deliveries.claim(chatId, date, card.paperId())) {
            return; // unsubscribed meanwhile, or already delivered
        }
        SendMessage message = card.message();
        int rateLimited = 0;
        int transientFailures = 0;
        int hops = 0;
        while (true) {
            ApiResult<Message> result = gateway.once(message);
            if (result instanceof ApiResult.Ok<Message> ok) {
                deliveries.markSent(chatId, date, ok.value() == null ? null : ok.value().getMessageId());
                run.sent.incrementAndGet();
                run.transientInARow.set(0);
                return;
            }
            ApiError error = result.error();
            switch (error.kind()) {
                case RATE_LIMITED -> {
                    run.rateLimited.incrementAndGet();
                    Duration wait = error.retryAfter().orElse(Duration.ofSeconds(1));
                    budget.onRateLimited(wait, grant.epoch());
                    log.warn("429 from Telegram: pausing {} s, rate now {}/s", wait.toSeconds(),
                            String.format(java.util.Locale.ROOT, "%.1f", budget.currentRate()));
                    if (++rateLimited > options.maxRateLimited()) {
                        fail(run, chatId, date, error, true);
                        return;
                    }
                }
                case TRANSIENT -> {
                    if (++transientFailures >= options.transientAttempts()) {
                        fail(run, chatId, date, error, true);
                        if (run.transientInARow.incrementAndGet() >= options.abortAfterTransient() && !run.aborted) {
                            run.aborted = true;
                            log.warn("Telegram unreachable ({} failures in a row): the rest waits for the next tick",
                                    options.abortAfterTransient());
                        }
                        return;
                    }
                    Duration backoff = options.firstBackoff().multipliedBy(1L << Math.min(10, transientFailures - 1));
                    if (sleep(backoff)) {
                        deliveries.markFailed(chatId, date, "stopped before retry: " + error, true);
                        return;
                    }
                }
                case FORBIDDEN, CHAT_NOT_FOUND -> {
                    fail(run, chatId, date, error, false);
                    Subscription.InactiveReason reason = error.kind() == ApiError.Kind.FORBIDDEN
                            ? Subscription.InactiveReason.FORBIDDEN : Subscription.InactiveReason.CHAT_NOT_FOUND;
                    if (subscriptions.deactivate(chatId, reason, error.description())) {
                        run.deactivated.incrementAndGet();
                        log.info("Chat {} deactivated: {}", chatId, error);
                    }
                    return;
                }
                case MIGRATED -> {
                    long newId = error.migrateToChatId().orElseThrow();
                    if (++hops > 2 || newId == chatId) {
                        fail(run, chatId, date, error, false);
                        return;
                    }
                    log.info("Chat {} became supergroup {}: subscription moved", chatId, newId);
                    subscriptions.migrate(chatId, newId);
                    run.migrated.incrementAndGet();
                    chatId = newId;
                    card = cards.card(chatId, date);
                    message = card.message();
                    // The claim moved with the subscription; claiming again also catches a card already sent there.
                    grant = awaitSlot(chatId);
                    if (grant == null) {
                        deliveries.markFailed(chatId, date, "stopped before sending to the migrated chat", true);
                        return;
                    }
                    if (!deliveries.claim(chatId, date, card.paperId())) {
                        return;
                    }
                    continue;
                }
                case UNAUTHORIZED -> {
                    fail(run, chatId, date, error, true);
                    run.aborted = true;
                    log.error("Telegram rejected the token during a broadcast ({}): run stopped", error);
                    return;
                }
                default -> {
                    log.warn("Daily card to chat {} rejected: {}", chatId, error);
                    fail(run, chatId, date, error, false);
                    return;
                }
            }
            grant = awaitSlot(chatId);
            if (grant == null) {
                deliveries.markFailed(chatId, date, "stopped before retry: " + error, true);
                return;
            }
        }
    }

    private void fail(Run run, long chatId, LocalDate date, ApiError error, boolean retryable) {
        deliveries.markFailed(chatId, date, error.toString(), retryable);
        run.failed.incrementAndGet();
    }

    /** Waits for a send slot for {@code chatId}; null when stopping (no slot used). */
    private RateBudget.Grant awaitSlot(long chatId) {
        while (true) {
            RateBudget.Grant grant = budget.reserve(chatId);
            if (grant.waitNanos() > 0 && sleep(Duration.ofNanos(grant.waitNanos()))) {
                return null;
            }
            if (isStopped()) {
                return null;
            }
            // A 429 may have come in while this sender waited: then its slot is void and it reserves again.
            if (grant.granted() && budget.isCurrent(grant)) {
                return grant;
            }
        }
    }

    /** Sleeps unless stopped; true when {@link #stop} was called (now or during the wait). */
    private boolean sleep(Duration d) {
        try {
            return stopped.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return true;
        }
    }
}
