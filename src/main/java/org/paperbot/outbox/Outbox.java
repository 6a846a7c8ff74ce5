package org.paperbot.outbox;

import org.paperbot.concurrent.DaemonThreads;
import org.paperbot.telegram.ApiError;
import org.paperbot.telegram.ApiResult;
import org.paperbot.telegram.RetryPolicy;
import org.paperbot.telegram.TelegramGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Everything the bot writes in chats goes out through here: one queue per chat, sent in order, at most one
 * message on the wire per chat, within Telegram's per-chat limits ({@link ChatLimits}). An update worker hands
 * a handler's replies to {@link #submit} and goes on at once; one scheduler thread starts the HTTP calls (they
 * run on the HTTP client's threads) and a small pool handles their answers. Nothing here sleeps on a thread:
 * a chat that must wait is put on a timer.
 *
 * <ul>
 *   <li>429: that chat is parked for its {@code retry_after}, then the message is sent again; others go on;</li>
 *   <li>5xx / network: that chat waits a jittered backoff, then the message is retried ({@link RetryPolicy#MESSAGES});</li>
 *   <li>400 for the HTML (bad markup, too long): sent once more as plain text without keyboard;</li>
 *   <li>400 with migrate_to_chat_id: {@link ChatEvents#chatMigrated}, and the message goes to the new id;</li>
 *   <li>403 / chat not found: {@link ChatEvents#chatGone}.</li>
 * </ul>
 *
 * <p>A chat's queue stays small: a message identical (text, markup, keyboard) to one not yet delivered is merged
 * into it — in a group also into one delivered within its limit's window, so thirty {@code /today} in a minute
 * give one card —, a newer edit of a message replaces the edit still waiting, and beyond
 * {@code maxPendingPerChat} the oldest waiting message is dropped; both are counted ({@link #stats}). Across all
 * chats at most {@code maxPending} messages wait: beyond that {@link #submit} waits for room. One chat can never
 * cause that (it holds at most {@code maxPendingPerChat}); only many chats with backlogs at once can, and then the
 * wait holds the polling loop back, as the dispatcher's own bound does, instead of growing memory. Callback and inline answers are not
 * chat messages: they go out at once, with a few quick retries ({@link RetryPolicy#ANSWERS}).
 *
 * <p>The daily broadcast sends on its own threads, one card per chat, but takes a {@linkplain #tryTurn turn}
 * at the chat first, so it keeps the same limits and waits for a parked chat.
 */
public final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** A chat's waiting messages beyond which the oldest is dropped: about ten seconds of a private chat's rate. */
    public static final int MAX_PENDING_PER_CHAT = 10;
    /** 429s one message may get before it is given up (each one parked the chat for its retry_after). */
    static final int MAX_RATE_LIMITED = 5;
    /**
     * Longest sleep of the scheduler while something waits for time. Timers are exact with the system clock;
     * the cap also lets the outbox follow a clock that jumps (tests' manual clock) without being told.
     */
    static final long MAX_NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** A turn refused because the chat has a message on the wire is worth asking for again after this. */
    static final long BUSY_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long SWEEP_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * @param maxInFlight       chat messages on the wire at once, across chats (leave room on the HTTP client for
     *                          answers and the broadcast)
     * @param maxPendingPerChat waiting messages per chat before the oldest is dropped
     * @param maxPending        waiting messages across all chats before {@link #submit} waits for room
     */
    public record Options(ChatLimits limits, int maxInFlight, int maxPendingPerChat, int maxPending) {
        public static Options telegram(int maxInFlight, int maxPending) {
            return new Options(ChatLimits.TELEGRAM, maxInFlight, MAX_PENDING_PER_CHAT, maxPending);
        }
    }

    /**
     * @param pending     chat messages waiting for their chat
     * @param inFlight    chat messages on the wire
     * @param parkedChats chats waiting out a 429 or a retry backoff
     * @param coalesced   messages merged into an identical one (or an edit replaced by a newer one) since start
     * @param dropped     waiting messages dropped to keep a chat's queue bounded since start
     * @param givenUp     messages and answers not delivered (refused, or failed every attempt) since start
     */
    public record Stats(int pending, int inFlight, int parkedChats, long coalesced, long dropped, long givenUp) {
    }

    /**
     * An attempt's consequence: try again after {@code waitNanos} (the chat waits that long in any case), or not;
     * {@code failed} when not retried and not delivered; and what it taught about the chat.
     */
    private record Verdict(boolean retry, long waitNanos, boolean failed, OptionalLong movedTo, ApiError gone) {
        static final Verdict DONE = new Verdict(false, 0, false, OptionalLong.empty(), null);
        static final Verdict FAILED = new Verdict(false, 0, true, OptionalLong.empty(), null);

        static Verdict retryAfter(long waitNanos) {
            return new Verdict(true, waitNanos, false, OptionalLong.empty(), null);
        }
    }

    /** A chat (or an answer to send again) waiting for its time. */
    private record Timer(long at, long seq, Lane lane, Pending answer) {
    }

    private final TelegramGateway gateway;
    private final ChatEvents events;
    private final Runnable newMessage;
    private final Options options;
    private final LongSupplier nanoTime;
    private final RandomGenerator random;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Long, Lane> lanes = new HashMap<>();
    private final ArrayDeque<Lane> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.at() != b.at()
            ? Long.compare(a.at(), b.at()) : Long.compare(a.seq(), b.seq()));
    /** Answers sent or waiting to be sent again (so that {@link #stop} can let go of them). */
    private final Set<Pending> answers = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Thread scheduler;
    private final ExecutorService completions;
    private int pending;
    private int inFlight;
    /**
     * Messages and answers done with (delivered or given up) whose callers are still being told, outside the lock: what
     * they run next (an update finished in the inbox) must be over before {@link #drain} says everything is out, or a
     * stop closes the database under it and the update is handled again at the next start.
     */
    private int completing;
    private long timerSeq;
    private long lastSweep;
    private long coalesced;
    private long dropped;
    private long givenUp;
    /** Callers of {@link #submit} waiting for room. */
    private int waitingForRoom;
    private boolean stopped;

    /**
     * @param newMessage told of every new message (not an edit) as it goes to a chat, so the shared send budget
     *                   counts it: replies never wait for that budget, the broadcast makes room for them
     * @param nanoTime   the clock of the chat limits (tests pass a manual one)
     * @param random     spreads retry backoffs
     */
    private Outbox(TelegramGateway gateway, ChatEvents events, Runnable newMessage, Options options, LongSupplier nanoTime,
                   RandomGenerator random) {
        this.gateway = gateway;
        this.events = events;
        this.newMessage = newMessage;
        this.options = options;
        this.nanoTime = nanoTime;
        this.random = random;
        this.lastSweep = nanoTime.getAsLong();
        this.completions = Executors.newFixedThreadPool(2, DaemonThreads.numbered("outbox"));
        this.scheduler = DaemonThreads.named("outbox-scheduler").newThread(this::schedule);
    }

    /** Creates the outbox and starts its scheduler thread. */
    public static Outbox start(TelegramGateway gateway, ChatEvents events, Runnable newMessage, Options options,
                               LongSupplier nanoTime, RandomGenerator random) {
        Outbox outbox = new Outbox(gateway, events, newMessage, options, nanoTime, random);
        outbox.scheduler.start();
        return outbox;
    }

    // ------------------------------------------------------------------ submitting

    /**
     * Takes a handler's replies and returns at once — unless {@code maxPending} messages already wait across all
     * chats; then it first waits for room. Chat messages are queued in their chat, in the given order; answers go
     * out now. The future completes when the outbox is done with all of them: delivered, merged into an identical
     * one that was, dropped or given up — decisions for good. It completes exceptionally (a
     * {@link CancellationException}) when {@link #stop} let go of one of them undelivered, or the outbox was stopped
     * already: whoever keeps updates durably should then handle that update again after a restart.
     */
    public CompletableFuture<Void> submit(List<? extends BotApiMethod<?>> replies) {
        if (replies.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> waits = new ArrayList<>(replies.size());
        List<Pending> pushedOut = new ArrayList<>(0);
        List<Pending> toAnswer = new ArrayList<>(0);
        lock.lock();
        try {
            awaitRoom(replies);
            if (stopped) {
                log.debug("Outbox stopped: {} replies not sent", replies.size());
                return CompletableFuture.failedFuture(new CancellationException("outbox stopped"));
            }
            for (BotApiMethod<?> reply : replies) {
                OptionalLong chat = ChatMessages.chatOf(reply);
                if (chat.isPresent()) {
                    waits.add(enqueue(chat.getAsLong(), reply, false, pushedOut));
                } else {
                    Pending answer = new Pending(reply, false);
                    answers.add(answer);
                    toAnswer.add(answer);
                    waits.add(answer.done);
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        pushedOut.forEach(Outbox::finish);
        toAnswer.forEach(this::sendAnswer);
        return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
    }

    /** Under the lock: waits while the outbox is full and {@code replies} hold a chat message. */
    private void awaitRoom(List<? extends BotApiMethod<?>> replies) {
        if (pending < options.maxPending() || replies.stream().allMatch(r -> ChatMessages.chatOf(r).isEmpty())) {
            return;
        }
        waitingForRoom++;
        try {
            while (pending >= options.maxPending() && !stopped) {
                changed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the worker is being stopped: queue what it has and go
        } finally {
            waitingForRoom--;
        }
    }

    /**
     * Under the lock. Returns what completes when {@code message} is delivered (or covered by an identical one);
     * adds a message dropped to make room to {@code pushedOut}.
     */
    private CompletableFuture<Void> enqueue(long chatId, BotApiMethod<?> message, boolean moved, List<Pending> pushedOut) {
        Lane lane = lane(chatId);
        Lane.Offer offer = lane.offer(message, options.maxPendingPerChat(), nanoTime.getAsLong(), moved);
        if (offer.coalesced()) {
            coalesced++;
        } else {
            pending++;
        }
        if (offer.dropped() != null) {
            pending--;
            dropped++;
            pushedOut.add(offer.dropped());
            log.debug("Chat {}: more than {} messages waiting, the oldest dropped", chatId, options.maxPendingPerChat());
        }
        makeReady(lane);
        return offer.waitFor() == null ? CompletableFuture.completedFuture(null) : offer.waitFor().done;
    }

    /** Under the lock. */
    private Lane lane(long chatId) {
        return lanes.computeIfAbsent(chatId, id -> new Lane(id, options.limits().ruleFor(id)));
    }

    /** Under the lock. True when the chat was put in the ready queue. */
    private boolean makeReady(Lane lane) {
        if (!lane.scheduled && !lane.busy() && lane.hasQueued()) {
            lane.scheduled = true;
            ready.addLast(lane);
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ the scheduler

    private void schedule() {
        List<Runnable> starts = new ArrayList<>();
        List<Pending> answersDue = new ArrayList<>();
        while (true) {
            lock.lock();
            try {
                if (stopped) {
                    return;
                }
                long now = nanoTime.getAsLong();
                while (!timers.isEmpty() && timers.peek().at() <= now) {
                    Timer timer = timers.poll();
                    if (timer.lane() != null) {
                        timer.lane().scheduled = false;
                        makeReady(timer.lane());
                    } else {
                        answersDue.add(timer.answer());
                    }
                }
                while (inFlight < options.maxInFlight() && !ready.isEmpty()) {
                    Lane lane = ready.pollFirst();
                    lane.scheduled = false;
                    Runnable start = startNext(lane, now);
                    if (start != null) {
                        starts.add(start);
                    }
                }
                sweep(now);
                if (!starts.isEmpty() && waitingForRoom > 0) {
                    changed.signalAll(); // messages left their queues: room for waiting callers
                }
                if (starts.isEmpty() && answersDue.isEmpty()) {
                    awaitChange(now);
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            // HTTP calls are started outside the lock: encoding a card takes longer than any bookkeeping here.
            starts.forEach(Runnable::run);
            starts.clear();
            answersDue.forEach(this::sendAnswer);
            answersDue.clear();
        }
    }

    /** Under the lock: sleeps until something changes or the next timer is due. */
    private void awaitChange(long now) throws InterruptedException {
        if (timers.isEmpty() && ready.isEmpty()) {
            changed.await();
        } else {
            long untilTimer = timers.isEmpty() ? MAX_NAP_NANOS : timers.peek().at() - now;
            changed.awaitNanos(Math.max(1, Math.min(MAX_NAP_NANOS, untilTimer)));
        }
    }

    /** Under the lock: takes the chat's next message if its limits allow it now, else puts the chat on a timer. */
    private Runnable startNext(Lane lane, long now) {
        if (lane.busy() || !lane.hasQueued()) {
            return null;
        }
        long at = lane.limit.readyAt(now);
        if (at > now) {
            lane.scheduled = true;
            timers.add(new Timer(at, timerSeq++, lane, null));
            return null;
        }
        Pending message = lane.next();
        pending--;
        lane.inFlight = message;
        inFlight++;
        BotApiMethod<?> method = message.method;
        if (method instanceof SendMessage) {
            newMessage.run();
        }
        return () -> send(lane, message, method);
    }

    private void send(Lane lane, Pending message, BotApiMethod<?> method) {
        gateway.onceAsync(method).thenAcceptAsync(result -> sent(lane, message, result), this::handOff)
                .exceptionally(e -> {
                    log.error("Handling the answer to {} for chat {} failed", method.getMethod(), lane.chatId, e);
                    sent(lane, message, null); // frees the chat
                    return null;
                });
    }

    /**
     * Answers are handled on the outbox's pool, not on the HTTP client's thread: the client counts a call as
     * running until its callback returns, and handling may write to the store. After {@link #stop} the pool is
     * gone and the (then trivial) handling runs where the answer arrived.
     */
    private void handOff(Runnable handling) {
        try {
            completions.execute(handling);
        } catch (RejectedExecutionException e) {
            handling.run();
        }
    }

    /** The answer to a chat message came back (null: it could not be handled). */
    private void sent(Lane lane, Pending message, ApiResult<?> result) {
        long now = nanoTime.getAsLong();
        Verdict verdict = result == null ? Verdict.DONE
                : result.isOk() ? Verdict.DONE : judge(message, result.error(), RetryPolicy.MESSAGES);
        List<Pending> pushedOut = new ArrayList<>(0);
        CompletableFuture<Void> movedCopy = null;
        lock.lock();
        try {
            if (lane.inFlight == message) {
                lane.inFlight = null;
                inFlight--;
            }
            lane.limit.sent(now);
            if (stopped) {
                return; // stop() has let go of it already
            }
            if (verdict.waitNanos() > 0) {
                lane.limit.holdUntil(now + verdict.waitNanos());
            }
            if (verdict.retry()) {
                lane.retryFirst(message);
                pending++;
            } else if (!verdict.failed()) {
                lane.delivered(message.method, now);
            }
            if (verdict.movedTo().isPresent() && message.method instanceof SendMessage m && !message.moved) {
                long newId = verdict.movedTo().getAsLong();
                movedCopy = enqueue(newId, ChatMessages.copyTo(m, newId), true, pushedOut);
            } else if (verdict.failed()) {
                givenUp++;
            }
            makeReady(lane);
            completing += pushedOut.size() + (movedCopy == null && !verdict.retry() ? 1 : 0);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        learned(lane.chatId, verdict);
        pushedOut.forEach(this::complete);
        if (movedCopy != null) {
            movedCopy.whenComplete((delivered, stoppedFirst) -> {
                if (stoppedFirst == null) {
                    finish(message);
                } else {
                    message.done.cancel(false);
                }
            });
        } else if (!verdict.retry()) {
            complete(message);
        }
    }

    /** Tells the caller of a message counted in {@link #completing}, then uncounts it. */
    private void complete(Pending p) {
        try {
            finish(p);
        } finally {
            lock.lock();
            try {
                completing--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Decides what a failed attempt means, logging it the way an operator needs to read it. May replace the
     * message by its plain-text fallback. Runs on the thread handling the answer, outside the lock.
     */
    private Verdict judge(Pending p, ApiError error, RetryPolicy policy) {
        String method = p.method.getMethod();
        String chat = ChatMessages.describeChat(p.method);
        switch (error.kind()) {
            case NOT_MODIFIED -> {
                log.debug("{} to chat {}: nothing changed", method, chat);
                return Verdict.DONE;
            }
            case RATE_LIMITED -> {
                Duration wait = error.retryAfter().orElse(Duration.ofSeconds(1));
                boolean retry = ++p.rateLimited <= MAX_RATE_LIMITED && wait.compareTo(policy.maxRetryAfter()) <= 0;
                if (retry) {
                    log.info("{} to chat {}: 429, waiting {} s before sending again", method, chat, wait.toSeconds());
                } else {
                    log.warn("{} to chat {} given up: 429 asks to wait {} s ({} × 429)", method, chat, wait.toSeconds(), p.rateLimited);
                }
                // Even a message given up leaves the chat parked: Telegram refuses everything before retry_after.
                return new Verdict(retry, wait.toNanos(), !retry, OptionalLong.empty(), null);
            }
            case TRANSIENT -> {
                if (++p.transientFailures >= policy.maxAttempts()) {
                    log.warn("{} to chat {} failed {} times: {}", method, chat, p.transientFailures, error);
                    return Verdict.FAILED;
                }
                return Verdict.retryAfter(policy.backoff(p.transientFailures, random).toNanos());
            }
            case MIGRATED -> {
                long newId = error.migrateToChatId().orElseThrow();
                log.info("Chat {} migrated to {}; resending {}", chat, newId, method);
                return new Verdict(false, 0, true, OptionalLong.of(newId), null);
            }
            case FORBIDDEN, CHAT_NOT_FOUND -> {
                log.info("{} to chat {} refused: {}", method, chat, error);
                return new Verdict(false, 0, true, OptionalLong.empty(), error);
            }
            case BAD_REQUEST -> {
                BotApiMethod<?> plain = p.plainTried ? null : ChatMessages.plainFallback(p.method);
                if (plain == null) {
                    log.warn("{} to chat {} failed{}: {}", method, chat, p.plainTried ? " again as plain text" : "", error);
                    return Verdict.FAILED;
                }
                log.warn("{} to chat {} rejected: {}; falling back to plain text", method, chat, error);
                p.method = plain;
                p.plainTried = true;
                return Verdict.retryAfter(0);
            }
            default -> {
                log.warn("{} to chat {} failed: {}", method, chat, error);
                return Verdict.FAILED;
            }
        }
    }

    /** Tells {@link ChatEvents} what an answer taught about the chat; outside the lock (it writes to the store). */
    private void learned(long chatId, Verdict verdict) {
        try {
            verdict.movedTo().ifPresent(newId -> events.chatMigrated(chatId, newId));
            if (verdict.gone() != null) {
                events.chatGone(chatId, verdict.gone());
            }
        } catch (RuntimeException e) {
            log.error("Recording what Telegram said about chat {} failed", chatId, e);
        }
    }

    private static void finish(Pending p) {
        p.done.complete(null);
    }

    // ------------------------------------------------------------------ answers (not chat messages)

    private void sendAnswer(Pending answer) {
        gateway.onceAsync(answer.method).thenAcceptAsync(result -> answered(answer, result), this::handOff)
                .exceptionally(e -> {
                    log.error("Handling the answer to {} failed", answer.method.getMethod(), e);
                    answered(answer, null);
                    return null;
                });
    }

    private void answered(Pending answer, ApiResult<?> result) {
        Verdict verdict = result == null || result.isOk() ? Verdict.DONE : judge(answer, result.error(), RetryPolicy.ANSWERS);
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            if (verdict.retry()) {
                timers.add(new Timer(nanoTime.getAsLong() + verdict.waitNanos(), timerSeq++, null, answer));
                changed.signalAll();
                return;
            }
            answers.remove(answer);
            if (verdict.failed()) {
                givenUp++;
            }
            completing++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        complete(answer);
    }

    // ------------------------------------------------------------------ turns for senders outside the outbox

    /**
     * Asks to send one message to {@code chatId} from another thread (the daily broadcast). Granted when the chat
     * has nothing on the wire and its limits allow a message now; then no reply goes to that chat until the turn
     * is given back, and what the holder reports counts against the chat's limits. Not granted: ask again after
     * {@link Turn#waitNanos}.
     */
    public Turn tryTurn(long chatId) {
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            Lane lane = lane(chatId);
            long wait = lane.limit.readyAt(now) - now;
            if (lane.busy()) {
                return new Turn(null, Math.max(wait, BUSY_RECHECK_NANOS));
            }
            if (wait > 0) {
                return new Turn(null, wait);
            }
            lane.lent = true;
            return new Turn(lane, 0);
        } finally {
            lock.unlock();
        }
    }

    /** The right to send one message to a chat; give it back exactly once (further calls do nothing). */
    public final class Turn {
        private final Lane lane;
        private final long waitNanos;
        private boolean returned;

        private Turn(Lane lane, long waitNanos) {
            this.lane = lane;
            this.waitNanos = waitNanos;
        }

        public boolean granted() {
            return lane != null;
        }

        /** When not granted: how long until asking again makes sense. */
        public long waitNanos() {
            return waitNanos;
        }

        /** The message went out (or may have reached Telegram): it counts against the chat's limits. */
        public void sent() {
            giveBack(this, true, 0);
        }

        /** Telegram answered 429: the chat is parked for {@code retryAfter}. */
        public void rateLimited(Duration retryAfter) {
            giveBack(this, true, Math.max(0, retryAfter.toNanos()));
        }

        /** Nothing was sent. */
        public void unused() {
            giveBack(this, false, 0);
        }
    }

    private void giveBack(Turn turn, boolean sent, long holdNanos) {
        if (turn.lane == null) {
            return;
        }
        lock.lock();
        try {
            if (turn.returned) {
                return;
            }
            turn.returned = true;
            Lane lane = turn.lane;
            lane.lent = false;
            long now = nanoTime.getAsLong();
            if (sent) {
                lane.limit.sent(now);
            }
            if (holdNanos > 0) {
                lane.limit.holdUntil(now + holdNanos);
            }
            // Only replies waiting for this chat need the scheduler: a broadcast's turns are many, and wake-ups cost.
            if (makeReady(lane)) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ stopping

    /**
     * Sends what it can for up to {@code timeout}: returns true when everything was delivered, false when the
     * time ran out — or at once when nothing that is left can go before then (every such chat is parked
     * beyond it).
     */
    public boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (pending > 0 || inFlight > 0 || !answers.isEmpty() || completing > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || stopped) {
                    return false;
                }
                if (inFlight == 0 && answers.isEmpty() && completing == 0 && nothingDueWithin(left)) {
                    return false;
                }
                changed.awaitNanos(Math.min(left, MAX_NAP_NANOS));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: true when no chat with waiting messages may send within {@code nanos}. */
    private boolean nothingDueWithin(long nanos) {
        long now = nanoTime.getAsLong();
        for (Lane lane : lanes.values()) {
            if (lane.hasQueued() && (lane.busy() || lane.limit.readyAt(now) - now <= nanos)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops for good without waiting for Telegram: everything not yet delivered is let go of (its futures are
     * cancelled), the scheduler ends (waited for up to {@code timeout}). Calls on the wire are not waited for;
     * the owner of the HTTP client cancels them.
     */
    public void stop(Duration timeout) {
        List<Pending> abandoned = new ArrayList<>();
        int messages;
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            stopped = true;
            for (Lane lane : lanes.values()) {
                abandoned.addAll(lane.clear());
                if (lane.inFlight != null) {
                    abandoned.add(lane.inFlight);
                }
            }
            messages = abandoned.size();
            abandoned.addAll(answers);
            answers.clear();
            timers.clear();
            ready.clear();
            pending = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (!abandoned.isEmpty()) {
            log.warn("Outbox stopped: {} chat messages and {} answers not delivered", messages, abandoned.size() - messages);
        }
        abandoned.forEach(p -> p.done.cancel(false));
        completions.shutdown();
        try {
            scheduler.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ observing

    /**
     * True when nothing can go out at the clock's current time; otherwise the scheduler is asked to look at the
     * clock now. For tests that move a manual clock and wait for the outbox to catch up.
     */
    boolean settled() {
        lock.lock();
        try {
            boolean timerDue = !timers.isEmpty() && timers.peek().at() <= nanoTime.getAsLong();
            if (timerDue) {
                changed.signalAll();
            }
            return inFlight == 0 && answers.isEmpty() && ready.isEmpty() && !timerDue;
        } finally {
            lock.unlock();
        }
    }

    public Stats stats() {
        lock.lock();
        try {
            long now = nanoTime.getAsLong();
            int parked = 0;
            for (Lane lane : lanes.values()) {
                if (lane.limit.isHeld(now)) {
                    parked++;
                }
            }
            return new Stats(pending, inFlight, parked, coalesced, dropped, givenUp);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: forgets chats whose state no longer matters, at most once a second. */
    private void sweep(long now) {
        if (now - lastSweep < SWEEP_EVERY_NANOS) {
            return;
        }
        lastSweep = now;
        lanes.values().removeIf(lane -> !lane.busy() && !lane.hasQueued() && !lane.scheduled && lane.limit.isIdle(now));
    }
}
