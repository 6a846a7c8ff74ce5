package org.paperbot.catalog;

import org.paperbot.concurrent.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@code onChange} when the catalog changes: a file, or any file in a catalog directory. A file is watched
 * through its directory, not by itself, because editors and deploy tools usually write a temporary file and
 * rename it over the old one. A directory is watched itself (its files) and through its parent (the directory
 * being replaced: {@code config/catalog} can be a link that a deploy swaps to a new target); Kubernetes swaps a
 * ConfigMap's {@code ..data} link inside the directory, which the first watch sees. Bursts of events (one save
 * can produce several) are merged: the callback runs once the catalog has been quiet for {@code settle}.
 */
public final class FileWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileWatcher.class);

    private final WatchService service;
    private final Thread thread;

    private FileWatcher(WatchService service, Thread thread) {
        this.service = service;
        this.thread = thread;
    }

    public static FileWatcher watch(Path file, Duration settle, Runnable onChange) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        WatchService service = FileSystems.getDefault().newWatchService();
        Watched watched = new Watched(service, absolute, Files.isDirectory(absolute));
        watched.register();
        Thread thread = DaemonThreads.start("catalog-watch", () -> loop(service, watched, settle, onChange));
        log.info("Watching {} for changes", absolute);
        return new FileWatcher(service, thread);
    }

    /** What is registered: the parent always, the directory itself (as it resolves now) when it is one. */
    private static final class Watched {
        final WatchService service;
        final Path path;
        final boolean directory;
        WatchKey parentKey;
        WatchKey dirKey;
        Path target;

        Watched(WatchService service, Path path, boolean directory) {
            this.service = service;
            this.path = path;
            this.directory = directory;
        }

        void register() throws IOException {
            parentKey = path.getParent().register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
            if (directory) {
                registerDirectory();
            }
        }

        /** (Re-)registers the directory where it points now: after a link swap the old target is stale. */
        void registerDirectory() throws IOException {
            Path now = path.toRealPath();
            if (now.equals(target)) {
                return;
            }
            if (dirKey != null) {
                dirKey.cancel();
            }
            dirKey = path.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            target = now;
        }

        boolean drain(WatchKey key) {
            boolean relevant = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW || key != parentKey
                        || path.getFileName().equals(event.context())) {
                    relevant = true;
                }
            }
            key.reset();
            return relevant;
        }
    }

    private static void loop(WatchService service, Watched watched, Duration settle, Runnable onChange) {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean relevant = watched.drain(key);
                // Wait for the burst to end before reading the catalog.
                WatchKey more;
                while ((more = service.poll(settle.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    relevant |= watched.drain(more);
                }
                if (relevant) {
                    if (watched.directory) {
                        try {
                            watched.registerDirectory();
                        } catch (IOException e) {
                            log.warn("Cannot watch {} after it changed ({}); use /reload", watched.path, e.getMessage());
                        }
                    }
                    try {
                        onChange.run();
                    } catch (RuntimeException e) {
                        log.error("Catalog change handler failed", e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: stop watching
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            log.debug("closing watch service", e);
        }
        thread.interrupt();
    }
}
