package org.paperbot.telegram;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperbot.store.Database;
import org.paperbot.store.InboxStore;
import org.paperbot.testing.Eventually;
import org.paperbot.testing.TestDatabases;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher of a replica: it handles what it claims from the shared inbox, whoever stored it. On SQLite in
 * memory, and on PostgreSQL in the build's postgres run.
 */
class SharedDispatcherTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    final Database db = TestDatabases.fresh();
    final InboxStore inbox = new InboxStore(db, Clock.systemUTC());
    final List<SharedDispatcher> dispatchers = new ArrayList<>();

    @AfterEach
    void close() {
        dispatchers.forEach(SharedDispatcher::shutdownNow);
        db.close();
    }

    private SharedDispatcher replica(SharedInbox shared, String name, UpdateHandler handler) {
        SharedDispatcher d = new SharedDispatcher(shared, handler, name, 4, 100, Duration.ofMillis(20), n -> { });
        dispatchers.add(d);
        d.resume();
        return d;
    }

    @Test
    void updatesStoredByOneReplicaAreHandledByTheOthersInOrderPerChatAndOnce() {
        Map<Long, List<Integer>> perChat = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byReplica = new ConcurrentHashMap<>();
        AtomicInteger handled = new AtomicInteger();
        List<SharedDispatcher> replicas = new ArrayList<>();
        for (String name : List.of("r1", "r2", "r3")) {
            replicas.add(replica(inbox, name, u -> {
                perChat.computeIfAbsent(u.getMessage().getChatId(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(u.getUpdateId());
                byReplica.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                handled.incrementAndGet();
                return UpdateHandler.DONE;
            }));
        }
        int id = 1;
        for (int round = 0; round < 20; round++) {
            for (long chat = 1; chat <= 10; chat++) {
                replicas.get(id % 3).receive(UpdateDispatcherTest.message(id++, chat, "m" + round));
            }
        }
        replicas.get(0).receive(UpdateDispatcherTest.message(5, 5, "a redelivery of update 5"));

        Eventually.until("200 handled", WAIT, () -> handled.get() >= 200);
        assertThat(handled.get()).isEqualTo(200);
        perChat.forEach((chat, ids) -> assertThat(ids).as("chat %d", chat).isSorted().hasSize(20));
        assertThat(inbox.claimUnfinished()).isEmpty();
    }

    @Test
    void aStopReleasesWhatItHeldAndAnotherReplicaHandlesItAtOnce() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        SharedDispatcher stopping = replica(inbox, "stopping", u -> {
            running.countDown();
            try {
                never.await(); // its replies never go out before the stop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return UpdateHandler.DONE;
        });
        stopping.receive(UpdateDispatcherTest.message(1, 7, "held"));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        stopping.stopAccepting();
        stopping.shutdownNow(); // interrupts the handler: the update stays unfinished, and is let go

        List<Integer> other = new ArrayList<>();
        replica(inbox, "other", u -> {
            synchronized (other) {
                other.add(u.getUpdateId());
            }
            return UpdateHandler.DONE;
        });
        // Well before the 30-second lease would have run out.
        Eventually.until("taken over", Duration.ofSeconds(5), () -> {
            synchronized (other) {
                return other.contains(1);
            }
        });
    }

    @Test
    void whileTheDatabaseFailsItWaitsLongerEachTimeAndThenCatchesUp() {
        AtomicInteger failuresLeft = new AtomicInteger(4);
        AtomicInteger claims = new AtomicInteger();
        SharedInbox flaky = new SharedInbox() {
            @Override
            public List<Entry> claim(String owner, int max, long leaseMillis) {
                claims.incrementAndGet();
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new org.paperbot.store.StoreException("database unreachable (test)");
                }
                return inbox.claim(owner, max, leaseMillis);
            }

            @Override
            public int renew(String owner, long leaseMillis) {
                return inbox.renew(owner, leaseMillis);
            }

            @Override
            public int release(String owner) {
                return inbox.release(owner);
            }

            @Override
            public int dropBacklog(int keepPerChat) {
                return inbox.dropBacklog(keepPerChat);
            }

            @Override
            public List<Entry> add(List<Entry> batch) {
                return inbox.add(batch);
            }

            @Override
            public List<Entry> claimUnfinished() {
                return inbox.claimUnfinished();
            }

            @Override
            public void finish(List<Long> updateIds, Outcome outcome) {
                inbox.finish(updateIds, outcome);
            }

            @Override
            public int prune(long redeliverableFrom) {
                return inbox.prune(redeliverableFrom);
            }
        };
        AtomicInteger handled = new AtomicInteger();
        SharedDispatcher d = replica(flaky, "r", u -> {
            handled.incrementAndGet();
            return UpdateHandler.DONE;
        });
        d.receive(UpdateDispatcherTest.message(1, 1, "stored while claims fail"));

        Eventually.until("handled after the failures", WAIT, () -> handled.get() == 1);
        assertThat(claims.get()).as("4 failed claims, then one that worked").isGreaterThanOrEqualTo(5);
        assertThat(SharedDispatcher.backoff(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(SharedDispatcher.backoff(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(SharedDispatcher.backoff(50)).isEqualTo(SharedDispatcher.MAX_BACKOFF);
    }
}
