package io.mantis.master.control;

import io.mantis.master.api.Views.JobView;
import io.mantis.master.job.IllegalTransitionException;
import io.mantis.master.job.Job;
import io.mantis.master.job.JobEffect;
import io.mantis.master.job.JobEvent;
import io.mantis.master.job.JobMachine;
import io.mantis.master.job.JobSpec;
import io.mantis.master.job.Transition;
import io.mantis.master.job.Worker;
import io.mantis.master.job.WorkerState;
import io.mantis.master.resources.ResourceProvider;
import io.mantis.master.scheduler.WorkerRequest;
import io.mantis.master.scheduler.WorkerScheduler;
import io.mantis.protocol.WorkerId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every job's state and applies events to it through the pure {@link JobMachine}: each new state is written
 * to the store before any of its effects run (write-ahead), so a new leader resumes from the store alone.
 *
 * <p>Threading: confined to the {@link ControlLoop}'s thread; every public method must be called on it.
 */
final class JobManager {

    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
    /** Ports each worker takes from its agent: data, sink, admin. */
    static final int PORTS_PER_WORKER = 3;

    private final JobMachine machine;
    private final JobRepository repository;
    private final WorkerScheduler scheduler;
    private final ResourceProvider provider;
    private final Topology topology;
    private final HeartbeatMonitor heartbeats;
    private final ControlLoop loop;
    private final Clock clock;
    private final JobListener listener;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, Long> placementRequestedAt = new HashMap<>();
    /** Workers whose placement waits until every worker of the previous stage is placed. */
    private final Set<WorkerId> waitingForUpstream = new LinkedHashSet<>();
    private final SubscriptionWatch subscriptions = new SubscriptionWatch();
    private Consumer<Job> afterChange = job -> { };

    JobManager(JobMachine machine, JobRepository repository, WorkerScheduler scheduler, ResourceProvider provider,
               Topology topology, HeartbeatMonitor heartbeats, ControlLoop loop, Clock clock, JobListener listener) {
        this.machine = machine;
        this.repository = repository;
        this.scheduler = scheduler;
        this.provider = provider;
        this.topology = topology;
        this.heartbeats = heartbeats;
        this.loop = loop;
        this.clock = clock;
        this.listener = listener;
    }

    /** Called after every stored change of a job; the launcher uses it to release launches that waited. */
    void afterChange(Consumer<Job> hook) {
        this.afterChange = hook;
    }

    /** Loads the stored jobs and hands their workers to the scheduler: running ones as running, others to place. */
    void recover() {
        long now = clock.millis();
        for (Job job : repository.loadJobs()) {
            jobs.put(job.id(), job);
            if (job.active()) {
                subscriptions.track(job, Math.max(now, job.spec().submittedAt()));
            }
        }
        // Running workers first: the scheduler must count them before it places anything new.
        for (Job job : jobs.values()) {
            for (Worker w : job.active() ? job.workers() : List.<Worker>of()) {
                if (w.live() && w.placed()) {
                    scheduler.initializeRunning(request(job, w), w.agentId(),
                            List.of(w.dataPort(), w.sinkPort(), w.adminPort()));
                    heartbeats.expectFirst(w.workerId().toString(), now);
                }
            }
        }
        for (Job job : List.copyOf(jobs.values())) {
            if (job.active()) {
                for (JobEffect effect : machine.resume(job, now).effects()) {
                    run(job, effect);
                }
            }
        }
        LOG.info("recovered {} jobs ({} active) from the store", jobs.size(),
                jobs.values().stream().filter(Job::active).count());
    }

    Job submit(JobSpec spec) {
        Transition t = machine.submit(spec, clock.millis());
        subscriptions.track(t.job(), spec.submittedAt());
        commit(null, t);
        return t.job();
    }

    /** @throws IllegalTransitionException when the event is not allowed in the job's state (the API's 409) */
    Job apply(String jobId, JobEvent event) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return null;
        }
        Transition t = machine.apply(job, event, clock.millis());
        if (t.job() == job && t.effects().isEmpty()) {
            return job;
        }
        commit(job, t);
        return t.job();
    }

    /** Applies an event that comes from a worker or agent report: stale or illegal ones are logged and dropped. */
    void report(WorkerId workerId, JobEvent event) {
        reportToJob(workerId.jobId(), event);
    }

    private void reportToJob(String jobId, JobEvent event) {
        try {
            apply(jobId, event);
        } catch (IllegalTransitionException e) {
            LOG.info("ignored {} for job {}: {}", event, jobId, e.getMessage());
        }
    }

    Optional<Job> job(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    Collection<Job> jobs() {
        return jobs.values();
    }

    /** The current, not ended worker with this id, or empty. */
    Optional<Worker> liveWorker(WorkerId workerId) {
        Job job = jobs.get(workerId.jobId());
        if (job == null || !job.active()) {
            return Optional.empty();
        }
        return job.worker(workerId).filter(Worker::live);
    }

    /** Workers silent past their deadline are killed (in case they still run) and reported lost. */
    void checkHeartbeats() {
        for (String overdue : heartbeats.overdue(clock.millis())) {
            WorkerId workerId = WorkerId.parse(overdue);
            liveWorker(workerId).ifPresent(w -> {
                String reason = w.startedAt() == null
                        ? "no heartbeat since it was launched" 
                        : "no heartbeat for " + Duration.ofMillis(heartbeats.timeoutMillis()).toSeconds() + " s";
                LOG.warn("worker {} lost: {}", workerId, reason);
                if (w.agentId() != null) {
                    provider.kill(w.agentId(), overdue, reason);
                }
                report(workerId, new JobEvent.Lost(workerId, reason));
            });
        }
    }

    /**
     * Ends every job that has run its course (see {@link SubscriptionWatch}): a transient job nobody subscribed to
     * for its timeout, or any job past its runtime limit. Its workers are stopped as a kill stops them.
     */
    void checkExpiry() {
        long now = clock.millis();
        for (Job job : List.copyOf(jobs.values())) {
            SubscriptionWatch.Status status = subscriptions.status(job, now);
            if (status.expired()) {
                LOG.info("job {} expired: {}", job.id(), status.expiredReason());
                reportToJob(job.id(), new JobEvent.Expired(status.expiredReason()));
            }
        }
    }

    /** The REST API's view of a job, with its current subscriber count and when it will end by itself. */
    JobView view(Job job) {
        SubscriptionWatch.Status status = subscriptions.status(job, clock.millis());
        return ViewMapper.job(job, status.subscribers(), status.endsAt());
    }

    /** A worker heartbeat; {@code subscribers} is its sink's client count (null counts as 0). */
    void heartbeat(WorkerId workerId, Integer subscribers) {
        subscriptions.heartbeat(workerId, subscribers == null ? 0 : subscribers);
        heartbeat(workerId);
    }

    void heartbeat(WorkerId workerId) {
        long now = clock.millis();
        if (!heartbeats.heard(workerId.toString(), now)) {
            heartbeats.expectFirst(workerId.toString(), now);
            heartbeats.heard(workerId.toString(), now);
        }
        report(workerId, new JobEvent.Heartbeat(workerId));
    }

    WorkerRequest request(Job job, Worker w) {
        var machineDef = job.spec().stages().get(w.stage() - 1).machine();
        var type = job.spec().durationType();
        var overhead = provider.executorOverhead();
        return new WorkerRequest(w.workerId().toString(), type.pool(), machineDef.cpus() + overhead.cpus(),
                machineDef.memoryMB() + overhead.memoryMB(),
                machineDef.networkMbps(), machineDef.diskMB(), PORTS_PER_WORKER, type.tier());
    }

    private void commit(Job before, Transition t) {
        Job after = t.job();
        repository.save(after);
        jobs.put(after.id(), after);
        for (JobEffect effect : t.effects()) {
            run(after, effect);
        }
        if (before != null) {
            noticeStarted(before, after);
        }
        placeWorkersWhoseUpstreamIsPlaced();
        afterChange.accept(after);
    }

    /**
     * Asks the scheduler to place a worker, unless the previous stage is not fully placed yet: a worker's launch must
     * name its upstreams, so a placement made earlier would hold its agent's resources until then, and the
     * upstream worker could find no room left to be placed in (a deadlock on a full agent).
     */
    private void place(Job job, Worker worker) {
        if (worker.stage() > 1 && !Topology.fullyPlaced(job, worker.stage() - 1)) {
            waitingForUpstream.add(worker.workerId());
        } else {
            scheduler.submit(request(job, worker));
        }
    }

    private void placeWorkersWhoseUpstreamIsPlaced() {
        for (Iterator<WorkerId> it = waitingForUpstream.iterator(); it.hasNext(); ) {
            WorkerId id = it.next();
            Optional<Worker> worker = liveWorker(id).filter(w -> w.state() == WorkerState.ACCEPTED);
            Job job = jobs.get(id.jobId());
            if (worker.isEmpty()) {
                it.remove();
            } else if (Topology.fullyPlaced(job, id.stage() - 1)) {
                it.remove();
                scheduler.submit(request(job, worker.get()));
            }
        }
    }

    private void run(Job job, JobEffect effect) {
        long now = clock.millis();
        if (effect instanceof JobEffect.PlaceWorker p) {
            placementRequestedAt.put(p.worker().workerId().toString(), now);
            place(job, p.worker());
        } else if (effect instanceof JobEffect.CancelPlacement c) {
            waitingForUpstream.remove(c.workerId());
            placementRequestedAt.remove(c.workerId().toString());
            scheduler.remove(c.workerId().toString());
        } else if (effect instanceof JobEffect.KillWorker k) {
            heartbeats.forget(k.workerId().toString());
            provider.kill(k.agentId(), k.workerId().toString(), k.reason());
        } else if (effect instanceof JobEffect.ReleaseWorker r) {
            waitingForUpstream.remove(r.workerId());
            heartbeats.forget(r.workerId().toString());
            placementRequestedAt.remove(r.workerId().toString());
            scheduler.remove(r.workerId().toString());
        } else if (effect instanceof JobEffect.ScheduleRetry r) {
            String jobId = job.id();
            loop.schedule(() -> reportToJob(jobId, new JobEvent.RetryDue(r.stage(), r.index())), r.delayMillis());
        } else if (effect instanceof JobEffect.PushTopology p) {
            topology.stageChanged(job, p.stage());
        } else if (effect instanceof JobEffect.JobEnded e) {
            LOG.info("job {} ended {}: {}", job.id(), e.state(), e.reason());
            subscriptions.forget(job.id());
            listener.jobEnded(job);
        }
    }

    /** Workers that became STARTED: record launch latency and give them the current topology. */
    private void noticeStarted(Job before, Job after) {
        Map<WorkerId, WorkerState> old = new HashMap<>();
        before.workers().forEach(w -> old.put(w.workerId(), w.state()));
        List<Worker> started = new ArrayList<>();
        for (Worker w : after.workers()) {
            if (w.state() == WorkerState.STARTED && old.get(w.workerId()) != WorkerState.STARTED) {
                started.add(w);
            }
        }
        for (Worker w : started) {
            Long requested = placementRequestedAt.remove(w.workerId().toString());
            if (requested != null) {
                listener.workerStarted(after, w, Duration.ofMillis(clock.millis() - requested));
            }
            topology.workerStarted(after, w);
        }
    }

    /** What the rest of the master wants to hear about jobs. Called on the control loop. */
    interface JobListener {

        void jobEnded(Job job);

        void workerStarted(Job job, Worker worker, Duration launchLatency);
    }
}
