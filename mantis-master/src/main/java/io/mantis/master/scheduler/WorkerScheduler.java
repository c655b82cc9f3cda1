package io.mantis.master.scheduler;

import io.mantis.master.resources.Lease;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Places workers on agents with Fenzo: bin-packing by cpu, memory and network, a hard constraint on the agent's
 * {@code pool} attribute, and a two-tier queue (tier 0 perpetual is served before tier 1 transient).
 *
 * <p>Threading: every public method is thread-safe and returns at once. One thread, Fenzo's scheduling loop, owns
 * Fenzo: leases, rescinds, lost agents and removals are queued and applied by that thread at the start of the next
 * iteration, so a rescinded lease or a removed worker is never used or placed after the iteration in which the
 * call was applied. {@link SchedulerListener#onAssigned} and the {@code declineLeases} consumer are called on that
 * thread and must hand their work off at once.
 *
 * <p>Leases: every lease Fenzo used for a host is in the {@link HostAssignment}; leases it holds unused longer
 * than {@link SchedulerConfig#leaseOfferExpiry()} are given to {@code declineLeases}. Rescinded leases and the leases
 * of a lost agent are dropped silently (there is nothing to decline).
 *
 * <p>Waiting workers: a worker that fits no agent is logged once with Fenzo's reasons, listed by
 * {@link #pendingWorkers()}, and parked: it is tried again when a lease of its pool arrives, when a worker of its
 * pool is removed, or after {@link SchedulerConfig#retryWaitingAfter()}, not on every iteration.
 */
public final class WorkerScheduler implements AutoCloseable {

    private enum State { NEW, STARTED, CLOSED }

    /** Without pool rules Fenzo never calls back; with rules and no listener the actions are only logged by Fenzo. */
    private static final ScaleListener IGNORE_SCALING = new ScaleListener() {
        @Override
        public void scaleUp(String pool, int count) {
        }

        @Override
        public void scaleDown(String pool, List<String> agentIds) {
        }
    };

    private final Consumer<List<String>> declineLeases;
    private final SchedulingLoop loop;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    /**
     * @param listener      hears every placement; called on the scheduler's thread
     * @param declineLeases gives unused leases back to the provider; called on the scheduler's thread
     * @param clock         when parked workers are due for another try
     * @param registry      where the scheduler's meters go
     * @param config        intervals and options
     */
    public WorkerScheduler(SchedulerListener listener, Consumer<List<String>> declineLeases, Clock clock,
                           MeterRegistry registry, SchedulerConfig config) {
        this(listener, declineLeases, IGNORE_SCALING, Runnable::run, clock, registry, config);
    }

    /**
     * A scheduler whose pools scale by {@link SchedulerConfig#poolRules()}.
     *
     * @param scaleListener hears Fenzo's scale-up and scale-down actions
     * @param scaleExecutor runs each call of {@code scaleListener}; Fenzo's thread only hands the call to it, so it
     *                      must not run tasks on the caller's thread unless the listener returns at once
     */
    public WorkerScheduler(SchedulerListener listener, Consumer<List<String>> declineLeases,
                           ScaleListener scaleListener, Executor scaleExecutor, Clock clock, MeterRegistry registry,
                           SchedulerConfig config) {
        this.declineLeases = Objects.requireNonNull(declineLeases, "declineLeases is null");
        this.loop = new SchedulingLoop(Objects.requireNonNull(listener, "listener is null"), declineLeases,
                Objects.requireNonNull(scaleListener, "scaleListener is null"),
                Objects.requireNonNull(scaleExecutor, "scaleExecutor is null"),
                Objects.requireNonNull(clock, "clock is null"), Objects.requireNonNull(registry, "registry is null"),
                Objects.requireNonNull(config, "config is null"));
    }

    /**
     * Takes no new workers onto an agent for {@code duration} (draining it): workers already there keep running.
     * Applied by the next iteration; an agent not known yet stays disabled when it offers later.
     */
    public void disableAgent(String agentId, Duration duration) {
        Objects.requireNonNull(agentId, "agentId is null");
        if (Objects.requireNonNull(duration, "duration is null").isNegative()) {
            throw new IllegalArgumentException("agent " + agentId + ": duration must not be negative, got "
                    + duration);
        }
        loop.disable(agentId, duration.toMillis());
    }

    /** Lets workers onto an agent again, ending {@link #disableAgent} or Fenzo's own scale-down disabling. */
    public void enableAgent(String agentId) {
        loop.enable(Objects.requireNonNull(agentId, "agentId is null"));
    }

    /** Starts the scheduling loop. Calls made before it are kept and applied by the first iteration. */
    public void start() {
        if (!state.compareAndSet(State.NEW, State.STARTED)) {
            throw new IllegalStateException("the scheduler starts once; it is " + state.get());
        }
        loop.start();
    }

    /**
     * Offers an agent's free resources. A lease without a {@code pool} attribute fits no worker: it is declined at
     * once, with one warning per agent. After {@link #close()} the lease is declined (on the caller's thread).
     *
     * @throws IllegalArgumentException when an id is blank, a resource is negative, or a port range is malformed
     */
    public void addLease(Lease lease) {
        FenzoLease fenzoLease = FenzoLease.of(Objects.requireNonNull(lease, "lease is null"));
        if (state.get() == State.CLOSED) {
            declineLeases.accept(List.of(lease.leaseId()));
            return;
        }
        loop.addLease(fenzoLease);
    }

    /** The lease may no longer be used (a Mesos RESCIND). Unknown or already used leases are ignored. */
    public void rescindLease(String leaseId) {
        loop.rescind(Objects.requireNonNull(leaseId, "leaseId is null"));
    }

    /**
     * The agent is gone: the leases held for it are dropped without being declined. Its workers stay accounted
     * until they are {@link #remove removed}.
     *
     * @param hostnameOrAgentId the agent's hostname or its agent id
     */
    public void expireAllLeases(String hostnameOrAgentId) {
        loop.agentGone(Objects.requireNonNull(hostnameOrAgentId, "hostnameOrAgentId is null"));
    }

    /**
     * Queues a worker in its tier until an agent of its pool has room.
     *
     * @throws IllegalArgumentException when the request is malformed or its id is already known (ids never repeat)
     * @throws IllegalStateException    after {@link #close()}
     */
    public void submit(WorkerRequest request) {
        loop.queue(register(request));
    }

    /**
     * Tells the scheduler about a worker that already runs (after a master restart or failover), so that it is
     * counted before new work is placed: call it for every running worker before submitting new ones.
     *
     * @param agentId the agent it runs on (Fenzo knows machines by agent id: agents may share a host)
     * @throws IllegalArgumentException when the request or agent id is malformed, or the id is already known
     * @throws IllegalStateException    after {@link #close()}
     */
    public void initializeRunning(WorkerRequest request, String agentId, List<Integer> ports) {
        Objects.requireNonNull(request, "request is null");
        if (agentId == null || agentId.isBlank()) {
            throw new IllegalArgumentException("worker " + request.workerId() + ": agentId must not be blank");
        }
        List<Integer> portsCopy = List.copyOf(Objects.requireNonNull(ports, "ports is null"));
        loop.running(register(request), agentId, portsCopy);
    }

    /**
     * Forgets a worker: dequeued if it waits, or unassigned if placed, which frees its resources in Fenzo's
     * accounting from the next iteration on. Unknown ids are ignored.
     */
    public void remove(String workerId) {
        loop.remove(Objects.requireNonNull(workerId, "workerId is null"));
    }

    /** Every agent the scheduler knows, as of the last iteration (at most one iteration interval old). */
    public List<AgentUsage> usage() {
        return loop.usage();
    }

    /** Workers submitted and not placed yet, tier by tier, with the reason they wait. */
    public List<PendingWorker> pendingWorkers() {
        return loop.pendingWorkers();
    }

    /**
     * Stops the loop. Idempotent. An iteration under way finishes; leases it used are declined, not reported.
     * Leases Fenzo still holds are not declined: the provider closes with the scheduler.
     */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) != State.CLOSED) {
            loop.shutdown();
        }
    }

    private WorkerTask register(WorkerRequest request) {
        WorkerTask task = WorkerTask.of(Objects.requireNonNull(request, "request is null"));
        if (state.get() == State.CLOSED) {
            throw new IllegalStateException("the scheduler is closed; worker " + task.getId() + " was not taken");
        }
        if (!loop.register(task)) {
            throw new IllegalArgumentException("worker " + task.getId() + " is already known to the scheduler; "
                    + "worker ids never repeat: give a replacement the next number");
        }
        return task;
    }
}
