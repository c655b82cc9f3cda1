package io.mantis.master.control;

import io.mantis.master.resources.KnownWorker;
import io.mantis.master.artifacts.ArtifactStore;
import io.mantis.master.job.JobMachine;
import io.mantis.master.job.RetryPolicy;
import io.mantis.master.metrics.MasterMetrics;
import io.mantis.master.resources.embedded.EmbeddedAgents;
import io.mantis.master.resources.embedded.EmbeddedAgentsConfig;
import io.mantis.master.resources.ProviderContext;
import io.mantis.master.resources.ProviderFactory;
import io.mantis.master.resources.ResourceProvider;
import io.mantis.master.job.MachineSpec;
import io.mantis.master.job.Worker;
import io.mantis.master.pools.LoggingPoolScaler;
import io.mantis.master.pools.PoolManager;
import io.mantis.master.pools.PoolRule;
import io.mantis.master.pools.PoolScaler;
import io.mantis.master.scheduler.ScaleListener;
import io.mantis.master.scheduler.SchedulerConfig;
import io.mantis.master.scheduler.WorkerScheduler;
import io.mantis.master.store.MetadataStore;
import io.mantis.protocol.WorkerId;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/** Wires a leader's control plane from its parts; the only place that knows them all. */
public final class ControlPlaneFactory {

    /** Time a launched worker gets to download its JAR, start its JVM and send its first heartbeat. */
    private static final Duration STARTUP_GRACE = Duration.ofSeconds(60);
    private static final long HEARTBEAT_MILLIS = 1000;
    /** Scale events kept for {@code GET /api/v1/pools/events}. */
    private static final int MAX_SCALE_EVENTS = 1000;

    private ControlPlaneFactory() {
    }

    /**
     * @param masterUrl where agents fetch JARs and workers send heartbeats
     * @param token     the API token, handed to agents and workers; null when there is none
     */
    /** The default provider: embedded agents that register with the master by heartbeat. */
    public static ResourceProvider embeddedAgents(ProviderContext c) {
        return new EmbeddedAgents(EmbeddedAgentsConfig.defaults(c.agentTimeout(), c.token()), c.knownWorker(),
                c.clock(), c.timer(), c.http());
    }

    public static ControlPlane build(MetadataStore store, ArtifactStore artifacts, MasterMetrics metrics,
                                     URI masterUrl, String token, Duration agentTimeout, Duration workerTimeout,
                                     Clock clock, ProviderFactory providers) {
        return build(store, artifacts, metrics, masterUrl, token, agentTimeout, workerTimeout, clock, providers,
                List.of(), new LoggingPoolScaler());
    }

    /**
     * A control plane whose agent pools scale by {@code pools} through {@code scaler}.
     *
     * @param pools  one autoscale rule per pool; empty: nothing scales
     * @param scaler adds and releases agents; called on the control plane's pool thread
     */
    public static ControlPlane build(MetadataStore store, ArtifactStore artifacts, MasterMetrics metrics,
                                     URI masterUrl, String token, Duration agentTimeout, Duration workerTimeout,
                                     Clock clock, ProviderFactory providers, List<PoolRule> pools,
                                     PoolScaler scaler) {
        ControlLoop loop = new ControlLoop();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mantis-control-timer");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JobRepository repository = new JobRepository(store);
        HeartbeatMonitor heartbeats = new HeartbeatMonitor(workerTimeout.toMillis(), STARTUP_GRACE.toMillis());
        AtomicReference<JobManager> jobsRef = new AtomicReference<>();
        Topology topology = new Topology(new TopologyPusher(http, timer,
                workerId -> isLive(loop, jobsRef.get(), workerId)));
        AtomicReference<Launcher> launcherRef = new AtomicReference<>();
        AtomicReference<ResourceProvider> agentsRef = new AtomicReference<>();
        AtomicReference<PoolManager> poolsRef = new AtomicReference<>();
        // Scale actions and pool ticks run on their own thread: a slow scaler must not hold up jobs or Fenzo.
        ScheduledExecutorService poolThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mantis-pools");
            t.setDaemon(true);
            return t;
        });
        WorkerScheduler scheduler = new WorkerScheduler(
                assignment -> loop.execute(() -> launcherRef.get().assigned(assignment)),
                leases -> agentsRef.get().decline(leases), new ScaleListener() {
                    @Override
                    public void scaleUp(String pool, int count) {
                        poolsRef.get().scaleUp(pool, count);
                    }

                    @Override
                    public void scaleDown(String pool, List<String> agentIds) {
                        poolsRef.get().scaleDown(pool, agentIds);
                    }
                }, poolThread, clock, metrics.registry(), SchedulerConfig.defaults().withPoolRules(pools));
        ResourceProvider agents = providers.create(new ProviderContext(store, masterUrl, token, clock, timer, http,
                agentTimeout, workerId -> known(loop, jobsRef.get(), workerId)));
        agentsRef.set(agents);
        poolsRef.set(new PoolManager(pools, scaler, scheduler, agents::agents, agents::forget, clock,
                metrics.registry(), MAX_SCALE_EVENTS));
        AtomicReference<ControlPlane> planeRef = new AtomicReference<>();
        JobManager jobs = new JobManager(new JobMachine(RetryPolicy.DEFAULT), repository, scheduler, agents, topology,
                heartbeats, loop, clock, new JobManager.JobListener() {
                    @Override
                    public void jobEnded(io.mantis.master.job.Job job) {
                        planeRef.get().jobEnded(job);
                    }

                    @Override
                    public void workerStarted(io.mantis.master.job.Job job, io.mantis.master.job.Worker worker,
                                              Duration launchLatency) {
                        planeRef.get().workerStarted(job, worker, launchLatency);
                    }
                });
        jobsRef.set(jobs);
        Launcher launcher = new Launcher(jobs, scheduler, agents,
                new LaunchBuilder(masterUrl, token, HEARTBEAT_MILLIS), heartbeats, clock);
        launcherRef.set(launcher);
        jobs.afterChange(job -> launcher.launchReady());
        ClusterManager clusters = new ClusterManager(repository, artifacts, jobs, clock);
        ControlPlane plane = new ControlPlane(loop, jobs, launcher, clusters, scheduler, agents, metrics, timer,
                poolsRef.get(), poolThread);
        planeRef.set(plane);
        return plane;
    }

    /** The resources of a live worker an agent reports that this master did not launch (after a restart). */
    private static Optional<KnownWorker> known(ControlLoop loop, JobManager jobs, String workerId) {
        WorkerId id;
        try {
            id = WorkerId.parse(workerId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return loop.call(() -> jobs.liveWorker(id).filter(Worker::placed).map(w -> {
            MachineSpec m = jobs.job(id.jobId()).orElseThrow().spec().stage(w.stage()).machine();
            return new KnownWorker(m.cpus(), m.memoryMB(), m.networkMbps(),
                    List.of(w.dataPort(), w.sinkPort(), w.adminPort()));
        }));
    }

    /** Whether a worker an agent reports is one the jobs know and want; asked from the provider's threads. */
    private static boolean isLive(ControlLoop loop, JobManager jobs, String workerId) {
        WorkerId id;
        try {
            id = WorkerId.parse(workerId);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return loop.call(() -> jobs.liveWorker(id).isPresent());
    }
}
