package org.paperbot.library;

import org.paperbot.catalog.Catalog;
import org.paperbot.catalog.CatalogException;
import org.paperbot.catalog.CatalogLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Replaces the catalog without a restart. A valid file becomes a new {@link Snapshot} (search index and caches
 * included) swapped in with one reference write; requests already running finish on the old snapshot. An
 * invalid file is rejected with a log line naming the problem, and the old catalog keeps serving.
 */
public final class CatalogReloader {
    private static final Logger log = LoggerFactory.getLogger(CatalogReloader.class);

    /** What a reload did: {@code papers} on success, {@code problem} otherwise. */
    public record Result(boolean replaced, int papers, String problem) {
    }

    private final Path file;
    private final CatalogLoader loader;
    private final SnapshotHolder holder;
    private final Function<Catalog, Snapshot> build;

    public CatalogReloader(Path file, CatalogLoader loader, SnapshotHolder holder, Function<Catalog, Snapshot> build) {
        this.file = file;
        this.loader = loader;
        this.holder = holder;
        this.build = build;
    }

    public synchronized Result reload() {
        Catalog catalog;
        try {
            catalog = loader.load(file);
        } catch (CatalogException e) {
            int serving = holder.current().catalog().size();
            log.warn("Catalog reload rejected, still serving the previous catalog ({} papers): {}", serving, e.getMessage());
            return new Result(false, serving, e.getMessage());
        }
        holder.replace(build.apply(catalog));
        log.info("Catalog reloaded from {}: {} papers", file, catalog.size());
        return new Result(true, catalog.size(), null);
    }
}
