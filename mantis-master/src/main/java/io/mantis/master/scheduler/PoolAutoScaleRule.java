package io.mantis.master.scheduler;

import com.netflix.fenzo.AutoScaleRule;
import com.netflix.fenzo.VirtualMachineLease;
import io.mantis.master.pools.PoolRule;

/** A {@link PoolRule} as Fenzo reads it: the rule's name is the pool, the value of the agents' pool attribute. */
final class PoolAutoScaleRule implements AutoScaleRule {

    private final PoolRule rule;

    PoolAutoScaleRule(PoolRule rule) {
        this.rule = rule;
    }

    @Override
    public String getRuleName() {
        return rule.pool();
    }

    @Override
    public int getMinIdleHostsToKeep() {
        return rule.minIdle();
    }

    @Override
    public int getMaxIdleHostsToKeep() {
        return rule.maxIdle();
    }

    @Override
    public int getMinSize() {
        return rule.minSize();
    }

    @Override
    public int getMaxSize() {
        return rule.maxSize();
    }

    /** Fenzo counts whole seconds: part of a second rounds up, so a cool-down is never shortened (500 ms to none). */
    @Override
    public long getCoolDownSecs() {
        long seconds = rule.coolDown().toSeconds();
        return rule.coolDown().toNanosPart() > 0 ? seconds + 1 : seconds;
    }

    /**
     * Every idle agent counts, whatever its size: agents of a pool are alike here, and a small idle agent still
     * costs what an agent costs.
     */
    @Override
    public boolean idleMachineTooSmall(VirtualMachineLease lease) {
        return false;
    }
}
