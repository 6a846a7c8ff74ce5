package org.paperbot.bench;

/**
 * Every benchmark, one after another: {@code mvn -B -Pbench -DskipTests verify}. Figures are printed; nothing
 * is asserted. Pass names to run a subset: {@code -Dbench.args=e2e}, {@code fairness}, {@code broadcast} or {@code search};
 * {@code scale-subscribers} (not in the default run: a million subscriptions and 30 days of deliveries) runs the
 * scheduler at scale and {@code scale-broadcast} a broadcast to 100 000, both with the image's JVM flags;
 * {@code receiving} runs only the inbox's cost and the receiving side's fairness run of the end-to-end benchmark;
 * {@code scale-catalog} runs the jar with a 100 000-paper catalog; {@code replicas} runs webhook mode on PostgreSQL with
 * 1, 2 and 3 replicas (each the jar in its own JVM). A word {@code name=value} sets the system property
 * {@code bench.name}, e.g. {@code -Dbench.args="scale-catalog papers=3000"}.
 */
public final class BenchmarkSuite {
    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        java.util.Set<String> only = new java.util.HashSet<>();
        // Maven passes -Dbench.args as one argument: "scale-catalog papers=3000" names a run and sets bench.papers.
        for (String arg : args) {
            for (String word : arg.trim().split("[\\s,]+")) {
                int eq = word.indexOf('=');
                if (eq > 0) {
                    System.setProperty("bench." + word.substring(0, eq), word.substring(eq + 1));
                } else if (!word.isEmpty()) {
                    only.add(word);
                }
            }
        }
        // Figures only: the bot's own INFO lines (broadcast summaries, migrations) would interleave with the tables.
        org.paperbot.logging.Logging.configure(false, "WARN");
        System.out.println("PaperBot benchmarks on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version"));
        if (only.remove("scale")) {
            // Issue "scale": every figure of its table, with the image's flags (the subscribers alone take long).
            only.addAll(java.util.List.of("scale-catalog", "scale-subscribers", "scale-broadcast"));
        }
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
        if (only.contains("scale-catalog")) {
            ScaleCatalogBenchmark.run(System.out);
        }
        if (only.contains("scale-broadcast")) {
            ScaleBroadcastBenchmark.run(System.out);
        }
        if (only.contains("replicas")) {
            ReplicasBenchmark.run(System.out);
        }
    }
}
