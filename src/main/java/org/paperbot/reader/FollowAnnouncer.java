package org.paperbot.reader;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.Paper;
import org.paperbot.library.Snapshot;
import org.paperbot.library.SnapshotHolder;
import org.paperbot.concurrent.DaemonThreads;
import org.paperbot.store.FollowStore;
import org.paperbot.store.FollowStore.Follow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Tells followers about papers new in the catalog: once per catalog (at start and after each reload), each chat that
 * follows one of them gets one message listing those it follows. "New" means never seen before in any catalog the
 * bot served: the seen ids are recorded (and committed) before anything is sent, so a paper is announced once,
 * whatever restarts or reloads follow, and a crash while announcing loses the rest of that announcement rather than
 * repeating it. The very first catalog (no paper seen yet: a new installation or the upgrade that adds follows) is
 * recorded without announcing anything.
 *
 * <p>Announcing runs on its own thread, one catalog after the other, so that a reload (the watcher, /reload) does not
 * wait for the messages, which go out at the broadcast's pace.
 */
public final class FollowAnnouncer {
    private static final Logger log = LoggerFactory.getLogger(FollowAnnouncer.class);

    /** The message to a chat about the new papers it follows. */
    @FunctionalInterface
    public interface Announcement {
        BotApiMethod<?> to(long chatId, Catalog catalog, List<Paper> papers);
    }

    /** Sends one message; may wait for the global rate. */
    @FunctionalInterface
    public interface Sender {
        void send(BotApiMethod<?> message) throws InterruptedException;
    }

    private final FollowStore follows;
    private final Announcement announcement;
    private final Sender sender;
    /** One thread at most, ended when idle: catalogs are announced in the order they came. */
    private final ExecutorService worker = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            DaemonThreads.named("follow-announcer"));

    public FollowAnnouncer(FollowStore follows, Announcement announcement, Sender sender) {
        this.follows = follows;
        this.announcement = announcement;
        this.sender = sender;
    }

    /** Announces the new papers of the catalog serving then, in the background, holding it meanwhile. */
    public void later(SnapshotHolder snapshots) {
        worker.execute(() -> {
            Snapshot snapshot = snapshots.acquire();
            try {
                announce(snapshot.catalog());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("Announcing new papers to followers failed", e);
            } finally {
                snapshots.release(snapshot);
            }
        });
    }

    /** Announces {@code catalog}'s new papers now; returns how many chats were told. */
    public int announce(Catalog catalog) throws InterruptedException {
        List<String> ids = catalog.ids(); // the papers themselves are read only for the new ones
        boolean first = !follows.seenAny();
        List<String> fresh = follows.firstSeen(ids);
        if (first || fresh.isEmpty()) {
            return 0;
        }
        List<Paper> papers = fresh.stream().map(id -> catalog.byId(id).orElseThrow()).toList();
        int told = 0;
        for (Map.Entry<Long, List<Follow>> chat : follows.all().entrySet()) {
            List<Paper> followed = new ArrayList<>();
            for (Paper p : papers) {
                if (chat.getValue().stream().anyMatch(f -> FollowMatch.matches(f, p))) {
                    followed.add(p);
                }
            }
            if (!followed.isEmpty()) {
                sender.send(announcement.to(chat.getKey(), catalog, followed));
                told++;
            }
        }
        log.info("New papers in the catalog: {}; followers told: {} chats", papers.size(), told);
        return told;
    }
}
