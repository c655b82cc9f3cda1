package io.mantis.master.scheduler;

import com.netflix.fenzo.ConstraintEvaluator;
import com.netflix.fenzo.VMTaskFitnessCalculator;
import com.netflix.fenzo.queues.QAttributes;
import com.netflix.fenzo.queues.QueuableTask;
import java.util.List;
import java.util.Map;

/**
 * A {@link WorkerRequest} as Fenzo sees it: queued in the tier of its request, in the bucket of its pool, with a
 * hard constraint on the pool.
 *
 * <p>Threading: the request is immutable. {@link #getReadyAt()} may be read by Fenzo's thread during an iteration
 * and is only written between iterations on that same thread; {@code hostname} and {@code ports} belong to the
 * scheduler's thread alone.
 */
final class WorkerTask implements QueuableTask {

    /** Fenzo's queue skips a task whose ready time has not come: that is how a task is parked. */
    private static final long PARKED = Long.MAX_VALUE;

    private final WorkerRequest request;
    private final Bucket bucket;
    private final List<ConstraintEvaluator> hardConstraints;
    private volatile long readyAt;
    private volatile AssignedResources assignedResources;
    private String hostname;
    private String agentId;
    private List<Integer> ports = List.of();

    private WorkerTask(WorkerRequest request) {
        this.request = request;
        this.bucket = new Bucket(request.pool(), request.tier());
        this.hardConstraints = List.of(new PoolConstraint(request.pool()));
    }

    /**
     * Checks a request and wraps it.
     *
     * @throws IllegalArgumentException naming the field when an id or the pool is blank, an amount is negative or not
     *                                  a number, or the tier is not 0 or 1
     */
    static WorkerTask of(WorkerRequest request) {
        String where = "worker " + request.workerId();
        if (request.workerId() == null || request.workerId().isBlank()) {
            throw new IllegalArgumentException("workerId must not be blank");
        }
        if (request.pool() == null || request.pool().isBlank()) {
            throw new IllegalArgumentException(where + ": pool must not be blank (perpetual or transient)");
        }
        requirePositive(request.cpus(), "cpus", where);
        requirePositive(request.memoryMB(), "memoryMB", where);
        requireAmount(request.networkMbps(), "networkMbps", where);
        requireAmount(request.diskMB(), "diskMB", where);
        if (request.ports() < 0) {
            throw new IllegalArgumentException(where + ": ports must be >= 0, got " + request.ports());
        }
        if (request.tier() < 0 || request.tier() >= SchedulingLoop.TIERS) {
            throw new IllegalArgumentException(where + ": tier must be 0 (perpetual) or 1 (transient), got "
                    + request.tier());
        }
        return new WorkerTask(request);
    }

    private static void requirePositive(double value, String field, String where) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(where + ": " + field + " must be a finite number > 0, got " + value);
        }
    }

    private static void requireAmount(double value, String field, String where) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(where + ": " + field + " must be a finite number >= 0, got " + value);
        }
    }

    WorkerRequest request() {
        return request;
    }

    String pool() {
        return request.pool();
    }

    void park() {
        readyAt = PARKED;
    }

    void unpark() {
        readyAt = 0;
    }

    /** Where it runs, or null while it waits. Scheduler thread only. */
    String hostname() {
        return hostname;
    }

    String agentId() {
        return agentId;
    }

    List<Integer> ports() {
        return ports;
    }

    void placedOn(String newAgentId, String newHostname, List<Integer> newPorts) {
        this.agentId = newAgentId;
        this.hostname = newHostname;
        this.ports = List.copyOf(newPorts);
    }

    @Override
    public QAttributes getQAttributes() {
        return bucket;
    }

    @Override
    public long getReadyAt() {
        return readyAt;
    }

    @Override
    public void safeSetReadyAt(long when) {
        readyAt = when;
    }

    @Override
    public String getId() {
        return request.workerId();
    }

    @Override
    public String taskGroupName() {
        return request.pool();
    }

    @Override
    public double getCPUs() {
        return request.cpus();
    }

    @Override
    public double getMemory() {
        return request.memoryMB();
    }

    @Override
    public double getNetworkMbps() {
        return request.networkMbps();
    }

    @Override
    public double getDisk() {
        return request.diskMB();
    }

    @Override
    public int getPorts() {
        return request.ports();
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
        return hardConstraints;
    }

    @Override
    public List<? extends VMTaskFitnessCalculator> getSoftConstraints() {
        return List.of();
    }

    @Override
    public void setAssignedResources(AssignedResources assignedResources) {
        this.assignedResources = assignedResources;
    }

    @Override
    public AssignedResources getAssignedResources() {
        return assignedResources;
    }

    @Override
    public String toString() {
        return "worker " + request.workerId() + " (pool " + request.pool() + ", tier " + request.tier() + ")";
    }

    /** Queue position: tier by duration type, one bucket per pool. */
    record Bucket(String pool, int tier) implements QAttributes {

        @Override
        public String getBucketName() {
            return pool;
        }

        @Override
        public int getTierNumber() {
            return tier;
        }
    }
}
