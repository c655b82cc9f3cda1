package io.mantis.bench.harness;

import io.mantis.bench.common.SinkStats;
import io.mantis.bench.run.DataPlaneSystem;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything measured for one system: its successful throughput and latency runs, events lost and
 * count-check failures over all runs, and the first error of each kind, after which no more runs of that
 * kind are made.
 */
final class SystemResults {

    final String key;
    final DataPlaneSystem system;
    final List<Double> throughputs = new ArrayList<>();
    final List<SinkStats> latencyRuns = new ArrayList<>();
    long lost;
    final List<String> countMismatches = new ArrayList<>();
    Throwable throughputError;
    Throwable latencyError;

    SystemResults(String key, DataPlaneSystem system) {
        this.key = key;
        this.system = system;
    }

    boolean failed() {
        return throughputError != null;
    }

    /** Median of the successful throughput runs; NaN when there are none. */
    double median() {
        return median(throughputs);
    }

    /**
     * Median over the latency runs of each run's {@code percentile}: one run disturbed by a neighbour on this
     * shared machine then moves the figure less than it would in a merged histogram. NaN without runs.
     */
    double latencyMillis(double percentile) {
        List<Double> perRun = new ArrayList<>();
        for (SinkStats s : latencyRuns) {
            perRun.add(s.latencyMillis(percentile));
        }
        return median(perRun);
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return throughputs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return throughputs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** Adds a run's loss and checks that the count operator's per-key counts add up to what the sink saw. */
    void account(String run, long emitted, long expectedKeys, SinkStats s) {
        lost += emitted - s.received();
        if (s.keyCountSum() != s.received() || s.distinctKeys() != expectedKeys) {
            countMismatches.add(run + ": sink received " + s.received() + ", per-key counts sum to "
                    + s.keyCountSum() + " over " + s.distinctKeys() + " keys (expected " + expectedKeys + ")");
        }
    }
}
