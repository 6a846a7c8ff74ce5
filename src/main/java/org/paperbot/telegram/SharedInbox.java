package org.paperbot.telegram;

import java.util.List;

/**
 * An inbox that several replicas take work from. An update is handed to one replica at a time by a claim with a
 * lease; of each chat only the oldest unfinished update can be claimed, so a chat's updates are handled one at a
 * time and in {@code update_id} order whichever replica received them, and the next one becomes claimable only once
 * the one before it is finished. A replica that dies lets go of its claims when their lease runs out.
 */
public interface SharedInbox extends UpdateInbox {
    /**
     * Claims up to {@code max} updates for {@code owner} until {@code now + leaseMillis}: of each chat, its oldest
     * unfinished update, if no live claim holds it. Returned in update_id order.
     */
    List<Entry> claim(String owner, int max, long leaseMillis);

    /** Extends the lease of every update {@code owner} holds and has not finished. */
    int renew(String owner, long leaseMillis);

    /** Lets go of what {@code owner} holds and has not finished (a stop): another replica takes it at once. */
    int release(String owner);

    /**
     * Finishes as dropped (chat backlog) the oldest unclaimed updates of each chat beyond its newest
     * {@code keepPerChat} waiting: a flooding chat loses its oldest messages, not everybody their answers, as in one
     * process. Returns how many were dropped.
     */
    int dropBacklog(int keepPerChat);
}
