package org.paperbot.store;

import org.paperbot.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.telegram.UpdateInbox.Entry;
import org.paperbot.telegram.UpdateInbox.Outcome;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inbox on a real SQLite file. */
class InboxStoreTest {
    static final Instant T0 = Instant.parse("2026-05-10T06:00:00Z");

    @TempDir
    Path dir;
    Database db;

    private Database open() {
        db = TestDatabases.open(dir);
        return db;
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    /** The store as of {@code at}: it keeps no state of its own besides the database. */
    private InboxStore at(Instant at) {
        return new InboxStore(db, Clock.fixed(at, ZoneOffset.UTC));
    }

    static Entry entry(long id, String chat) {
        return new Entry(id, chat, "{\"update_id\":" + id + ",\"chat\":\"" + chat + "\"}");
    }

    private List<Long> ids(List<Entry> entries) {
        return entries.stream().map(Entry::updateId).toList();
    }

    /** The first column of every row {@code sql} selects, as text. */
    private List<String> column(String sql) {
        return db.transaction(c -> {
            List<String> values = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        });
    }

    private List<Long> allIds() {
        return column("SELECT update_id FROM inbox ORDER BY update_id").stream().map(Long::valueOf).toList();
    }

    @Test
    void aBatchIsStoredWhollyOrNotAtAll() {
        open();
        InboxStore inbox = at(T0);
        List<Entry> broken = List.of(entry(1, "a"), entry(2, "b"), new Entry(3, "c", null));
        assertThatThrownBy(() -> inbox.add(broken)).isInstanceOf(StoreException.class).hasMessageContaining("payload");
        assertThat(allIds()).as("nothing of the failed batch").isEmpty();

        assertThat(ids(inbox.add(List.of(entry(1, "a"), entry(2, "b"))))).containsExactly(1L, 2L);
        assertThat(ids(inbox.claimUnfinished())).containsExactly(1L, 2L);
    }

    @Test
    void aRedeliveredUpdateIsIgnoredWhetherPendingOrFinished() {
        open();
        InboxStore inbox = at(T0);
        inbox.add(List.of(entry(1, "a"), entry(2, "a")));
        inbox.finish(List.of(1L), Outcome.HANDLED);

        List<Entry> again = inbox.add(List.of(entry(1, "a"), entry(2, "a"), entry(3, "b")));
        assertThat(ids(again)).as("only the new one").containsExactly(3L);
        assertThat(ids(inbox.claimUnfinished())).as("1 stays finished").containsExactly(2L, 3L);
    }

    @Test
    void unfinishedUpdatesSurviveReopeningTheFileInUpdateIdOrder() {
        open();
        InboxStore inbox = at(T0);
        inbox.add(List.of(entry(10, "a"), entry(11, "b"), entry(12, "a")));
        inbox.add(List.of(entry(13, "b"), entry(14, "a")));
        inbox.finish(List.of(11L), Outcome.HANDLED);
        inbox.finish(List.of(12L), Outcome.DROPPED_CHAT_BACKLOG);
        db.close();

        open();
        List<Entry> left = at(T0).claimUnfinished();
        assertThat(left).containsExactly(entry(10, "a"), entry(13, "b"), entry(14, "a"));
    }

    @Test
    void aDroppedUpdateIsRecordedWithItsReason() {
        open();
        InboxStore inbox = at(T0);
        inbox.add(List.of(entry(1, "-100"), entry(2, "-100")));
        inbox.finish(List.of(1L), Outcome.DROPPED_CHAT_BACKLOG);
        inbox.finish(List.of(2L), Outcome.HANDLED);
        List<String> rows = column("SELECT state || '/' || COALESCE(drop_reason, '-') || '/' || finished_at FROM inbox"
                + " ORDER BY update_id");
        assertThat(rows).containsExactly("dropped/chat_backlog/" + T0.toEpochMilli(), "handled/-/" + T0.toEpochMilli());
    }

    @Test
    void finishingTwiceKeepsTheFirstOutcome() {
        open();
        InboxStore inbox = at(T0);
        inbox.add(List.of(entry(1, "a")));
        inbox.finish(List.of(1L), Outcome.DROPPED_CHAT_BACKLOG);
        inbox.finish(List.of(1L), Outcome.HANDLED);
        assertThat(column("SELECT state FROM inbox WHERE update_id = 1")).containsExactly("dropped");
    }

    @Test
    void pruneForgetsOnlyFinishedUpdatesThatCannotComeAgain() {
        open();
        // Received and finished at T0: 1 pending, 2 and 3 finished; Telegram acknowledged offset 3 later.
        InboxStore inbox = at(T0);
        inbox.add(List.of(entry(1, "a"), entry(2, "a"), entry(3, "b")));
        inbox.finish(List.of(2L), Outcome.HANDLED);
        inbox.finish(List.of(3L), Outcome.HANDLED);

        assertThat(at(T0.plus(Duration.ofMinutes(30))).prune(3)).as("within the hour everything is kept").isZero();

        assertThat(at(T0.plus(Duration.ofHours(2))).prune(3)).isEqualTo(1);
        assertThat(allIds()).as("2 is below the acknowledged offset; 3 may still be redelivered; 1 is pending")
                .containsExactly(1L, 3L);

        assertThat(at(T0.plus(Duration.ofHours(25))).prune(3)).as("Telegram keeps nothing past 24 h").isEqualTo(1);
        assertThat(allIds()).as("a pending update is never pruned").containsExactly(1L);
        assertThat(ids(inbox.claimUnfinished())).containsExactly(1L);
    }

    @Test
    void pruneKeepsAtMostTheNewestFinishedCountOnceAcknowledged() {
        open();
        InboxStore inbox = at(T0);
        int total = InboxStore.KEEP_FINISHED_COUNT + 5;
        List<Entry> batch = LongStream.rangeClosed(1, total).mapToObj(id -> entry(id, "chat" + id % 7)).toList();
        inbox.add(batch);
        inbox.finish(LongStream.rangeClosed(1, total).boxed().toList(), Outcome.HANDLED);
        inbox.add(List.of(entry(total + 1, "pending")));

        assertThat(inbox.prune(3)).as("only what Telegram acknowledged may go").isEqualTo(2);
        assertThat(inbox.prune(total + 2)).isEqualTo(3);
        List<Long> kept = allIds();
        assertThat(kept).hasSize(InboxStore.KEEP_FINISHED_COUNT + 1);
        assertThat(kept.get(0)).as("the oldest went first").isEqualTo(6L);
        assertThat(kept.get(kept.size() - 1)).isEqualTo(total + 1L);
    }

    // Claims: how replicas sharing one database take work (see SharedDispatcher). Run on SQLite and on PostgreSQL.

    static final long LEASE = Duration.ofSeconds(30).toMillis();

    @Test
    void ofEachChatOnlyTheOldestUnfinishedUpdateCanBeClaimed() {
        open();
        InboxStore inbox = at(T0);
        inbox.add(List.of(entry(1, "a"), entry(2, "a"), entry(3, "b"), entry(4, "a")));

        assertThat(ids(inbox.claim("replica-1", 10, LEASE))).containsExactly(1L, 3L);
        assertThat(inbox.claim("replica-2", 10, LEASE)).as("both heads are held, 2 and 4 wait behind 1").isEmpty();

        inbox.finish(List.of(1L), Outcome.HANDLED);
        assertThat(ids(inbox.claim("replica-2", 10, LEASE))).as("2 is a's oldest unfinished now").containsExactly(2L);
        inbox.finish(List.of(2L, 3L), Outcome.HANDLED);
        assertThat(ids(inbox.claim("replica-1", 10, LEASE))).containsExactly(4L);
    }

    @Test
    void aClaimNotRenewedRunsOutAndAnotherReplicaTakesTheUpdate() {
        open();
        at(T0).add(List.of(entry(1, "a"), entry(2, "b")));
        assertThat(ids(at(T0).claim("dead", 10, LEASE))).containsExactly(1L, 2L);
        at(T0.plusSeconds(20)).renew("dead", LEASE); // the last renewal before it died: held until T0 + 50 s

        assertThat(at(T0.plusSeconds(49)).claim("alive", 10, LEASE)).as("still held").isEmpty();
        assertThat(ids(at(T0.plusSeconds(51)).claim("alive", 10, LEASE))).containsExactly(1L, 2L);
        assertThat(at(T0.plusSeconds(52)).renew("dead", LEASE)).as("the dead one holds nothing any more").isZero();
    }

    @Test
    void releasedUpdatesAreClaimableAtOnceButFinishedOnesNever() {
        open();
        InboxStore inbox = at(T0);
        inbox.add(List.of(entry(1, "a"), entry(2, "b")));
        inbox.claim("stopping", 10, LEASE);
        inbox.finish(List.of(2L), Outcome.HANDLED);

        assertThat(inbox.release("stopping")).as("only the unfinished one").isEqualTo(1);
        assertThat(ids(inbox.claim("other", 10, LEASE))).containsExactly(1L);
    }

    @Test
    void claimsOnTwoThreadsHandOutEachUpdateOnceAndEachChatInOrder() throws Exception {
        open();
        int chats = 20;
        int perChat = 25;
        List<Entry> all = new ArrayList<>();
        for (long id = 1; id <= (long) chats * perChat; id++) {
            all.add(entry(id, "chat" + id % chats));
        }
        at(T0).add(all);
        java.util.Map<String, List<Long>> handled = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger twice = new java.util.concurrent.atomic.AtomicInteger();
        Runnable replica = () -> {
            InboxStore inbox = new InboxStore(db, Clock.fixed(T0, ZoneOffset.UTC));
            String me = Thread.currentThread().getName();
            int idle = 0;
            while (seen.size() < all.size() && idle < 2_000) {
                List<Entry> claimed = inbox.claim(me, 7, LEASE);
                idle = claimed.isEmpty() ? idle + 1 : 0;
                for (Entry e : claimed) {
                    if (!seen.add(e.updateId())) {
                        twice.incrementAndGet();
                    }
                    // Recorded before it is finished: the chat's next one cannot be claimed before this line ran.
                    handled.computeIfAbsent(e.chatKey(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                            .add(e.updateId());
                    inbox.finish(List.of(e.updateId()), Outcome.HANDLED);
                }
            }
        };
        Thread one = new Thread(replica, "replica-1");
        Thread two = new Thread(replica, "replica-2");
        one.start();
        two.start();
        one.join(60_000);
        two.join(60_000);

        assertThat(twice.get()).as("no update claimed twice").isZero();
        assertThat(seen).hasSize(all.size());
        handled.forEach((chat, ids) -> assertThat(ids).as("chat %s in update_id order", chat).isSorted().hasSize(perChat));
    }

    @Test
    void aFloodingChatsOldestWaitingUpdatesAreDroppedButNotTheOneInHandNorOtherChats() {
        open();
        InboxStore inbox = at(T0);
        List<Entry> flood = new ArrayList<>();
        for (long id = 1; id <= 105; id++) {
            flood.add(entry(id, "flood"));
        }
        flood.add(entry(200, "quiet"));
        flood.add(entry(201, "quiet"));
        inbox.add(flood);
        assertThat(ids(inbox.claim("replica", 10, LEASE))).containsExactly(1L, 200L);

        assertThat(inbox.dropBacklog(100)).as("2 to 5: older than the newest 100, and not in hand").isEqualTo(4);
        List<Long> waiting = ids(inbox.claimUnfinished());
        assertThat(waiting).contains(1L, 6L, 105L, 200L, 201L).doesNotContain(2L, 3L, 4L, 5L).hasSize(103);
        assertThat(column("SELECT DISTINCT drop_reason FROM inbox WHERE state = 'dropped'")).containsExactly("chat_backlog");
        assertThat(inbox.dropBacklog(100)).as("nothing more").isZero();
    }
}
