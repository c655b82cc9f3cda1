package io.mantis.master.scheduler;

import com.netflix.fenzo.AutoScaleAction;
import com.netflix.fenzo.ScaleDownAction;
import com.netflix.fenzo.ScaleUpAction;
import com.netflix.fenzo.SchedulingResult;
import com.netflix.fenzo.TaskAssignmentResult;
import com.netflix.fenzo.TaskRequest;
import com.netflix.fenzo.TaskScheduler;
import com.netflix.fenzo.TaskSchedulingService;
import com.netflix.fenzo.VMAssignmentResult;
import com.netflix.fenzo.VirtualMachineLease;
import com.netflix.fenzo.plugins.BinPackingFitnessCalculators;
import com.netflix.fenzo.queues.TaskQueue;
import com.netflix.fenzo.queues.TaskQueues;
import io.mantis.master.pools.PoolRule;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns Fenzo: its task scheduler, its scheduling service and queue, and everything done on the service's thread.
 * Callers' requests arrive through a queue and are applied in the pre-iteration hook, in order; results are
 * reported from the iteration callback.
 *
 * <p>Threading: the enqueueing methods, {@link #register}, {@link #pendingWorkers()} and {@link #usage()} are
 * thread-safe; every other field belongs to Fenzo's thread.
 */
final class SchedulingLoop {

    /** Tier 0: perpetual workers; tier 1: transient workers. */
    static final int TIERS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(WorkerScheduler.class);

    private sealed interface Command permits AddLease, Rescind, AgentGone, Remove, Running, Disable, Enable {
    }

    private record AddLease(FenzoLease lease) implements Command {
    }

    private record Rescind(String leaseId) implements Command {
    }

    private record AgentGone(String hostnameOrAgentId) implements Command {
    }

    private record Remove(String workerId) implements Command {
    }

    private record Running(WorkerTask worker, String hostname, List<Integer> ports) implements Command {
    }

    private record Disable(String agentId, long millis) implements Command {
    }

    private record Enable(String agentId) implements Command {
    }

    private final SchedulerListener listener;
    private final ScaleListener scaleListener;
    private final Executor scaleExecutor;
    private final Consumer<List<String>> declineLeases;
    private final Clock clock;
    private final SchedulerConfig config;
    private final TaskScheduler fenzo;
    private final TaskQueue queue;
    private final TaskSchedulingService service;
    private final SchedulerMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    // Shared with callers' threads.
    private final Queue<Command> inbox = new ConcurrentLinkedQueue<>();
    private final Queue<String> rejected = new ConcurrentLinkedQueue<>();
    private final Map<String, WorkerTask> workers = new ConcurrentHashMap<>();
    private final Map<String, PendingWorker> pending = new ConcurrentHashMap<>();
    private volatile List<AgentUsage> usage = List.of();

    // Fenzo's thread only.
    private final AgentLedger ledger = new AgentLedger();
    private final Map<String, Long> parkedSince = new HashMap<>();
    private final Set<String> loggedWaiting = new HashSet<>();
    private final Set<String> agentsWithoutPool = new HashSet<>();
    private long iterationStartNanos;

    SchedulingLoop(SchedulerListener listener, Consumer<List<String>> declineLeases, ScaleListener scaleListener,
                   Executor scaleExecutor, Clock clock, MeterRegistry registry, SchedulerConfig config) {
        this.listener = listener;
        this.scaleListener = scaleListener;
        this.scaleExecutor = scaleExecutor;
        this.declineLeases = declineLeases;
        this.clock = clock;
        this.config = config;
        TaskScheduler.Builder builder = new TaskScheduler.Builder()
                .withFitnessCalculator(BinPackingFitnessCalculators.cpuMemNetworkBinPacker)
                .withLeaseOfferExpirySecs(config.leaseOfferExpiry().toSeconds())
                .withLeaseRejectAction(this::onLeaseRejected);
        if (config.poolAutoScaling()) {
            // The attribute first: Fenzo refuses rules before it knows what they group by.
            builder.withAutoScaleByAttributeName(SchedulerConfig.POOL_ATTRIBUTE);
            for (PoolRule rule : config.poolRules()) {
                builder.withAutoScaleRule(new PoolAutoScaleRule(rule));
            }
            builder.withAutoScalerCallback(this::onAutoScale);
        }
        this.fenzo = builder.build();
        this.queue = TaskQueues.createTieredQueue(TIERS);
        long interval = config.iterationInterval().toMillis();
        // Fenzo's service skips an iteration when no task and no lease was added; our rescinds, removals and lost
        // agents are applied in the pre-iteration hook, so every tick must iterate. Parking keeps that cheap.
        this.service = new TaskSchedulingService.Builder()
                .withTaskScheduler(fenzo)
                .withTaskQueue(queue)
                .withLoopIntervalMillis(interval)
                .withMaxDelayMillis(interval)
                .withPreSchedulingLoopHook(this::beforeIteration)
                .withSchedulingResultCallback(this::afterIteration)
                .build();
        if (config.poolAutoScaling()) {
            // A waiting worker asks only its own pool to grow (the shortfall pitfall).
            service.setTaskToClusterAutoScalerMapGetter(task -> List.of(((WorkerTask) task).pool()));
        }
        this.metrics = new SchedulerMetrics(registry, pending::size);
    }

    void start() {
        service.start();
    }

    /** Stops the loop; an iteration under way finishes and declines the leases it used. */
    void shutdown() {
        closed.set(true);
        service.shutdown();
        fenzo.shutdown();
    }

    /** Claims a worker id; false when it is already known. */
    boolean register(WorkerTask task) {
        return workers.putIfAbsent(task.getId(), task) == null;
    }

    void queue(WorkerTask task) {
        pending.put(task.getId(), new PendingWorker(task.getId(), task.pool(), task.request().tier(),
                WaitReasons.notTriedYet(task.pool())));
        queue.queueTask(task);
    }

    void running(WorkerTask task, String hostname, List<Integer> ports) {
        inbox.add(new Running(task, hostname, ports));
        service.initializeRunningTask(task, hostname);
    }

    void addLease(FenzoLease lease) {
        inbox.add(new AddLease(lease));
    }

    void rescind(String leaseId) {
        inbox.add(new Rescind(leaseId));
    }

    void agentGone(String hostnameOrAgentId) {
        inbox.add(new AgentGone(hostnameOrAgentId));
    }

    void disable(String agentId, long millis) {
        inbox.add(new Disable(agentId, millis));
    }

    void enable(String agentId) {
        inbox.add(new Enable(agentId));
    }

    void remove(String workerId) {
        pending.remove(workerId);
        inbox.add(new Remove(workerId));
    }

    List<AgentUsage> usage() {
        return usage;
    }

    List<PendingWorker> pendingWorkers() {
        List<PendingWorker> list = new ArrayList<>(pending.values());
        list.sort(Comparator.comparingInt(PendingWorker::tier).thenComparing(PendingWorker::workerId));
        return List.copyOf(list);
    }

    // ---- Fenzo's thread from here on ----

    private void beforeIteration() {
        iterationStartNanos = System.nanoTime();
        Map<String, FenzoLease> toAdd = new LinkedHashMap<>();
        Set<String> poolsWithRoom = new HashSet<>();
        Command command;
        while ((command = inbox.poll()) != null) {
            if (command instanceof AddLease add) {
                accept(add.lease(), toAdd);
            } else if (command instanceof Rescind rescind) {
                if (toAdd.remove(rescind.leaseId()) == null) {
                    dropHeldLease(rescind.leaseId());
                }
            } else if (command instanceof AgentGone gone) {
                agentGone(gone.hostnameOrAgentId(), toAdd);
            } else if (command instanceof Remove remove) {
                removeWorker(remove.workerId(), poolsWithRoom);
            } else if (command instanceof Running running) {
                WorkerTask w = running.worker();
                w.placedOn(ledger.agentIdOf(running.hostname()), running.hostname(), running.ports());
                ledger.placed(w);
            } else if (command instanceof Disable disable) {
                // Fenzo knows machines by agent id (FenzoLease.hostname()).
                fenzo.disableVM(disable.agentId(), disable.millis());
            } else if (command instanceof Enable enable) {
                fenzo.enableVM(enable.agentId());
            }
        }
        for (FenzoLease lease : toAdd.values()) {
            ledger.leaseHeld(lease);
            poolsWithRoom.add(lease.pool());
        }
        if (!toAdd.isEmpty()) {
            service.addLeases(new ArrayList<>(toAdd.values()));
        }
        unpark(poolsWithRoom);
    }

    private void accept(FenzoLease lease, Map<String, FenzoLease> toAdd) {
        if (lease.pool() == null) {
            if (agentsWithoutPool.add(lease.agentId())) {
                LOG.warn("agent {} ({}) offers leases without a '{}' attribute, so no worker can run there; start it "
                        + "with pool:perpetual or pool:transient", lease.agentId(), lease.hostname(),
                        SchedulerConfig.POOL_ATTRIBUTE);
            }
            decline(List.of(lease.getId()));
        } else if (ledger.holds(lease.getId()) || toAdd.containsKey(lease.getId())) {
            LOG.warn("lease {} from agent {} was offered twice; the second offer is ignored", lease.getId(),
                    lease.agentId());
        } else {
            toAdd.put(lease.getId(), lease);
        }
    }

    private void dropHeldLease(String leaseId) {
        if (ledger.holds(leaseId)) {
            // Fenzo's expireLease drops a lease without calling the reject action: nothing is declined.
            fenzo.expireLease(leaseId);
            ledger.leaseGone(leaseId);
        }
    }

    private void agentGone(String hostnameOrAgentId, Map<String, FenzoLease> toAdd) {
        toAdd.values().removeIf(l -> l.agentId().equals(hostnameOrAgentId) || l.hostname().equals(hostnameOrAgentId));
        String host = ledger.hostOf(hostnameOrAgentId);
        if (host != null) {
            ledger.leaseIdsOn(host).forEach(this::dropHeldLease);
        }
    }

    private void removeWorker(String workerId, Set<String> poolsWithRoom) {
        WorkerTask w = workers.remove(workerId);
        if (w == null) {
            return;
        }
        pending.remove(workerId);
        parkedSince.remove(workerId);
        loggedWaiting.remove(workerId);
        if (w.hostname() == null) {
            // Parked before this iteration runs, so it cannot be placed while Fenzo's queue still holds it.
            w.park();
            service.removeTask(workerId, w.getQAttributes(), null);
        } else {
            service.removeTask(workerId, w.getQAttributes(), w.hostname());
            ledger.removed(w);
            poolsWithRoom.add(w.pool());
        }
    }

    private void unpark(Set<String> poolsWithRoom) {
        long now = clock.millis();
        long retryMillis = config.retryWaitingAfter().toMillis();
        Iterator<Map.Entry<String, Long>> it = parkedSince.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            WorkerTask w = workers.get(e.getKey());
            if (w == null) {
                it.remove();
            } else if (poolsWithRoom.contains(w.pool()) || now - e.getValue() >= retryMillis) {
                w.unpark();
                it.remove();
            }
        }
    }

    private void afterIteration(SchedulingResult result) {
        try {
            for (Exception e : result.getExceptions()) {
                LOG.warn("a Fenzo scheduling iteration failed: {}", e.toString(), e);
            }
            Map<String, VMAssignmentResult> assignments = result.getResultMap();
            if (assignments != null) {
                assignments.values().forEach(this::report);
            }
            Map<TaskRequest, List<TaskAssignmentResult>> failures = result.getFailures();
            if (failures != null) {
                failures.forEach(this::waiting);
            }
        } finally {
            flushRejected();
            List<AgentLedger.AgentState> states = ledger.snapshot();
            List<AgentUsage> list = new ArrayList<>(states.size());
            states.forEach(s -> list.add(s.usage()));
            usage = List.copyOf(list);
            metrics.publish(states);
            metrics.recordIteration(Duration.ofNanos(System.nanoTime() - iterationStartNanos));
        }
    }

    private void report(VMAssignmentResult assignment) {
        List<String> leaseIds = new ArrayList<>();
        String agentId = null;
        String address = null;
        for (VirtualMachineLease lease : assignment.getLeasesUsed()) {
            leaseIds.add(lease.getId());
            agentId = lease.getVMID();
            address = ((FenzoLease) lease).address();
            ledger.leaseGone(lease.getId());
        }
        String host = assignment.getHostname();
        List<Placement> placements = new ArrayList<>();
        for (TaskAssignmentResult t : assignment.getTasksAssigned()) {
            WorkerTask w = (WorkerTask) t.getRequest();
            w.placedOn(agentId, host, t.getAssignedPorts());
            ledger.placed(w);
            pending.remove(w.getId());
            parkedSince.remove(w.getId());
            loggedWaiting.remove(w.getId());
            placements.add(new Placement(w.getId(), agentId, address, w.ports()));
        }
        if (closed.get() || placements.isEmpty()) {
            decline(leaseIds);
            return;
        }
        try {
            listener.onAssigned(new HostAssignment(agentId, address, leaseIds, placements));
        } catch (RuntimeException e) {
            LOG.error("the scheduler listener failed on the assignment of {} to agent {} ({})",
                    placements.stream().map(Placement::workerId).toList(), agentId, host, e);
        }
    }

    private void waiting(TaskRequest request, List<TaskAssignmentResult> results) {
        WorkerTask w = (WorkerTask) request;
        if (!workers.containsKey(w.getId())) {
            return;
        }
        String reason = WaitReasons.describe(w, results);
        pending.put(w.getId(), new PendingWorker(w.getId(), w.pool(), w.request().tier(), reason));
        if (loggedWaiting.add(w.getId())) {
            LOG.info("worker {} waits: {}", w.getId(), reason);
        }
        w.park();
        parkedSince.put(w.getId(), clock.millis());
    }

    /** Fenzo's autoscaler thread: hand the action over, never block it. */
    private void onAutoScale(AutoScaleAction action) {
        if (closed.get()) {
            return;
        }
        Runnable call;
        if (action instanceof ScaleUpAction up) {
            call = () -> scaleListener.scaleUp(up.getRuleName(), up.getScaleUpCount());
        } else if (action instanceof ScaleDownAction down) {
            List<String> agentIds = List.copyOf(down.getHosts());
            call = () -> scaleListener.scaleDown(down.getRuleName(), agentIds);
        } else {
            LOG.warn("ignoring an autoscale action of unknown kind: {}", action);
            return;
        }
        try {
            scaleExecutor.execute(() -> {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    LOG.error("the scale listener failed on {} {} of pool {}", action.getType(), describe(action),
                            action.getRuleName(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("dropped {} {} of pool {}: the scale executor is closed", action.getType(), describe(action),
                    action.getRuleName());
        }
    }

    private static String describe(AutoScaleAction action) {
        if (action instanceof ScaleUpAction up) {
            return "by " + up.getScaleUpCount();
        }
        return action instanceof ScaleDownAction down ? "of " + down.getHosts() : "";
    }

    /** Fenzo's reject action: may run inside Fenzo's iteration only, but a queue keeps it safe regardless. */
    private void onLeaseRejected(VirtualMachineLease lease) {
        rejected.add(lease.getId());
    }

    private void flushRejected() {
        List<String> ids = new ArrayList<>();
        String id;
        while ((id = rejected.poll()) != null) {
            ledger.leaseGone(id);
            ids.add(id);
        }
        if (!ids.isEmpty()) {
            decline(ids);
        }
    }

    void decline(List<String> leaseIds) {
        try {
            declineLeases.accept(List.copyOf(leaseIds));
        } catch (RuntimeException e) {
            LOG.error("declining leases {} failed", leaseIds, e);
        }
    }
}
