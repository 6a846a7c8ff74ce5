package org.paperbot.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The watcher sees every way a catalog directory changes; waits are generous bounds, not timing assertions. */
class FileWatcherTest {
    private static final Duration SETTLE = Duration.ofMillis(50);

    @TempDir
    Path root;

    private final Semaphore changes = new Semaphore(0);

    private boolean changed() throws InterruptedException {
        boolean seen = changes.tryAcquire(20, TimeUnit.SECONDS);
        changes.drainPermits();
        return seen;
    }

    @Test
    void aFileWrittenInTheDirectoryIsAChange() throws Exception {
        Path dir = Files.createDirectory(root.resolve("catalog"));
        try (FileWatcher ignored = FileWatcher.watch(dir, SETTLE, changes::release)) {
            Files.writeString(dir.resolve("p1.yaml"), "status: draft\n");
            assertThat(changed()).isTrue();
        }
    }

    @Test
    void aLinkSwappedToANewDirectoryIsAChangeAndTheNewTargetIsWatched() throws Exception {
        Path v1 = Files.createDirectory(root.resolve("v1"));
        Path v2 = Files.createDirectory(root.resolve("v2"));
        Path link = Files.createSymbolicLink(root.resolve("catalog"), v1.getFileName());
        try (FileWatcher ignored = FileWatcher.watch(link, SETTLE, changes::release)) {
            swapLink(link, v2.getFileName());
            assertThat(changed()).as("the swap").isTrue();

            Files.writeString(v2.resolve("p1.yaml"), "status: draft\n");
            assertThat(changed()).as("a file written in the new target").isTrue();
        }
    }

    @Test
    void aKubernetesDataLinkSwapIsAChange() throws Exception {
        Path dir = Files.createDirectory(root.resolve("catalog"));
        Path first = Files.createDirectory(dir.resolve("..2026_12_01_1"));
        Files.writeString(first.resolve("p1.yaml"), "status: draft\n");
        Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(dir.resolve("p1.yaml"), Path.of("..data", "p1.yaml"));
        try (FileWatcher ignored = FileWatcher.watch(dir, SETTLE, changes::release)) {
            Path second = Files.createDirectory(dir.resolve("..2026_12_01_2"));
            Files.writeString(second.resolve("p1.yaml"), "status: published\n");
            swapLink(dir.resolve("..data"), second.getFileName());
            assertThat(changed()).isTrue();
            assertThat(Files.readString(dir.resolve("p1.yaml"))).contains("published");
        }
    }

    /** What kubectl and deploy tools do: a new link beside the old one, renamed over it in one step. */
    private static void swapLink(Path link, Path target) throws IOException {
        Path tmp = Files.createSymbolicLink(link.resolveSibling(link.getFileName() + "_tmp"), target);
        Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
