package io.mantis.bench.scheduling;

import com.netflix.fenzo.ConstraintEvaluator;
import com.netflix.fenzo.SchedulingResult;
import com.netflix.fenzo.TaskRequest;
import com.netflix.fenzo.TaskScheduler;
import com.netflix.fenzo.VMAssignmentResult;
import com.netflix.fenzo.VMTaskFitnessCalculator;
import com.netflix.fenzo.VirtualMachineLease;
import com.netflix.fenzo.plugins.BinPackingFitnessCalculators;
import com.netflix.fenzo.plugins.HostAttrValueConstraint;
import com.netflix.fenzo.plugins.VMLeaseObject;
import io.mantis.master.resources.Lease;
import io.mantis.master.scheduler.WorkerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.mesos.Protos;

/**
 * The reference: one {@code TaskScheduler.scheduleOnce} over the same leases and workers, with the same bin packer
 * and a hard pool constraint, as a plain Fenzo user would write it. Times scheduleOnce alone.
 */
final class RawFenzoRun {

    private RawFenzoRun() {
    }

    /** Returns the nanoseconds scheduleOnce took; fails unless every worker that fits was placed. */
    static long run(SchedulingInput input, String runTag) {
        TaskScheduler scheduler = new TaskScheduler.Builder()
                .withFitnessCalculator(BinPackingFitnessCalculators.cpuMemNetworkBinPacker)
                .withLeaseOfferExpirySecs(10)
                .withLeaseRejectAction(lease -> { })
                .build();
        try {
            List<VirtualMachineLease> leases = new ArrayList<>();
            for (Lease l : input.leases(runTag, System.currentTimeMillis())) {
                leases.add(new VMLeaseObject(offer(l)));
            }
            List<TaskRequest> tasks = new ArrayList<>();
            for (WorkerRequest r : input.requests(runTag)) {
                tasks.add(new Task(r));
            }
            long start = System.nanoTime();
            SchedulingResult result = scheduler.scheduleOnce(tasks, leases);
            long took = System.nanoTime() - start;
            int placed = 0;
            for (VMAssignmentResult a : result.getResultMap().values()) {
                placed += a.getTasksAssigned().size();
            }
            if (placed != input.placeable()) {
                throw new IllegalStateException("raw Fenzo placed " + placed + " workers; " + input.placeable()
                        + " fit");
            }
            return took;
        } finally {
            scheduler.shutdown();
        }
    }

    private static Protos.Offer offer(Lease l) {
        Protos.Value.Ranges.Builder ports = Protos.Value.Ranges.newBuilder();
        l.ports().forEach(r -> ports.addRange(Protos.Value.Range.newBuilder().setBegin(r.begin()).setEnd(r.end())));
        Protos.Offer.Builder b = Protos.Offer.newBuilder()
                .setId(Protos.OfferID.newBuilder().setValue(l.leaseId()))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("bench"))
                .setSlaveId(Protos.SlaveID.newBuilder().setValue(l.agentId()))
                .setHostname(l.hostname())
                .addResources(scalar("cpus", l.cpus()))
                .addResources(scalar("mem", l.memoryMB()))
                .addResources(scalar("network", l.networkMbps()))
                .addResources(scalar("disk", l.diskMB()))
                .addResources(Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES)
                        .setRanges(ports));
        l.attributes().forEach((k, v) -> b.addAttributes(Protos.Attribute.newBuilder().setName(k)
                .setType(Protos.Value.Type.TEXT).setText(Protos.Value.Text.newBuilder().setValue(v))));
        return b.build();
    }

    private static Protos.Resource scalar(String name, double value) {
        return Protos.Resource.newBuilder().setName(name).setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(value)).build();
    }

    /** A worker request as a plain Fenzo task, with the pool as a hard constraint. */
    private static final class Task implements TaskRequest {
        private static final List<ConstraintEvaluator> POOL_CONSTRAINT =
                List.of(new HostAttrValueConstraint("pool", taskId -> SchedulingInput.POOL));

        private final WorkerRequest r;
        private AssignedResources assigned;

        Task(WorkerRequest r) {
            this.r = r;
        }

        @Override
        public String getId() {
            return r.workerId();
        }

        @Override
        public String taskGroupName() {
            return r.pool();
        }

        @Override
        public double getCPUs() {
            return r.cpus();
        }

        @Override
        public double getMemory() {
            return r.memoryMB();
        }

        @Override
        public double getNetworkMbps() {
            return r.networkMbps();
        }

        @Override
        public double getDisk() {
            return r.diskMB();
        }

        @Override
        public int getPorts() {
            return r.ports();
        }

        @Override
        public Map<String, Double> getScalarRequests() {
            return Map.of();
        }

        @Override
        public Map<String, NamedResourceSetRequest> getCustomNamedResources() {
            return Map.of();
        }

        @Override
        public List<? extends ConstraintEvaluator> getHardConstraints() {
            return POOL_CONSTRAINT;
        }

        @Override
        public List<? extends VMTaskFitnessCalculator> getSoftConstraints() {
            return List.of();
        }

        @Override
        public void setAssignedResources(AssignedResources assignedResources) {
            this.assigned = assignedResources;
        }

        @Override
        public AssignedResources getAssignedResources() {
            return assigned;
        }
    }
}
