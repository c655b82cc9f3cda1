package io.mantis.master.job;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed workers are replaced. The n-th failure in a row of one worker index waits
 * {@code min(base × 2^(n−1), max)} before its replacement is placed; the job fails when an index has failed
 * {@code maxConsecutiveFailures} times in a row. A worker that had been STARTED for at least {@code stableAfter}
 * when it failed counts as the first failure of a new row.
 *
 * @throws IllegalArgumentException naming the field when a duration is negative, base exceeds max, or
 *                                  maxConsecutiveFailures is below 1
 */
public record RetryPolicy(Duration base, Duration max, int maxConsecutiveFailures, Duration stableAfter) {

    /** Base 1 s, max 60 s, 5 failures in a row, stable after 60 s. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(60), 5, Duration.ofSeconds(60));

    public RetryPolicy {
        Objects.requireNonNull(base, "base is null");
        Objects.requireNonNull(max, "max is null");
        Objects.requireNonNull(stableAfter, "stableAfter is null");
        if (base.isNegative() || max.isNegative() || stableAfter.isNegative()) {
            throw new IllegalArgumentException("retry durations must not be negative, got base " + base + ", max "
                    + max + ", stableAfter " + stableAfter);
        }
        if (base.compareTo(max) > 0) {
            throw new IllegalArgumentException("retry base " + base + " exceeds max " + max);
        }
        if (maxConsecutiveFailures < 1) {
            throw new IllegalArgumentException("maxConsecutiveFailures must be >= 1, got " + maxConsecutiveFailures);
        }
    }

    /** The backoff before placing the replacement after {@code consecutiveFailures} (≥ 1) failures in a row. */
    public long delayMillis(int consecutiveFailures) {
        long baseMillis = base.toMillis();
        long maxMillis = max.toMillis();
        int shift = Math.max(0, consecutiveFailures - 1);
        // Past 62 doublings (or once the product overflows) the cap has long been reached.
        if (shift >= 62 || baseMillis > (maxMillis >> shift)) {
            return maxMillis;
        }
        return Math.min(baseMillis << shift, maxMillis);
    }
}
