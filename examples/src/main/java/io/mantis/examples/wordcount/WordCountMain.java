package io.mantis.examples.wordcount;

import io.mantis.runtime.local.LocalJob;
import io.mantis.runtime.local.LocalJobRunner;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the word count on this machine: 2 workers per stage connected over loopback sockets, then prints
 * the counts and checks them against a count made without the platform.
 *
 * <p>{@code WordCountMain [lines]} (default 100000).
 */
public final class WordCountMain {

    private WordCountMain() {
    }

    public static void main(String[] args) throws Exception {
        long lines = args.length > 0 ? Long.parseLong(args[0]) : 100_000L;
        if (lines <= 0) {
            System.err.println("error: lines must be greater than 0 for this example to end; got " + lines);
            System.exit(2);
        }
        // 1. Keep the highest running count seen per word: that is the word's total once the job ends.
        Map<String, Long> counts = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        try (LocalJobRunner runner = LocalJobRunner.inJvm().parameter("lines", Long.toString(lines))) {
            // 2. Start both stages; each worker is wired to the next stage over a real loopback socket.
            LocalJob job = runner.start(WordCountJob.create(), c -> counts.merge(c.word(), c.count(), Math::max));
            // 3. The source is finite, so the job completes once every stage has drained.
            job.awaitCompletion(Duration.ofMinutes(5));
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // 4. Print the counts, largest first, and check them against an independent count.
        Map<String, Long> expected = SyntheticText.expectedCounts(lines);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("word count over %,d lines: %,d words, %,d distinct, %.2f s%n", lines, total,
                counts.size(), seconds);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> System.out.printf("  %-14s %,10d%n", e.getKey(), e.getValue()));
        if (counts.equals(expected)) {
            System.out.println("counts match an independent count of the same text: nothing lost, nothing duplicated");
        } else {
            System.out.println("MISMATCH: expected " + expected + " but the job counted " + counts);
            System.exit(1);
        }
    }
}
