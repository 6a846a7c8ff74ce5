package org.paperbot.library;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** The current {@link Snapshot}; read once per update. */
public final class SnapshotHolder {
    private final AtomicReference<Snapshot> current;

    public SnapshotHolder(Snapshot initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial));
    }

    public Snapshot current() {
        return current.get();
    }

    public void replace(Snapshot next) {
        current.set(Objects.requireNonNull(next));
    }
}
