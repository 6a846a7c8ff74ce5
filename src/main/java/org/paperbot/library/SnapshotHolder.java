package org.paperbot.library;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** The current {@link Snapshot}; read once per update. */
public final class SnapshotHolder {
    private final AtomicReference<Snapshot> current;
    private final Consumer<Snapshot> replaced;

    public SnapshotHolder(Snapshot initial) {
        this(initial, next -> { });
    }

    /** @param replaced told of every snapshot once it serves (e.g. to announce new papers) */
    public SnapshotHolder(Snapshot initial, Consumer<Snapshot> replaced) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial));
        this.replaced = replaced;
    }

    public Snapshot current() {
        return current.get();
    }

    public void replace(Snapshot next) {
        current.set(Objects.requireNonNull(next));
        replaced.accept(next);
    }
}
