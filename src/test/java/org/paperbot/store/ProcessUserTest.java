package org.paperbot.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcessUserTest {
    @Test
    void namesTheRealUidAndGidOfThisProcess() throws Exception {
        Path status = Path.of("/proc/self/status");
        assumeTrue(Files.isReadable(status), "needs Linux /proc to know the ids independently");
        List<String> lines = Files.readAllLines(status);
        // "Uid:\t<real>\t<effective>\t…": the real ids, as getuid() reports them (a JVM is never set-uid).
        String uid = field(lines, "Uid:");
        String gid = field(lines, "Gid:");
        assertThat(ProcessUser.grantHint()).startsWith("PaperBot runs as uid " + uid + ", gid " + gid + ":")
                .contains("chown " + uid + ":" + gid + " ");
    }

    private static String field(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name)).findFirst().orElseThrow().split("\\s+")[1];
    }
}
