package org.paperbot.library;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogException;
import org.paperbot.catalog.CatalogLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Replaces the catalog without a restart. A valid file becomes a new {@link Snapshot} (search index and caches
 * included), built beside the one serving and swapped in with one reference write; requests already running finish on
 * the old snapshot, whose files are released after them. An invalid file, or one too large to fit, is rejected with a
 * log line naming the problem, and the old catalog keeps serving.
 */
public final class CatalogReloader {
    private static final Logger log = LoggerFactory.getLogger(CatalogReloader.class);

    /** What a reload did: {@code papers} on success, {@code problem} otherwise. */
    public record Result(boolean replaced, int papers, String problem) {
    }

    private final Path file;
    private final SnapshotHolder holder;
    private final UnaryOperator<Snapshot> next;

    /**
     * @param next the snapshot of the catalog as it is now, given the one serving (itself if nothing changed); throws
     *             {@link CatalogException} for a catalog that cannot serve
     */
    public CatalogReloader(Path file, SnapshotHolder holder, UnaryOperator<Snapshot> next) {
        this.file = file;
        this.holder = holder;
        this.next = next;
    }

    /** Reloads into the heap: each reload loads {@code file} with {@code loader} and builds a snapshot of it. */
    public CatalogReloader(Path file, CatalogLoader loader, SnapshotHolder holder, Function<Catalog, Snapshot> build) {
        this(file, holder, serving -> build.apply(loader.load(file)));
    }

    public synchronized Result reload() {
        Snapshot serving = holder.current(); // only its size and version are read: no lease needed
        Snapshot built;
        try {
            built = next.apply(serving);
        } catch (CatalogException e) {
            int papers = serving.catalog().size();
            log.warn("Catalog reload rejected, still serving the previous catalog ({} papers): {}", papers, e.getMessage());
            return new Result(false, papers, e.getMessage());
        }
        if (built != serving) {
            holder.replace(built);
        }
        log.info("Catalog reloaded from {}: {} papers", file, built.catalog().size());
        return new Result(true, built.catalog().size(), null);
    }
}
