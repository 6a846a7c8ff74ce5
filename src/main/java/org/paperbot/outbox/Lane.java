package org.paperbot.outbox;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * One chat's queue: its messages in order, at most one on the wire, within its {@link ChatLimit}. Guarded by
 * the outbox lock.
 */
final class Lane {
    /** Delivered messages a group remembers, newest last (a flood repeats the same few). */
    static final int REMEMBERED = 8;

    private record Delivered(BotApiMethod<?> method, long at) {
    }

    final long chatId;
    final ChatLimit limit;
    private final long repeatWindow;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final ArrayDeque<Delivered> delivered = new ArrayDeque<>();
    /** The outbox's message on the wire to this chat, or null. */
    Pending inFlight;
    /** Lent out as a {@link Outbox.Turn}: the daily broadcast is sending to this chat. */
    boolean lent;
    /** Waiting in the outbox's ready queue or on a timer, so that it is never queued twice. */
    boolean scheduled;

    /**
     * What became of an offered message.
     *
     * @param waitFor   the pending message whose delivery covers the offered one (itself, or the one it was merged
     *                  into); null when an identical message was delivered moments ago
     * @param coalesced true when it was merged into a message delivered, waiting or on the wire
     * @param dropped   the oldest waiting message, pushed out to keep the queue bounded; or null
     */
    record Offer(Pending waitFor, boolean coalesced, Pending dropped) {
    }

    Lane(long chatId, ChatLimits.Rule rule) {
        this.chatId = chatId;
        this.limit = new ChatLimit(rule);
        this.repeatWindow = rule.repeatWindow().toNanos();
    }

    /**
     * Queues {@code method} unless it repeats what is still to be delivered: a message identical (text, markup,
     * keyboard) to one waiting or on the wire is merged into it — in a group, also into one delivered within the
     * repeat window — and an edit of a message that already has an edit waiting replaces that edit in place (only
     * the newest content matters). Beyond {@code maxQueued} waiting messages the oldest is dropped.
     *
     * @param moved a copy resent to a migrated group's new id
     */
    Offer offer(BotApiMethod<?> method, int maxQueued, long now, boolean moved) {
        while (!delivered.isEmpty() && delivered.peekFirst().at() + repeatWindow <= now) {
            delivered.pollFirst();
        }
        for (Delivered d : delivered) {
            if (d.method().equals(method)) {
                return new Offer(null, true, null);
            }
        }
        if (inFlight != null && inFlight.method.equals(method)) {
            return new Offer(inFlight, true, null);
        }
        for (Pending p : queue) {
            if (p.method.equals(method)) {
                return new Offer(p, true, null);
            }
            if (method instanceof EditMessageText edit && p.method instanceof EditMessageText waiting
                    && Objects.equals(waiting.getMessageId(), edit.getMessageId())) {
                p.method = edit;
                p.plainTried = false;
                return new Offer(p, true, null);
            }
        }
        Pending p = new Pending(method, moved);
        queue.addLast(p);
        return new Offer(p, false, queue.size() > maxQueued ? queue.pollFirst() : null);
    }

    /** {@code method} reached the chat at {@code at}: a group remembers it for its repeat window. */
    void delivered(BotApiMethod<?> method, long at) {
        if (repeatWindow == 0) {
            return;
        }
        delivered.addLast(new Delivered(method, at));
        if (delivered.size() > REMEMBERED) {
            delivered.pollFirst();
        }
    }

    boolean busy() {
        return inFlight != null || lent;
    }

    boolean hasQueued() {
        return !queue.isEmpty();
    }

    Pending next() {
        return queue.pollFirst();
    }

    /** Puts a message back at the head: it is retried before anything queued after it. */
    void retryFirst(Pending p) {
        queue.addFirst(p);
    }

    /** Empties the queue, returning what was in it (the message on the wire is not included). */
    List<Pending> clear() {
        List<Pending> all = List.copyOf(queue);
        queue.clear();
        return all;
    }
}
