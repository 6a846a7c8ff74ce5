package org.paperbot.daily;

import org.paperbot.concurrent.DaemonThreads;
import org.paperbot.outbox.Outbox;
import org.paperbot.store.DeliveryStore;
import org.paperbot.store.StoreException;
import org.paperbot.store.Subscription;
import org.paperbot.store.SubscriptionStore;
import org.paperbot.telegram.ApiError;
import org.paperbot.telegram.ApiResult;
import org.paperbot.telegram.RetryPolicy;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Sends daily cards: a few sender threads take cards from a queue, take a {@linkplain Outbox#tryTurn turn} at
 * the card's chat (so the chat's own limits hold, shared with replies, and a parked chat waits), wait for a
 * slot of the {@link RateBudget}, claim the delivery in the database, send once through the gateway and record
 * the outcome. A card whose chat is not ready is put aside, unclaimed, and taken up again when it is. Each
 * Telegram answer is handled as the Bot API asks:
 *
 * <ul>
 *   <li>429: the chat is parked and the whole budget pauses for {@code retry_after} and slows down; the card is retried;</li>
 *   <li>5xx / network: a few retries with jittered backoff, then {@code failed} (retried at the next tick); many
 *       such failures in a row end the run early, since Telegram is then down for everyone;</li>
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
     * How long a card may wait for its chat (parked by a 429, or a group that used up its minute) before this run
     * leaves it to the next tick; it is not claimed, so nothing is lost. Longer than a group's one-minute window.
     */
    static final Duration MAX_CHAT_WAIT = Duration.ofMinutes(2);
    /** How often a sender with nothing to do looks for a put-aside card whose chat became ready. */
    private static final long IDLE_POLL_MILLIS = 20;
    /** Queued cards below which a sender takes the next batch from the feed: the queue never holds much more. */
    static final int REFILL_BELOW = 500;

    /**
     * @param senders               parallel senders; enough to keep the rate while calls take time
     * @param retries               attempts per card on 5xx / network errors within one run, and their backoff
     *                              (its maxRetryAfter is not used: 429s are bounded by {@code maxRateLimited})
     * @param maxRateLimited        429 answers one card may get before it waits for the next tick
     * @param abortAfterTransient   transient failures in a row (across cards) that end the run
     */
    public record Options(int senders, RetryPolicy retries, int maxRateLimited, int abortAfterTransient) {
        /** Senders for a rate: a Bot API call takes up to ~100 ms, so rate / 10 keep the pipe full. */
        public static Options forRate(int ratePerSecond) {
            int senders = Math.max(2, Math.min(100, (ratePerSecond + 9) / 10));
            return new Options(senders, new RetryPolicy(3, Duration.ofSeconds(1), Duration.ZERO), 5, 20);
        }
    }

    private final TelegramGateway gateway;
    private final Outbox outbox;
    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final DailyCards cards;
    private final RateBudget budget;
    private final Clock clock;
    private final Options options;
    private final RandomGenerator random;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Sender threads are numbered across runs, so a log line tells the runs apart. */
    private final ThreadFactory senderThreads = DaemonThreads.numbered("broadcast");

    /**
     * @param outbox where the chats' limits live: each card takes a turn at its chat
     * @param random spreads retry backoffs
     */
    public Broadcaster(TelegramGateway gateway, Outbox outbox, SubscriptionStore subscriptions, DeliveryStore deliveries,
                       DailyCards cards, RateBudget budget, Clock clock, Options options, RandomGenerator random) {
        this.gateway = gateway;
        this.outbox = outbox;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.cards = cards;
        this.budget = budget;
        this.clock = clock;
        this.options = options;
        this.random = random;
    }

    /** A card whose chat was not ready, with when to look again. */
    private record PutAside(Due due, long firstTriedNanos, long readyNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(readyNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(readyNanos, ((PutAside) other).readyNanos);
        }
    }

    /** The counters of one run, shared by its senders. */
    private static final class Run {
        final DueFeed feed;
        /** Held by the one sender taking a batch from the feed. */
        final ReentrantLock feeding = new ReentrantLock();
        /** True once the feed has no more. */
        volatile boolean fed;
        final ConcurrentLinkedDeque<Due> queue = new ConcurrentLinkedDeque<>();
        final AtomicInteger queued = new AtomicInteger();
        final DelayQueue<PutAside> putAside = new DelayQueue<>();
        /**
         * The chats with a card not finished yet, queued, put aside or in a sender's hands: a chat the feed reads again
         * meanwhile (its due instant moved past the feed's place) is not planned a second time.
         */
        final Set<Long> open = ConcurrentHashMap.newKeySet();
        /** Cards taken from the feed so far. */
        final AtomicInteger planned = new AtomicInteger();
        /** Cards not finished yet: queued, put aside or in a sender's hands. */
        final AtomicInteger remaining = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger deactivated = new AtomicInteger();
        final AtomicInteger migrated = new AtomicInteger();
        final AtomicInteger rateLimited = new AtomicInteger();
        final AtomicInteger transientInARow = new AtomicInteger();
        final AtomicInteger leftForLater = new AtomicInteger();
        volatile boolean aborted;

        Run(DueFeed feed) {
            this.feed = feed;
        }

        boolean finished() {
            return fed && remaining.get() == 0;
        }

        /** The next queued card, first taking a batch from the feed when the queue runs low; null when none is queued. */
        Due poll() {
            if (!fed && queued.get() < REFILL_BELOW && feeding.tryLock()) {
                try {
                    while (!fed && queued.get() < REFILL_BELOW) {
                        List<Due> batch = feed.next();
                        if (batch.isEmpty()) {
                            fed = true;
                        }
                        for (Due due : batch) {
                            if (open.add(due.chatId())) {
                                planned.incrementAndGet();
                                remaining.incrementAndGet();
                                queued.incrementAndGet();
                                queue.add(due);
                            }
                        }
                    }
                } finally {
                    feeding.unlock();
                }
            }
            Due due = queue.poll();
            if (due != null) {
                queued.decrementAndGet();
            }
            return due;
        }

        void done(Due due) {
            open.remove(due.chatId());
            remaining.decrementAndGet();
        }
    }

    /** How far the current (or last) broadcast got, for the metrics endpoint. */
    public record Progress(int planned, int sent, int failed) {
        static final Progress NONE = new Progress(0, 0, 0);
    }

    private volatile Run current;
    /** True while a run with something to send is sending it. */
    private volatile boolean sending;

    public Progress progress() {
        Run run = current;
        return run == null ? Progress.NONE : new Progress(run.planned.get(), run.sent.get(), run.failed.get());
    }

    /**
     * Delivers what {@code feed} gives, blocking until done or stopped. A feed with nothing at all gives a report of
     * nothing planned, not logged (an ordinary tick).
     */
    public BroadcastReport deliver(DueFeed feed, BroadcastReport.Trigger trigger) {
        Instant startedAt = clock.instant();
        long t0 = System.nanoTime();
        Run run = new Run(feed);
        Due first = isStopped() ? null : run.poll();
        if (first == null) {
            return new BroadcastReport(trigger, startedAt, Duration.ofNanos(System.nanoTime() - t0), 0, 0, 0, 0, 0, 0, true);
        }
        run.queue.offerFirst(first); // back in front of the rest, where it was
        run.queued.incrementAndGet();
        current = run;
        // A run that fits in one batch needs no more senders than cards.
        int threads = run.fed ? Math.min(options.senders(), run.remaining.get()) : options.senders();
        if (!isStopped()) {
            sending = true;
            try {
                ExecutorService pool = Executors.newFixedThreadPool(threads, senderThreads);
                for (int i = 0; i < threads; i++) {
                    pool.execute(() -> work(run));
                }
                pool.shutdown();
                awaitSenders(pool);
            } finally {
                sending = false;
            }
        }
        if (run.leftForLater.get() > 0) {
            log.info("Broadcast: {} cards left for the next tick, their chats were not ready within {} s",
                    run.leftForLater.get(), MAX_CHAT_WAIT.toSeconds());
        }
        boolean completed = run.finished() && run.leftForLater.get() == 0 && !run.aborted && !isStopped();
        BroadcastReport report = new BroadcastReport(trigger, startedAt, Duration.ofNanos(System.nanoTime() - t0), run.planned.get(),
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

    /** True while a broadcast is sending (a run that found nothing to send never is). */
    public boolean isSending() {
        return sending;
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
        while (!isStopped() && !run.aborted && !run.finished()) {
            PutAside aside = null;
            Due item;
            try {
                item = run.poll();
            } catch (StoreException e) {
                log.error("Broadcast stopped: database failure while reading the cards due: {}", e.getMessage());
                run.aborted = true;
                return;
            }
            if (item == null) {
                aside = takePutAside(run);
                if (aside == null) {
                    continue;
                }
                item = aside.due();
            }
            long firstTried = aside == null ? System.nanoTime() : aside.firstTriedNanos();
            boolean finished = true;
            try {
                finished = deliverOne(run, item, firstTried);
            } catch (StoreException e) {
                // Without the database nothing can be claimed or recorded safely: end the run.
                log.error("Broadcast stopped: database failure while delivering to chat {}: {}", item.chatId(), e.getMessage());
                run.failed.incrementAndGet();
                run.aborted = true;
            } catch (RuntimeException e) {
                log.error("Delivery to chat {} failed", item.chatId(), e);
                run.failed.incrementAndGet();
            }
            if (finished) {
                run.done(item);
            }
        }
    }

    private PutAside takePutAside(Run run) {
        try {
            return run.putAside.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return null;
        }
    }

    /** Delivers one card; false when its chat was not ready and the card was put aside (not claimed). */
    private boolean deliverOne(Run run, Due item, long firstTriedNanos) {
        long chatId = item.chatId();
        LocalDate date = item.localDate();
        Outbox.Turn turn = outbox.tryTurn(chatId);
        if (!turn.granted()) {
            if (System.nanoTime() - firstTriedNanos + turn.waitNanos() > MAX_CHAT_WAIT.toNanos()) {
                run.leftForLater.incrementAndGet(); // unclaimed: the next tick plans it again
                return true;
            }
            run.putAside.add(new PutAside(item, firstTriedNanos, System.nanoTime() + turn.waitNanos()));
            return false;
        }
        try {
            // Built only now, for the one chat: a run holds no cards but those its senders have in hand.
            SendMessage message = asWanted(cards.card(chatId, date), item);
            RateBudget.Grant grant = awaitSlot();
            if (grant == null) {
                return true; // stopping before the claim: untouched, delivered after a restart
            }
            if (!deliveries.claim(chatId, date)) {
                return true; // unsubscribed meanwhile, or already delivered
            }
            int rateLimited = 0;
            int transientFailures = 0;
            int hops = 0;
            while (true) {
                ApiResult<Message> result = gateway.once(message);
                ApiError error = result.isOk() ? null : result.error();
                if (error != null && error.kind() == ApiError.Kind.RATE_LIMITED) {
                    turn.rateLimited(error.retryAfter().orElse(Duration.ofSeconds(1)));
                } else {
                    turn.sent();
                }
                if (result instanceof ApiResult.Ok<Message> ok) {
                    deliveries.markSent(chatId, date, ok.value() == null ? null : ok.value().getMessageId());
                    run.sent.incrementAndGet();
                    run.transientInARow.set(0);
                    return true;
                }
                switch (error.kind()) {
                    case RATE_LIMITED -> {
                        run.rateLimited.incrementAndGet();
                        Duration wait = error.retryAfter().orElse(Duration.ofSeconds(1));
                        budget.onRateLimited(wait, grant.epoch());
                        log.warn("429 from Telegram: pausing {} s, rate now {}/s", wait.toSeconds(),
                                String.format(java.util.Locale.ROOT, "%.1f", budget.currentRate()));
                        if (++rateLimited > options.maxRateLimited()) {
                            fail(run, chatId, date, error, true);
                            return true;
                        }
                    }
                    case TRANSIENT -> {
                        if (++transientFailures >= options.retries().maxAttempts()) {
                            fail(run, chatId, date, error, true);
                            if (run.transientInARow.incrementAndGet() >= options.abortAfterTransient() && !run.aborted) {
                                run.aborted = true;
                                log.warn("Telegram unreachable ({} failures in a row): the rest waits for the next tick",
                                        options.abortAfterTransient());
                            }
                            return true;
                        }
                        if (sleep(options.retries().backoff(transientFailures, random))) {
                            deliveries.markFailed(chatId, date, "stopped before retry: " + error, true);
                            return true;
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
                        return true;
                    }
                    case MIGRATED -> {
                        long newId = error.migrateToChatId().orElseThrow();
                        if (++hops > 2 || newId == chatId) {
                            fail(run, chatId, date, error, false);
                            return true;
                        }
                        log.info("Chat {} became supergroup {}: subscription moved", chatId, newId);
                        subscriptions.migrate(chatId, newId);
                        run.migrated.incrementAndGet();
                        chatId = newId;
                        message = asWanted(cards.card(chatId, date), item);
                    }
                    case UNAUTHORIZED -> {
                        fail(run, chatId, date, error, true);
                        run.aborted = true;
                        log.error("Telegram rejected the token during a broadcast ({}): run stopped", error);
                        return true;
                    }
                    default -> {
                        log.warn("Daily card to chat {} rejected: {}", chatId, error);
                        fail(run, chatId, date, error, false);
                        return true;
                    }
                }
                // The card is claimed: it waits for its chat (and a slot) here rather than being put aside.
                turn = awaitTurn(chatId);
                grant = turn == null ? null : awaitSlot();
                if (grant == null) {
                    deliveries.markFailed(chatId, date, error.kind() == ApiError.Kind.MIGRATED
                            ? "stopped before sending to the migrated chat" : "stopped before retry: " + error, true);
                    return true;
                }
                // The claim moved with the subscription; claiming again also catches a card already sent there.
                if (error.kind() == ApiError.Kind.MIGRATED && !deliveries.claim(chatId, date)) {
                    return true;
                }
            }
        } finally {
            if (turn != null) {
                turn.unused(); // nothing if the turn was given back already
            }
        }
    }

    /** The card's message as the chat wants it delivered: silently or with the usual sound. */
    private static SendMessage asWanted(SendMessage message, Due item) {
        if (item.silent()) {
            message.setDisableNotification(true);
        }
        return message;
    }

    private void fail(Run run, long chatId, LocalDate date, ApiError error, boolean retryable) {
        deliveries.markFailed(chatId, date, error.toString(), retryable);
        run.failed.incrementAndGet();
    }

    /** Waits for a turn at {@code chatId}; null when stopping. */
    private Outbox.Turn awaitTurn(long chatId) {
        while (true) {
            Outbox.Turn turn = outbox.tryTurn(chatId);
            if (turn.granted()) {
                if (isStopped()) {
                    turn.unused();
                    return null;
                }
                return turn;
            }
            if (sleep(Duration.ofNanos(turn.waitNanos()))) {
                return null;
            }
        }
    }

    /** Waits for a send slot of the global budget; null when stopping (no slot used). */
    private RateBudget.Grant awaitSlot() {
        while (true) {
            RateBudget.Grant grant = budget.reserve();
            if (grant.waitNanos() > 0 && sleep(Duration.ofNanos(grant.waitNanos()))) {
                return null;
            }
            if (isStopped()) {
                return null;
            }
            // A 429 may have come in while this sender waited: then its slot is void and it reserves again.
            if (budget.isCurrent(grant)) {
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
