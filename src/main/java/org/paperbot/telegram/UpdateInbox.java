package org.paperbot.telegram;

import java.util.List;

/**
 * Where received updates wait until they are handled. The receiving side stores each batch before Telegram is
 * told it arrived (long polling: before the next offset; a webhook: before its 200 OK), the dispatcher marks each
 * update finished, and what is stored but unfinished after a crash is handled at the next start. Redelivered
 * updates are recognised by their {@code update_id} and ignored, so an update finished is never handled again.
 *
 * <p>One process on SQLite owns every unfinished entry. Replicas sharing PostgreSQL take entries with the claims of
 * {@link SharedInbox} instead, so that a chat's updates are handled by one replica at a time.
 */
public interface UpdateInbox {
    /**
     * One stored update.
     *
     * @param chatKey what orders it: updates with the same key are handled one at a time, in update_id order
     * @param payload the update as JSON
     */
    record Entry(long updateId, String chatKey, String payload) {
    }

    /** How an update left the inbox. */
    enum Outcome {
        HANDLED,
        /** Dropped unhandled: its chat had too many updates waiting, and the oldest made room. */
        DROPPED_CHAT_BACKLOG
    }

    /**
     * Stores the batch in one transaction, all or nothing; throws (unchecked) if it cannot.
     *
     * @return the entries stored now, in batch order; those stored before (redelivered) are left out
     */
    List<Entry> add(List<Entry> batch);

    /** Stored and not finished, in update_id order: what the last run left, to be handled before anything new. */
    List<Entry> claimUnfinished();

    /** Marks the updates finished, in one transaction; they will never be handed out again. */
    void finish(List<Long> updateIds, Outcome outcome);

    /**
     * Forgets finished updates that cannot come again.
     *
     * @param redeliverableFrom the lowest update_id Telegram may still deliver (long polling: the offset it last
     *                          acknowledged); entries from it on are kept
     * @return how many were removed
     */
    int prune(long redeliverableFrom);

    /**
     * Keeps nothing: every update is new, nothing survives the process. Only for measuring what the inbox costs
     * ({@code bot.inbox: false}); a crash or stop then loses the updates waiting.
     */
    static UpdateInbox inMemory() {
        return new UpdateInbox() {
            @Override
            public List<Entry> add(List<Entry> batch) {
                return batch;
            }

            @Override
            public List<Entry> claimUnfinished() {
                return List.of();
            }

            @Override
            public void finish(List<Long> updateIds, Outcome outcome) {
            }

            @Override
            public int prune(long redeliverableFrom) {
                return 0;
            }
        };
    }
}
