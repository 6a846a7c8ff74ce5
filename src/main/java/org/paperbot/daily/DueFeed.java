package org.paperbot.daily;

import java.util.List;

/**
 * Where a broadcast's cards come from: a batch at a time, in the order they are to go out, so that a run holds the
 * cards of a page or two whatever the number due. {@link DailyScheduler} reads the batches from the database.
 */
@FunctionalInterface
public interface DueFeed {
    /** The next cards to send; empty when there are no more. */
    List<Due> next();
}
