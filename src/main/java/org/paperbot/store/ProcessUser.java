package org.paperbot.store;

import com.sun.security.auth.module.UnixSystem;

/**
 * Who this process runs as, for error messages that must say whom to give a directory to: in a container the
 * answer (uid 10001) is not obvious to whoever mounted the directory.
 */
final class ProcessUser {
    private ProcessUser() {
    }

    /** "uid 10001, gid 10001", or a plain description where the platform has no Unix ids. */
    static String describe() {
        try {
            UnixSystem unix = new UnixSystem();
            return "uid " + unix.getUid() + ", gid " + unix.getGid();
        } catch (LinkageError | RuntimeException e) {
            // Windows, or a trimmed runtime without jdk.security.auth: no numeric ids to name.
            return "user " + System.getProperty("user.name", "?");
        }
    }
}
