package org.paperbot.catalog;

import org.paperbot.concurrent.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@code onChange} when a file changes. Watches the directory, not the file, because editors and
 * deploy tools usually write a temporary file and rename it over the old one. Bursts of events (one save
 * can produce several) are merged: the callback runs once the file has been quiet for {@code settle}.
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
        Path dir = absolute.getParent();
        Path name = absolute.getFileName();
        WatchService service = FileSystems.getDefault().newWatchService();
        dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        Thread thread = DaemonThreads.start("catalog-watch", () -> loop(service, name, settle, onChange));
        log.info("Watching {} for changes", absolute);
        return new FileWatcher(service, thread);
    }

    private static void loop(WatchService service, Path name, Duration settle, Runnable onChange) {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean relevant = drain(key, name);
                // Wait for the burst to end before reading the file.
                WatchKey more;
                while ((more = service.poll(settle.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    relevant |= drain(more, name);
                }
                if (relevant) {
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

    private static boolean drain(WatchKey key, Path name) {
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(event.context())) {
                relevant = true;
            }
        }
        key.reset();
        return relevant;
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
