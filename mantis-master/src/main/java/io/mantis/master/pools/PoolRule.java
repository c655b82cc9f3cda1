package io.mantis.master.pools;

import java.time.Duration;

/**
 * The autoscale rule of one agent pool (one Fenzo {@code AutoScaleRule} per value of the {@code pool} attribute).
 *
 * @param minIdle  idle agents to keep ready; fewer makes the pool grow (at least 1, as Fenzo requires)
 * @param maxIdle  idle agents beyond this are drained and released
 * @param coolDown least time between two scale actions of the pool
 * @param minSize  the pool never shrinks below this many agents
 * @param maxSize  nor grows beyond this many
 */
public record PoolRule(String pool, int minIdle, int maxIdle, Duration coolDown, int minSize, int maxSize) {

    public PoolRule {
        if (!"perpetual".equals(pool) && !"transient".equals(pool)) {
            throw new IllegalArgumentException("pool '" + pool + "' is not perpetual or transient");
        }
        if (minIdle < 1 || maxIdle < minIdle) {
            throw new IllegalArgumentException("pool " + pool + ": need 1 <= minIdle <= maxIdle, got minIdle "
                    + minIdle + ", maxIdle " + maxIdle);
        }
        if (minSize < 0 || maxSize < minSize) {
            throw new IllegalArgumentException("pool " + pool + ": need 0 <= minSize <= maxSize, got minSize "
                    + minSize + ", maxSize " + maxSize);
        }
        if (coolDown == null || coolDown.isNegative()) {
            throw new IllegalArgumentException("pool " + pool + ": coolDown must be zero or more");
        }
    }
}
