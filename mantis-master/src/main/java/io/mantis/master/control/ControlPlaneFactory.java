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
        WorkerScheduler scheduler = new WorkerScheduler(
                assignment -> loop.execute(() -> launcherRef.get().assigned(assignment)),
                leases -> agentsRef.get().decline(leases), clock, metrics.registry(), SchedulerConfig.defaults());
        ResourceProvider agents = providers.create(new ProviderContext(store, masterUrl, token, clock, timer, http,
                agentTimeout, workerId -> known(loop, jobsRef.get(), workerId)));
        agentsRef.set(agents);
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
        ControlPlane plane = new ControlPlane(loop, jobs, launcher, clusters, scheduler, agents, metrics, timer);
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
