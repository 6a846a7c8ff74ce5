package org.paperbot.store;

import com.sun.security.auth.module.UnixSystem;

/**
 * Who this process runs as, for error messages that must say whom to give a directory to: in a container the
 * answer (uid 10001) is not obvious to whoever mounted the directory.
 */
final class ProcessUser {
    private ProcessUser() {
    }

    /** "uid N" where the platform has numeric ids, else "user NAME". */
    static String name() {
        try {
            return "uid " + new UnixSystem().getUid();
        } catch (LinkageError | RuntimeException e) {
            return "user " + System.getProperty("user.name", "?");
        }
    }

    /** What to do about a directory this process may not write, naming the numeric ids where the platform has them. */
    static String grantHint() {
        try {
            UnixSystem unix = new UnixSystem();
            long uid = unix.getUid();
            long gid = unix.getGid();
            return "PaperBot runs as uid " + uid + ", gid " + gid + ": give the directory to them, e.g. chown "
                    + uid + ":" + gid + " (for a bind mount, on the host directory)";
        } catch (LinkageError | RuntimeException e) {
            // Windows, or a trimmed runtime without jdk.security.auth: no numeric ids to name.
            return "make it writable by the user PaperBot runs as (" + System.getProperty("user.name", "?") + ")";
        }
    }
}
