package org.paperbot.replica;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** How a replica names itself in the claims and counts it leaves in the shared database: host, process, and a nonce. */
public final class ReplicaId {
    private ReplicaId() {
    }

    /**
     * Unique among running replicas: the host and process id say where it runs (for an operator reading the tables),
     * the random part keeps two replicas of one process (tests) or a restarted container with the same pid apart.
     */
    public static String generate() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "host";
        }
        byte[] nonce = new byte[3];
        new SecureRandom().nextBytes(nonce);
        return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(nonce);
    }
}
