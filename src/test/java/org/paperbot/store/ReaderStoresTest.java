package org.paperbot.store;

import org.paperbot.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperbot.store.FollowStore.Follow;
import org.paperbot.store.FollowStore.Kind;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The readers' stores on a real database file, reopened where it matters. */
class ReaderStoresTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-05-10T06:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private ReaderStores open(Database db) {
        return ReaderStores.over(db, clock);
    }

    @Test
    void savingTogglesPerUserAndSurvivesReopening() {
        try (Database db = TestDatabases.open(dir)) {
            SavedStore saved = open(db).saved();
            assertThat(saved.toggle(1, "a", "q1")).isTrue();
            assertThat(saved.toggle(1, "b", "q2")).isTrue();
            assertThat(saved.toggle(2, "a", "q3")).isTrue();
            assertThat(saved.toggle(1, "b", "q4")).as("the second press takes it back").isFalse();
            assertThat(saved.isSaved(1, "b")).isFalse();
        }
        try (Database db = TestDatabases.open(dir)) {
            SavedStore saved = open(db).saved();
            assertThat(saved.list(1)).containsExactly("a");
            assertThat(saved.list(2)).containsExactly("a");
            assertThat(saved.remove(1, "a")).isTrue();
            assertThat(saved.remove(1, "a")).isFalse();
            assertThat(saved.list(1)).isEmpty();
        }
    }

    @Test
    void theMostRecentlySavedComesFirst() {
        try (Database db = TestDatabases.open(dir)) {
            MutableMillis millis = new MutableMillis();
            SavedStore saved = new SavedStore(db, millis.clock());
            for (String id : List.of("x", "y", "z")) {
                millis.advance();
                saved.toggle(7, id, "press-" + id);
            }
            assertThat(saved.list(7)).containsExactly("z", "y", "x");
        }
    }

    @Test
    void aVoteIsOnePerUserAndPaperChangesAndIsTakenBackByTheSameButton() {
        try (Database db = TestDatabases.open(dir)) {
            VoteStore votes = open(db).votes();
            assertThat(votes.press(1, "p", VoteStore.UP, "q6")).isEqualTo(VoteStore.UP);
            assertThat(votes.press(1, "p", VoteStore.DOWN, "q7")).as("changed").isEqualTo(VoteStore.DOWN);
            assertThat(votes.press(2, "p", VoteStore.DOWN, "q8")).isEqualTo(VoteStore.DOWN);
            assertThat(votes.press(3, "q", VoteStore.UP, "q9")).isEqualTo(VoteStore.UP);
            assertThat(votes.press(3, "q", VoteStore.UP, "q10")).as("taken back").isEqualTo(VoteStore.NONE);
            assertThat(votes.press(3, "r", VoteStore.UP, "q11")).isEqualTo(VoteStore.UP);
        }
        try (Database db = TestDatabases.open(dir)) {
            VoteStore votes = open(db).votes();
            assertThat(votes.voteOf(1, "p")).isEqualTo(VoteStore.DOWN);
            assertThat(votes.voteOf(3, "q")).isEqualTo(VoteStore.NONE);
            assertThat(votes.totals()).isEqualTo(new VoteStore.Totals(1, 2, 3));
            assertThat(votes.mostVoted(5)).containsExactly(new VoteStore.PaperVotes("p", 0, 2), new VoteStore.PaperVotes("r", 1, 0));
        }
    }

    @Test
    void aPressHandledAgainAfterARestartDoesNotToggleTwice() {
        try (Database db = TestDatabases.open(dir)) {
            ReaderStores stores = open(db);
            assertThat(stores.saved().toggle(1, "p", "press-1")).isTrue();
            assertThat(stores.votes().press(1, "p", VoteStore.UP, "press-2")).isEqualTo(VoteStore.UP);
        }
        try (Database db = TestDatabases.open(dir)) {
            ReaderStores stores = open(db);
            assertThat(stores.saved().toggle(1, "p", "press-1")).as("the same press: same outcome").isTrue();
            assertThat(stores.saved().isSaved(1, "p")).isTrue();
            assertThat(stores.votes().press(1, "p", VoteStore.UP, "press-2")).isEqualTo(VoteStore.UP);
            assertThat(stores.votes().voteOf(1, "p")).isEqualTo(VoteStore.UP);
            assertThat(stores.saved().toggle(1, "p", "press-3")).as("a new press toggles").isFalse();
            assertThat(stores.votes().press(1, "p", VoteStore.UP, "press-4")).isEqualTo(VoteStore.NONE);
        }
    }

    @Test
    void theWaitForANoteSurvivesReopeningAndEndsWithTheNote() {
        try (Database db = TestDatabases.open(dir)) {
            FeedbackStore feedback = open(db).feedback();
            feedback.await(5, "p1");
            feedback.await(5, "p2"); // a later press asks about another paper
        }
        try (Database db = TestDatabases.open(dir)) {
            FeedbackStore feedback = open(db).feedback();
            assertThat(feedback.pending(5)).contains(new FeedbackStore.Pending("p2", clock.instant()));
            feedback.save(5, 5, "p2", "неверная цифра");
            assertThat(feedback.pending(5)).isEmpty();
            assertThat(feedback.count()).isEqualTo(1);
            assertThat(feedback.cancel(5)).isFalse();
            feedback.await(6, "p1");
            assertThat(feedback.cancel(6)).isTrue();
            assertThat(feedback.pending(6)).isEmpty();
        }
    }

    @Test
    void followsAreBoundedPerChatAndDuplicatesAreRecognised() {
        try (Database db = TestDatabases.open(dir)) {
            FollowStore follows = open(db).follows();
            Follow llm = new Follow(Kind.TOPIC, "llm", "#LLM");
            assertThat(follows.add(1, llm, 2)).isEqualTo(FollowStore.Added.ADDED);
            assertThat(follows.add(1, new Follow(Kind.TOPIC, "llm", "#llm"), 2)).isEqualTo(FollowStore.Added.ALREADY);
            assertThat(follows.add(1, new Follow(Kind.KEYWORD, "llm", "llm"), 2)).as("another kind").isEqualTo(FollowStore.Added.ADDED);
            assertThat(follows.add(1, new Follow(Kind.AUTHOR, "bengio", "Bengio"), 2)).isEqualTo(FollowStore.Added.FULL);
            assertThat(follows.add(2, new Follow(Kind.AUTHOR, "bengio", "Bengio"), 2)).isEqualTo(FollowStore.Added.ADDED);
        }
        try (Database db = TestDatabases.open(dir)) {
            FollowStore follows = open(db).follows();
            assertThat(follows.list(1)).extracting(Follow::label).containsExactlyInAnyOrder("#LLM", "llm");
            assertThat(follows.remove(1, Kind.TOPIC, "llm")).isTrue();
            assertThat(follows.remove(1, Kind.TOPIC, "llm")).isFalse();
            assertThat(follows.all()).containsOnlyKeys(1L, 2L);
            assertThat(follows.counts()).isEqualTo(new FollowStore.Counts(2, 2));
        }
    }

    @Test
    void followsMoveWithAGroupThatBecameASupergroupAndGoWithAChatThatIsGone() {
        try (Database db = TestDatabases.open(dir)) {
            FollowStore follows = open(db).follows();
            follows.add(-1, new Follow(Kind.TOPIC, "llm", "#LLM"), 20);
            follows.add(-1, new Follow(Kind.AUTHOR, "bengio", "Bengio"), 20);
            follows.add(-100, new Follow(Kind.TOPIC, "llm", "#llm"), 20);
            follows.add(7, new Follow(Kind.TOPIC, "llm", "#LLM"), 20);
            follows.migrate(-1, -100);
            assertThat(follows.list(-1)).isEmpty();
            assertThat(follows.list(-100)).extracting(Follow::key).containsExactlyInAnyOrder("llm", "bengio");
            follows.forget(7);
            assertThat(follows.all()).containsOnlyKeys(-100L);
        }
    }

    @Test
    void aPaperIsFirstSeenOnceAcrossReopening() {
        try (Database db = TestDatabases.open(dir)) {
            FollowStore follows = open(db).follows();
            assertThat(follows.seenAny()).isFalse();
            assertThat(follows.firstSeen(List.of("a", "b"))).containsExactly("a", "b");
        }
        try (Database db = TestDatabases.open(dir)) {
            FollowStore follows = open(db).follows();
            assertThat(follows.seenAny()).isTrue();
            assertThat(follows.firstSeen(List.of("c", "a", "b", "d"))).containsExactly("c", "d");
            assertThat(follows.firstSeen(List.of("a", "c"))).isEmpty();
        }
    }

    /** A clock whose milliseconds move only when told. */
    private static final class MutableMillis {
        private long millis = 1_000;

        void advance() {
            millis++;
        }

        Clock clock() {
            return new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return Instant.ofEpochMilli(millis);
                }
            };
        }
    }
}
