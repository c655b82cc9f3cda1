package io.mantis.examples.wordcount;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deterministic synthetic text: line {@code i} is always the same words, so a test (or the example's
 * {@code main}) can compute the expected counts independently of the pipeline.
 */
public final class SyntheticText {

    private static final String[] VOCABULARY = {
        "stream", "event", "stage", "worker", "job", "sink", "source", "key", "window", "count",
        "agent", "pool", "master", "credit", "frame", "batch", "netty", "mesos", "fenzo", "latency",
        "throughput", "backpressure", "flowable", "operator", "partition", "replica", "leader", "offer",
        "lease", "cgroup",
    };

    private SyntheticText() {
    }

    /** The text of line {@code index}: 3 to 9 words. */
    public static String line(long index) {
        int words = 3 + (int) (index % 7);
        StringBuilder sb = new StringBuilder();
        long state = index * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        for (int w = 0; w < words; w++) {
            state ^= state >>> 31;
            state *= 0xBF58476D1CE4E5B9L;
            state ^= state >>> 29;
            // Squaring a uniform pick skews it toward the first words, as real text is skewed.
            double u = (double) ((state >>> 11) & ((1L << 53) - 1)) / (1L << 53);
            int pick = (int) (u * u * VOCABULARY.length);
            if (w > 0) {
                sb.append(' ');
            }
            sb.append(VOCABULARY[pick]);
        }
        return sb.toString();
    }

    /** The words of a line. */
    public static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        for (String w : line.split(" ")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** What a correct word count over lines {@code 0..lines-1} yields, computed without the platform. */
    public static Map<String, Long> expectedCounts(long lines) {
        Map<String, Long> counts = new HashMap<>();
        for (long i = 0; i < lines; i++) {
            for (String w : words(line(i))) {
                counts.merge(w, 1L, Long::sum);
            }
        }
        return counts;
    }
}
