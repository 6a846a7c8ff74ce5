package org.paperbot.store;

import java.time.Clock;

/** The stores of what readers keep: saved papers, votes, notes, follows. */
public record ReaderStores(SavedStore saved, VoteStore votes, FeedbackStore feedback, FollowStore follows) {
    public static ReaderStores over(Database db, Clock clock) {
        return new ReaderStores(new SavedStore(db, clock), new VoteStore(db, clock), new FeedbackStore(db, clock),
                new FollowStore(db, clock));
    }
}
