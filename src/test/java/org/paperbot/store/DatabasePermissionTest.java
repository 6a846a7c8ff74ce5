package org.paperbot.store;

import com.sun.security.auth.module.UnixSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Permission problems say so and name the uid that needs access. The file-mode cases cannot be staged for root, who
 * may write anything: they run wherever the tests do not run as root.
 */
class DatabasePermissionTest {
    static final long UID = new UnixSystem().getUid();

    @TempDir
    Path dir;

    static void assumeNotRoot() {
        assumeFalse(UID == 0, "root may write read-only files");
    }

    static void chmod(Path path, String mode) throws Exception {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    @Test
    void theMessageNamesThePathTheUidThatNeedsAccessAndTheOwner() throws Exception {
        chmod(dir, "r-xr-xr-x");
        try {
            assertThat(DatabaseFile.permissionDenied(dir))
                    .isEqualTo("permission denied: " + dir + " must be writable by uid " + UID
                            + " (owner uid " + Files.getAttribute(dir, "unix:uid") + ", r-xr-xr-x)");
        } finally {
            chmod(dir, "rwx------");
        }
    }

    @Test
    void aReadOnlyDatabaseFileIsRefused() throws Exception {
        assumeNotRoot();
        Database.open(dir).close();
        chmod(dir.resolve(Database.FILE_NAME), "r--r--r--");
        assertThatThrownBy(() -> Database.open(dir)).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("permission denied: " + dir.resolve(Database.FILE_NAME).toAbsolutePath())
                .hasMessageContaining("must be writable by uid " + UID);
    }

    @Test
    void aReadOnlyDataDirectoryIsRefused() throws Exception {
        assumeNotRoot();
        chmod(dir, "r-xr-xr-x");
        try {
            assertThatThrownBy(() -> Database.open(dir)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("permission denied: " + dir)
                    .hasMessageContaining("must be writable by uid " + UID);
        } finally {
            chmod(dir, "rwx------");
        }
    }

    @Test
    void aReadOnlyDataDirectoryWithItsLockFileIsRefused() throws Exception {
        assumeNotRoot();
        Database.open(dir).close();
        Files.delete(dir.resolve(Database.FILE_NAME));
        chmod(dir, "r-xr-xr-x");
        try {
            assertThatThrownBy(() -> Database.open(dir)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("permission denied: " + dir)
                    .hasMessageContaining("must be writable by uid " + UID)
                    .hasMessageContaining("-wal and -shm");
        } finally {
            chmod(dir, "rwx------");
        }
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsRefused() throws Exception {
        assumeNotRoot();
        chmod(dir, "r-xr-xr-x");
        try {
            assertThatThrownBy(() -> Database.open(dir.resolve("data"))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("cannot create data directory " + dir.resolve("data"))
                    .hasMessageContaining("permission denied: " + dir + " must be writable by uid " + UID);
        } finally {
            chmod(dir, "rwx------");
        }
    }
}
