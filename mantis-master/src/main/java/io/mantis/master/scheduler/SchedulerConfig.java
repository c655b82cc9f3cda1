package io.mantis.master.scheduler;

import io.mantis.master.pools.PoolRule;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the {@link WorkerScheduler} runs.
 *
 * @param iterationInterval  pause between two scheduling iterations; every iteration applies the leases, rescinds and
 *                           removals that arrived since the last one
 * @param leaseOfferExpiry   a lease Fenzo holds unused for this long is given back (declined)
 * @param retryWaitingAfter  a worker that could not be placed is tried again when a lease of its pool arrives or a
 *                           worker of its pool goes away, and in any case after this long
 * @param poolAutoScaling    reserved for the pool autoscaling rules: when true, Fenzo groups agents for autoscaling
 *                           by their {@code pool} attribute
 * @param poolRules          one Fenzo autoscale rule per pool; empty: nothing scales. Non-empty rules need
 *                           {@code poolAutoScaling} ({@link #withPoolRules} sets it)
 */
public record SchedulerConfig(Duration iterationInterval, Duration leaseOfferExpiry, Duration retryWaitingAfter,
                              boolean poolAutoScaling, List<PoolRule> poolRules) {

    /** The attribute that names an agent's pool, in leases and autoscale groups. */
    public static final String POOL_ATTRIBUTE = "pool";

    public SchedulerConfig {
        Objects.requireNonNull(iterationInterval, "iterationInterval is null");
        Objects.requireNonNull(leaseOfferExpiry, "leaseOfferExpiry is null");
        Objects.requireNonNull(retryWaitingAfter, "retryWaitingAfter is null");
        if (iterationInterval.toMillis() < 1) {
            throw new IllegalArgumentException("iterationInterval must be at least 1 ms, got " + iterationInterval
                    + "; 50 ms is a good default");
        }
        if (leaseOfferExpiry.toSeconds() < 1) {
            throw new IllegalArgumentException("leaseOfferExpiry must be at least 1 s (Fenzo counts whole seconds), got "
                    + leaseOfferExpiry);
        }
        if (retryWaitingAfter.isNegative() || retryWaitingAfter.isZero()) {
            throw new IllegalArgumentException("retryWaitingAfter must be positive, got " + retryWaitingAfter);
        }
        poolRules = List.copyOf(Objects.requireNonNull(poolRules, "poolRules is null"));
        Set<String> pools = new HashSet<>();
        for (PoolRule rule : poolRules) {
            if (!pools.add(rule.pool())) {
                throw new IllegalArgumentException("pool " + rule.pool() + " has two autoscale rules; give one per pool");
            }
        }
        if (!poolRules.isEmpty() && !poolAutoScaling) {
            throw new IllegalArgumentException("pool rules " + pools + " need poolAutoScaling; use withPoolRules");
        }
    }

    /** Without pool rules: nothing scales. */
    public SchedulerConfig(Duration iterationInterval, Duration leaseOfferExpiry, Duration retryWaitingAfter,
                           boolean poolAutoScaling) {
        this(iterationInterval, leaseOfferExpiry, retryWaitingAfter, poolAutoScaling, List.of());
    }

    /** 50 ms iterations, leases held 10 s, waiting workers retried at least every 5 s, no autoscaling. */
    public static SchedulerConfig defaults() {
        return new SchedulerConfig(Duration.ofMillis(50), Duration.ofSeconds(10), Duration.ofSeconds(5), false);
    }

    public SchedulerConfig withIterationInterval(Duration interval) {
        return new SchedulerConfig(interval, leaseOfferExpiry, retryWaitingAfter, poolAutoScaling, poolRules);
    }

    public SchedulerConfig withLeaseOfferExpiry(Duration expiry) {
        return new SchedulerConfig(iterationInterval, expiry, retryWaitingAfter, poolAutoScaling, poolRules);
    }

    public SchedulerConfig withRetryWaitingAfter(Duration retry) {
        return new SchedulerConfig(iterationInterval, leaseOfferExpiry, retry, poolAutoScaling, poolRules);
    }

    public SchedulerConfig withPoolAutoScaling(boolean enabled) {
        return new SchedulerConfig(iterationInterval, leaseOfferExpiry, retryWaitingAfter, enabled, poolRules);
    }

    /**
     * One autoscale rule per pool, grouped by the {@code pool} attribute; turns pool autoscaling on when the list is
     * not empty. Pools without a rule never scale.
     *
     * @throws IllegalArgumentException when two rules name the same pool
     */
    public SchedulerConfig withPoolRules(List<PoolRule> rules) {
        List<PoolRule> copy = List.copyOf(Objects.requireNonNull(rules, "rules is null"));
        return new SchedulerConfig(iterationInterval, leaseOfferExpiry, retryWaitingAfter,
                poolAutoScaling || !copy.isEmpty(), copy);
    }
}
