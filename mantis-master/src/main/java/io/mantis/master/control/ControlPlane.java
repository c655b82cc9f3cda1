package io.mantis.master.control;

import io.mantis.master.api.ApiException;
import io.mantis.master.api.Views.AgentView;
import io.mantis.master.api.Views.ClusterView;
import io.mantis.master.api.Views.SubmitRequest;
import io.mantis.master.artifacts.ArtifactInfo;
import io.mantis.master.job.IllegalTransitionException;
import io.mantis.master.job.Job;
import io.mantis.master.job.JobEvent;
import io.mantis.master.job.Worker;
import io.mantis.master.metrics.MasterMetrics;
import io.mantis.master.pools.AgentPoolState;
import io.mantis.master.pools.PoolManager;
import io.mantis.master.pools.PoolStatus;
import io.mantis.master.pools.ScaleEvent;
import io.mantis.master.resources.Lease;
import io.mantis.master.resources.ResourceListener;
import io.mantis.master.resources.ResourceProvider;
import io.mantis.master.resources.WorkerStatus;
import io.mantis.master.resources.embedded.EmbeddedAgents;
import io.mantis.master.scheduler.WorkerScheduler;
import io.mantis.protocol.AgentHeartbeat;
import io.mantis.protocol.AgentHeartbeatReply;
import io.mantis.protocol.WorkerHeartbeat;
import io.mantis.protocol.WorkerId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's control plane: the control loop and everything confined to it (jobs, launches, clusters), the
 * scheduler and the resource provider. Built when this master becomes the leader, closed when it stops being one.
 */
public final class ControlPlane implements ResourceListener, JobManager.JobListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    /** How often drained agents are released and the pool metrics refreshed. */
    private static final long POOL_TICK_MILLIS = 500;

    private final ControlLoop loop;
    private final JobManager jobs;
    private final Launcher launcher;
    private final ClusterManager clusters;
    private final WorkerScheduler scheduler;
    private final ResourceProvider agents;
    private final MasterMetrics metrics;
    private final ScheduledExecutorService timer;
    private final PoolManager pools;
    private final ScheduledExecutorService poolThread;

    ControlPlane(ControlLoop loop, JobManager jobs, Launcher launcher, ClusterManager clusters,
                 WorkerScheduler scheduler, ResourceProvider agents, MasterMetrics metrics,
                 ScheduledExecutorService timer, PoolManager pools, ScheduledExecutorService poolThread) {
        this.timer = timer;
        this.pools = pools;
        this.poolThread = poolThread;
        this.loop = loop;
        this.jobs = jobs;
        this.launcher = launcher;
        this.clusters = clusters;
        this.scheduler = scheduler;
        this.agents = agents;
        this.metrics = metrics;
    }

    public int jobCount() {
        return loop.call(() -> jobs.jobs().size());
    }

    public int agentCount() {
        return agents.agents().size();
    }

    /**
     * Recovers from the store, then starts scheduling and taking agents' reports; returns when recovered. When it
     * fails (typically the store cannot be read) the plane is closed, its threads end and the provider is never
     * started, and the failure is thrown: the plane cannot be used.
     */
    public void start() {
        try {
            loop.call(() -> {
                clusters.recover();
                jobs.recover();
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("recovery from the store failed; this control plane stops", e);
            close();
            throw e;
        }
        scheduler.start();
        agents.start(this);
        loop.every(jobs::checkHeartbeats, 500);
        loop.every(clusters::enforce, 1000);
        loop.every(jobs::checkExpiry, 1000);
        loop.every(this::snapshotMetrics, 1000);
        poolThread.scheduleWithFixedDelay(this::tickPools, POOL_TICK_MILLIS, POOL_TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void tickPools() {
        try {
            pools.tick();
        } catch (RuntimeException e) {
            LOG.error("the pool manager's periodic check failed; trying again in {} ms", POOL_TICK_MILLIS, e);
        }
    }

    /** Every pool with its rule and agents by state. */
    List<PoolStatus> pools() {
        return pools.pools();
    }

    /** The latest scale actions, oldest first. */
    List<ScaleEvent> poolEvents() {
        return pools.events();
    }

    <T> T call(Function<ControlPlane, T> task) {
        return loop.call(() -> {
            try {
                return task.apply(this);
            } catch (IllegalTransitionException e) {
                throw switch (e.kind()) {
                    case ENDED -> ApiException.conflict(e.getMessage());
                    case INVALID -> ApiException.badRequest(e.getMessage());
                    case UNKNOWN_WORKER -> ApiException.notFound(e.getMessage());
                };
            }
        });
    }

    ClusterManager clusters() {
        return clusters;
    }

    JobManager jobs() {
        return jobs;
    }

    ClusterView clusterView(ClusterRecord c) {
        return ViewMapper.cluster(c, clusters.activeJobs(c.name()).stream().map(j -> j.spec().id()).toList());
    }

    Job job(String jobId) {
        return jobs.job(jobId).orElseThrow(() -> ApiException.notFound("no job with id '" + jobId
                + "'; 'mantis job list' shows the jobs"));
    }

    Job quickSubmit(String cluster, ArtifactInfo artifact, SubmitRequest request) {
        if (clusters.find(cluster).isEmpty()) {
            clusters.create(new io.mantis.master.api.Views.ClusterSpec(cluster, artifact.sha256(), null, null, null,
                    request.durationType()));
        }
        return clusters.submit(cluster, artifact.sha256(), request.parameters(), request.workers(),
                request.durationType(), request.subscriptionTimeoutSeconds(), request.runtimeLimitSeconds());
    }

    Job kill(String jobId, String reason) {
        job(jobId);
        return jobs.apply(jobId, new JobEvent.KillRequested(reason == null ? "killed by request" : reason));
    }

    Job scale(String jobId, int stage, int workers) {
        job(jobId);
        return jobs.apply(jobId, new JobEvent.ScaleRequested(stage, workers));
    }

    Job resubmit(String jobId, String workerId) {
        job(jobId);
        if (workerId == null) {
            throw ApiException.badRequest("field 'workerId': required");
        }
        return jobs.apply(jobId, new JobEvent.ResubmitRequested(parseWorker(workerId)));
    }

    private static WorkerId parseWorker(String workerId) {
        try {
            return WorkerId.parse(workerId);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("field 'workerId': " + e.getMessage());
        }
    }

    /** The provider's agents; the state is the pool manager's (active, idle, draining, released, lost). */
    List<AgentView> agents() {
        Map<String, AgentPoolState> states = pools.states();
        return agents.agents().stream().map(a -> {
            AgentPoolState state = states.get(a.agentId());
            return new AgentView(a.agentId(), a.hostname(), a.pool(), state == null ? a.state() : state.label(),
                    a.isolation(), a.total(), a.cpusUsed(), a.memoryUsedMB(), a.networkUsedMbps(), a.workers(),
                    a.lastHeartbeatAt());
        }).toList();
    }

    AgentHeartbeatReply agentHeartbeat(AgentHeartbeat heartbeat) {
        if (!(agents instanceof EmbeddedAgents embedded)) {
            throw ApiException.notFound("this master does not run embedded agents: its agents come from Mesos");
        }
        try {
            return embedded.onHeartbeat(heartbeat);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiException.unavailable("this master is not taking agents now: " + e.getMessage());
        }
    }

    void workerHeartbeat(WorkerHeartbeat heartbeat) {
        if (heartbeat == null || heartbeat.workerId() == null) {
            throw ApiException.badRequest("field 'workerId': required");
        }
        loop.call(() -> {
            WorkerId id = parseWorker(heartbeat.workerId());
            if (jobs.liveWorker(id).isEmpty()) {
                throw ApiException.notFound("worker " + heartbeat.workerId() + " is unknown or has ended: stop");
            }
            jobs.heartbeat(id, heartbeat.subscribers());
            return null;
        });
    }

    @Override
    public void onLease(Lease lease) {
        scheduler.addLease(lease);
    }

    @Override
    public void onLeaseRescinded(String leaseId) {
        scheduler.rescindLease(leaseId);
    }

    @Override
    public void onAgentLost(String agentId, String reason) {
        scheduler.expireAllLeases(agentId);
    }

    @Override
    public CompletionStage<Void> onWorkerStatus(WorkerStatus status) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                WorkerId id = WorkerId.parse(status.workerId());
                JobEvent event = switch (status.state()) {
                    case STARTING -> null;
                    case RUNNING -> new JobEvent.Running(id);
                    case EXITED -> new JobEvent.Exited(id, status.exitCode() == null ? -1 : status.exitCode(),
                            status.reason());
                    case KILLED -> new JobEvent.Killed(id);
                    case FAILED -> new JobEvent.Failed(id, status.reason());
                    case LOST -> new JobEvent.Lost(id, status.reason());
                };
                if (event != null) {
                    if (status.state() != WorkerStatus.State.RUNNING) {
                        LOG.info("worker {} on agent {}: {} ({})", id, status.agentId(), status.state(), status.reason());
                    }
                    jobs.report(id, event);
                }
                stored.complete(null);
            } catch (RuntimeException e) {
                stored.completeExceptionally(e);
            }
        });
        return stored;
    }

    @Override
    public Map<String, String> liveWorkers() {
        return loop.call(() -> {
            Map<String, String> live = new TreeMap<>();
            for (Job job : jobs.jobs()) {
                if (job.active()) {
                    job.workers().stream().filter(w -> w.live() && w.placed())
                            .forEach(w -> live.put(w.workerId().toString(), w.agentId()));
                }
            }
            return live;
        });
    }

    @Override
    public void jobEnded(Job job) {
        // SLA min may now be short; the periodic check resubmits within a second.
    }

    @Override
    public void workerStarted(Job job, Worker worker, Duration launchLatency) {
        metrics.launchLatency(launchLatency);
    }

    private void snapshotMetrics() {
        Map<String, Long> jobCounts = new TreeMap<>(jobs.jobs().stream()
                .collect(Collectors.groupingBy(j -> j.state().name(), Collectors.counting())));
        Map<String, Long> workerCounts = new TreeMap<>(jobs.jobs().stream()
                .filter(j -> j.active())
                .flatMap(j -> j.workers().stream())
                .collect(Collectors.groupingBy(w -> w.state().name(), Collectors.counting())));
        metrics.jobs(jobCounts);
        metrics.workers(workerCounts);
    }

    @Override
    public void close() {
        agents.close();
        scheduler.close();
        poolThread.shutdownNow();
        loop.close();
        timer.shutdownNow();
    }
}
