package io.mantis.master.scheduler;

import com.netflix.fenzo.ConstraintEvaluator;
import com.netflix.fenzo.TaskRequest;
import com.netflix.fenzo.TaskTrackerState;
import com.netflix.fenzo.VirtualMachineCurrentState;
import org.apache.mesos.Protos;

/**
 * Hard constraint: a worker of pool P only goes to an agent whose {@code pool} attribute is P. Hard, not soft: a
 * soft one lets perpetual workers leak onto transient agents, which then never drain. Stateless and thread-safe.
 */
final class PoolConstraint implements ConstraintEvaluator {

    private final String pool;

    PoolConstraint(String pool) {
        this.pool = pool;
    }

    @Override
    public String getName() {
        return "pool";
    }

    @Override
    public Result evaluate(TaskRequest task, VirtualMachineCurrentState vm, TaskTrackerState state) {
        Protos.Attribute attribute = vm.getCurrAvailableResources().getAttributeMap()
                .get(SchedulerConfig.POOL_ATTRIBUTE);
        if (attribute == null || !attribute.hasText()) {
            return new Result(false, "agent " + vm.getHostname() + " has no pool attribute");
        }
        String agentPool = attribute.getText().getValue();
        if (!pool.equals(agentPool)) {
            return new Result(false, "agent " + vm.getHostname() + " is in pool " + agentPool + ", not " + pool);
        }
        return new Result(true, null);
    }
}
