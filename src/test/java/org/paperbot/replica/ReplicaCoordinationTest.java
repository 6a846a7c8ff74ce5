package org.paperbot.replica;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.paperbot.store.PostgresDatabase;
import org.paperbot.testing.PostgresServer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** What replicas coordinate through PostgreSQL, on a real server, each replica with its own pool as in production. */
class ReplicaCoordinationTest {
    final List<PostgresDatabase> opened = new ArrayList<>();
    String url;

    @BeforeEach
    void database() {
        url = PostgresServer.shared().createDatabase();
    }

    @AfterEach
    void close() {
        opened.forEach(PostgresDatabase::close);
    }

    /** One replica's connection pool. */
    private PostgresDatabase replica() {
        PostgresServer server = PostgresServer.shared();
        PostgresDatabase db = PostgresDatabase.open(url, server.user(), server.password(), 2);
        opened.add(db);
        return db;
    }

    @Test
    void theBroadcastLockIsHeldByOneReplicaAndPassesOnWhenItsConnectionEnds() {
        AdvisoryBroadcastLock one = new AdvisoryBroadcastLock(replica());
        AdvisoryBroadcastLock two = new AdvisoryBroadcastLock(replica());

        assertThat(one.tryAcquire()).isTrue();
        assertThat(two.tryAcquire()).as("held by the other").isFalse();
        one.release();
        assertThat(two.tryAcquire()).as("released after the run").isTrue();
        assertThat(one.tryAcquire()).isFalse();

        two.close(); // what a dying replica's connection does
        // The server lets go once the session's backend has ended, a moment after the connection closed.
        org.paperbot.testing.Eventually.until("the server let go with the connection", java.time.Duration.ofSeconds(10),
                one::tryAcquire);
        assertThat(two.tryAcquire()).as("a closed lock is never taken again").isFalse();
        one.close();
    }

    @Test
    void eachReplicaLearnsWhatTheOthersSentOnceAndNotItsOwn() {
        AtomicLong now = new AtomicLong(1_000_000L);
        AtomicInteger debitedA = new AtomicInteger();
        AtomicInteger debitedB = new AtomicInteger();
        SharedSendCount a = new SharedSendCount(replica(), "a", debitedA::addAndGet, now::get);
        SharedSendCount b = new SharedSendCount(replica(), "b", debitedB::addAndGet, now::get);
        SharedSendCount c = new SharedSendCount(replica(), "c", n -> { }, now::get);

        for (int i = 0; i < 5; i++) {
            a.sent();
        }
        c.sent();
        c.sent();
        assertThat(a.exchange()).as("a hears of nobody yet").isZero();
        assertThat(c.exchange()).as("c hears of a's 5").isEqualTo(5);
        assertThat(b.exchange()).as("b hears of a's 5 and c's 2").isEqualTo(7);
        assertThat(b.exchange()).as("nothing new").isZero();

        now.addAndGet(300); // the same second: a's count grows in its row
        a.sent();
        assertThat(a.exchange()).as("a hears of c's 2, never of its own").isEqualTo(2);
        assertThat(b.exchange()).as("only the new one").isEqualTo(1);

        now.addAndGet(1_000); // the next second: a new row
        a.sent();
        a.exchange();
        assertThat(b.exchange()).isEqualTo(1);
        assertThat(debitedB.get()).as("the budget was told the same").isEqualTo(9);
        assertThat(debitedA.get()).isEqualTo(2);
    }

    @Test
    void aReloadAnnouncedByOneReplicaReloadsTheOthersOnce() {
        AtomicInteger reloadsA = new AtomicInteger();
        AtomicInteger reloadsB = new AtomicInteger();
        AtomicInteger reloadsC = new AtomicInteger();
        CatalogSignal a = new CatalogSignal(replica(), "a", reloadsA::incrementAndGet, System::currentTimeMillis);
        CatalogSignal b = new CatalogSignal(replica(), "b", reloadsB::incrementAndGet, System::currentTimeMillis);
        CatalogSignal c = new CatalogSignal(replica(), "c", reloadsC::incrementAndGet, System::currentTimeMillis);

        assertThat(b.poll()).as("nothing announced yet").isFalse();
        a.announce();
        assertThat(a.poll()).as("its own reload is done already").isFalse();
        assertThat(b.poll()).isTrue();
        assertThat(b.poll()).as("once").isFalse();
        assertThat(c.poll()).isTrue();

        b.announce();
        b.announce();
        assertThat(a.poll()).as("two announcements seen together reload once").isTrue();
        assertThat(a.poll()).isFalse();
        assertThat(reloadsA.get()).isEqualTo(1);
        assertThat(reloadsB.get()).isEqualTo(1);
        assertThat(reloadsC.get()).isEqualTo(1);

        CatalogSignal late = new CatalogSignal(replica(), "late", () -> { throw new AssertionError("a replica that starts"
                + " after a reload has the catalog already"); }, System::currentTimeMillis);
        assertThat(late.poll()).isFalse();
    }
}
