package io.mantis.bench.job;

/**
 * What the "count" stage hands the sink: one {@link Counted} per event, then, when its input completes,
 * one {@link Totals} with its final per-key state for the loss check.
 */
sealed interface CountOutput {

    /** An event after counting: its key's running count and the source's creation timestamp. */
    record Counted(String key, long count, long createdNanos) implements CountOutput {
    }

    /** The count stage's final state: sum of all per-key counts and number of keys. */
    record Totals(long sumOfCounts, long keys) implements CountOutput {
    }
}
