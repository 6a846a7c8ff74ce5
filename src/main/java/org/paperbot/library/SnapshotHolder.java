package org.paperbot.library;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The current {@link Snapshot}. A request takes it once with {@link #acquire} (or runs in {@link #use}) and
 * {@link #release}s it when done; a replaced snapshot is released once its last request is.
 */
public final class SnapshotHolder {
    private final AtomicReference<Snapshot> current;
    private final Consumer<SnapshotHolder> replaced;

    public SnapshotHolder(Snapshot initial) {
        this(initial, holder -> { });
    }

    /** @param replaced told after every replacement (e.g. to announce new papers), with this holder */
    public SnapshotHolder(Snapshot initial, Consumer<SnapshotHolder> replaced) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial));
        this.replaced = replaced;
    }

    /**
     * The snapshot serving now, without holding it: only for what the heap keeps (sizes, ids), never to read papers
     * or search — a reload may release it meanwhile.
     */
    public Snapshot current() {
        return current.get();
    }

    /** The snapshot serving now, held until {@link #release}: its files stay open meanwhile. */
    public Snapshot acquire() {
        while (true) {
            Snapshot s = current.get();
            if (s.lease().tryAcquire()) {
                return s;
            }
            // Released between the read and the acquire: a newer one is in place already.
        }
    }

    public void release(Snapshot snapshot) {
        snapshot.lease().release();
    }

    /** {@code work} on the current snapshot, held while it runs. */
    public <T> T use(Function<Snapshot, T> work) {
        Snapshot s = acquire();
        try {
            return work.apply(s);
        } finally {
            release(s);
        }
    }

    /** Lets go of the snapshot serving, at shutdown: its files are closed once no request holds it, and kept. */
    public void close() {
        current.get().lease().release();
    }

    /** Puts {@code next} in place; the old snapshot is released once no request holds it. */
    public void replace(Snapshot next) {
        Snapshot old = current.getAndSet(Objects.requireNonNull(next));
        replaced.accept(this);
        if (old != next) {
            old.lease().retire();
        }
    }
}
