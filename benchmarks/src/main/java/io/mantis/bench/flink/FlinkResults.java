package io.mantis.bench.flink;

import io.mantis.bench.common.SinkStats;

/**
 * Where the parallel sink and count instances of the in-JVM Flink job leave their results for the harness.
 * One run at a time: {@link #reset} before a run, {@link #take} after it.
 */
final class FlinkResults {

    private static final Object LOCK = new Object();
    // @GuardedBy("LOCK")
    private static SinkStats total = new SinkStats(0);
    // @GuardedBy("LOCK")
    private static int sinksFinished;

    private FlinkResults() {
    }

    static void reset() {
        synchronized (LOCK) {
            total = new SinkStats(0);
            sinksFinished = 0;
        }
    }

    static void addSink(SinkStats stats) {
        synchronized (LOCK) {
            total.merge(stats);
            sinksFinished++;
        }
    }

    static void addCounts(long sumOfCounts, long keys) {
        synchronized (LOCK) {
            total.addCounts(sumOfCounts, keys);
        }
    }

    /** The merged result, or an error when not every sink instance finished. */
    static SinkStats take(int expectedSinks) {
        synchronized (LOCK) {
            if (sinksFinished != expectedSinks) {
                throw new IllegalStateException(sinksFinished + " of " + expectedSinks
                        + " Flink sink instances finished: no complete result");
            }
            return total;
        }
    }
}
