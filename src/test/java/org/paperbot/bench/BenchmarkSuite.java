package org.paperbot.bench;

/**
 * Every benchmark, one after another: {@code mvn -B -Pbench -DskipTests verify}. Figures are printed; nothing
 * is asserted. Pass names to run a subset: {@code -Dbench.args=e2e}, {@code fairness}, {@code broadcast} or {@code search};
 * {@code scale-subscribers} (not in the default run: it builds a million subscriptions) runs the scheduler at scale;
 * {@code receiving} runs only the inbox's cost and the receiving side's fairness run of the end-to-end benchmark.
 */
public final class BenchmarkSuite {
    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        java.util.Set<String> only = new java.util.HashSet<>(java.util.Arrays.asList(args));
        only.remove("");
        // Figures only: the bot's own INFO lines (broadcast summaries, migrations) would interleave with the tables.
        org.paperbot.logging.Logging.configure(false, "WARN");
        System.out.println("PaperBot benchmarks on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version"));
        if (only.isEmpty() || only.contains("e2e")) {
            EndToEndBenchmark.run(System.out);
        }
        if (only.isEmpty() || only.contains("fairness")) {
            FairnessBenchmark.run(System.out);
        }
        if (only.contains("receiving")) {
            EndToEndBenchmark.runReceiving(System.out);
        }
        if (only.isEmpty() || only.contains("broadcast")) {
            BroadcastBenchmark.run(System.out);
        }
        if (only.isEmpty() || only.contains("search")) {
            SearchBenchmark.run(System.out);
        }
        if (only.contains("scale-subscribers")) {
            ScaleSubscribersBenchmark.run(System.out);
        }
    }
}
