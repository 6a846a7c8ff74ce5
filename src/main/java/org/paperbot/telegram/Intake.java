package org.paperbot.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What both sinks do with received updates before handling them: store each batch in the {@link UpdateInbox},
 * drop the redelivered ones, know how far Telegram may be told "received", and read back what a previous run
 * left unfinished.
 */
final class Intake {
    private static final Logger log = LoggerFactory.getLogger(Intake.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PRUNE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final UpdateInbox inbox;
    /** Every update below it is stored (or, if the store failed, taken into work). */
    private final AtomicLong nextOffset = new AtomicLong(1);
    /** Read and written by the polling thread only, or by one webhook thread at a time (under its lock). */
    private long lastPrune = System.nanoTime();

    Intake(UpdateInbox inbox) {
        this.inbox = inbox;
    }

    /**
     * Stores the batch and returns the updates not seen before, in batch order. If the store fails (disk full,
     * say) the updates are handled all the same, from memory only, as they were before the inbox existed: a crash
     * then loses those waiting, which beats not answering anyone while the disk is full. (Long polling cannot
     * refuse a batch: Telegram would send it again and again, and nobody would be answered.)
     */
    List<Update> store(List<Update> updates) {
        List<Update> usable = usable(updates);
        if (usable.isEmpty()) {
            return List.of();
        }
        List<Update> fresh;
        try {
            fresh = stored(usable);
        } catch (RuntimeException e) {
            log.error("Could not store {} updates ({}); handling them without the crash guarantee", usable.size(), e.getMessage());
            fresh = usable;
        }
        advance(usable);
        return fresh;
    }

    /**
     * Stores the batch and returns the updates not seen before, or throws (unchecked) if the store fails: a webhook
     * then refuses the request, and Telegram delivers it again later, so nothing is acknowledged that is not stored.
     */
    List<Update> storeDurably(List<Update> updates) {
        List<Update> usable = usable(updates);
        if (usable.isEmpty()) {
            return List.of();
        }
        List<Update> fresh = stored(usable);
        advance(usable);
        return fresh;
    }

    private static List<Update> usable(List<Update> updates) {
        return updates.stream().filter(u -> u != null && u.getUpdateId() != null).toList();
    }

    private List<Update> stored(List<Update> usable) {
        List<UpdateInbox.Entry> entries = new ArrayList<>(usable.size());
        for (Update u : usable) {
            entries.add(new UpdateInbox.Entry(u.getUpdateId(), String.valueOf(UpdateDispatcher.keyOf(u)), json(u)));
        }
        Set<Long> stored = new HashSet<>();
        inbox.add(entries).forEach(e -> stored.add(e.updateId()));
        List<Update> fresh = usable.stream().filter(u -> stored.contains(u.getUpdateId().longValue())).toList();
        if (fresh.size() < usable.size()) {
            log.info("{} redelivered updates were already stored and are skipped", usable.size() - fresh.size());
        }
        return fresh;
    }

    private void advance(List<Update> usable) {
        long highest = usable.stream().mapToLong(Update::getUpdateId).max().orElseThrow();
        nextOffset.accumulateAndGet(highest + 1, Math::max);
    }

    private static String json(Update u) {
        try {
            return JSON.writeValueAsString(u);
        } catch (JsonProcessingException e) {
            // TelegramBots' own objects always serialise; an update that did not would be handled as an empty one.
            return "{\"update_id\":" + u.getUpdateId() + "}";
        }
    }

    /** Offset for the next getUpdates: confirms what is stored. */
    long nextOffset() {
        return nextOffset.get();
    }

    /** Telegram acknowledged every update below {@code offset}: finished ones below it may be forgotten. */
    void confirmed(long offset) {
        long now = System.nanoTime();
        if (now - lastPrune < PRUNE_EVERY_NANOS) {
            return;
        }
        lastPrune = now;
        try {
            int removed = inbox.prune(offset);
            log.debug("Inbox: {} finished updates pruned", removed);
        } catch (RuntimeException e) {
            log.warn("Could not prune the inbox ({}); will try again", e.getMessage());
        }
    }

    /** Unfinished updates of the previous run, in update_id order; unreadable ones are finished and skipped. */
    List<Update> claimUnfinished() {
        List<Update> updates = parse(inbox.claimUnfinished());
        if (!updates.isEmpty()) {
            log.info("Resuming {} updates received before the last stop", updates.size());
        }
        return updates;
    }

    /** The stored entries as updates, in their order; unreadable ones are finished and skipped. */
    List<Update> parse(List<UpdateInbox.Entry> entries) {
        List<Update> updates = new ArrayList<>();
        for (UpdateInbox.Entry e : entries) {
            Update u = null;
            try {
                u = TolerantGetUpdates.read(JSON.readTree(e.payload()));
            } catch (JsonProcessingException ex) {
                log.warn("Stored update {} is not JSON ({}); skipped", e.updateId(), ex.getOriginalMessage());
            }
            if (u == null) {
                finish(List.of(e.updateId()), UpdateInbox.Outcome.HANDLED);
            } else {
                updates.add(u);
            }
        }
        return updates;
    }

    /**
     * Runs {@code handler} on the update, on the worker's thread, and finishes the update in the inbox once its replies
     * are out. Empty when the worker was interrupted (a stop cut it short: its reply may not have gone out, so it stays
     * unfinished for the next start); otherwise the stage completes after the update was finished, or left stored
     * because the stop gave its replies up unsent. A handler that throws counts as handled: handling it again would
     * fail again.
     */
    Optional<CompletionStage<Void>> handle(UpdateHandler handler, Update update) {
        CompletionStage<?> done;
        try {
            done = handler.handle(update);
        } catch (Throwable t) {
            log.error("Update {} failed", update.getUpdateId(), t);
            done = UpdateHandler.DONE;
        }
        if (Thread.currentThread().isInterrupted()) {
            return Optional.empty();
        }
        return Optional.of(done.handle((ignored, failure) -> {
            if (UpdateHandler.givenUp(failure)) {
                // The stop gave its replies up unsent: unfinished, it is handled again at the next start.
                log.info("Update {} stays stored: its replies were not sent before the stop", update.getUpdateId());
            } else {
                if (failure != null) {
                    log.error("Update {} failed", update.getUpdateId(), failure);
                }
                finish(update, UpdateInbox.Outcome.HANDLED);
            }
            return null;
        }));
    }

    void finish(Update u, UpdateInbox.Outcome outcome) {
        finish(List.of(u.getUpdateId().longValue()), outcome);
    }

    void finish(List<Long> updateIds, UpdateInbox.Outcome outcome) {
        try {
            inbox.finish(updateIds, outcome);
        } catch (RuntimeException e) {
            log.warn("Could not mark updates {} finished ({}); they will be handled again after a restart", updateIds,
                    e.getMessage());
        }
    }
}
