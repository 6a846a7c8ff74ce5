package org.paperbot.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Docker image's JVM flags, for the figures the issue sets against them. The bench profile's JVM has a larger
 * heap, so a benchmark that must run with these flags runs its measuring half in a child JVM on the same classpath.
 */
final class ImageJvm {
    static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx256m");

    private ImageJvm() {
    }

    /** True when this JVM was started with the image's flags. */
    static boolean isCurrent() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().containsAll(FLAGS);
    }

    /**
     * Runs {@code main} of {@code type} in a JVM with the image's flags, this JVM's {@code bench.*} properties and
     * {@code properties}, copying its output to {@code out}; returns when it has ended.
     */
    static void run(Class<?> type, PrintStream out, String... properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FLAGS);
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench."))
                .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
        for (String p : properties) {
            command.add("-D" + p);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(type.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.println(line);
            }
        }
        int exit = child.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(type.getSimpleName() + " in the image's JVM ended with exit code " + exit);
        }
    }

    /** The heap in use after a full collection, in bytes. */
    static long heapAfterGc() {
        System.gc();
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
