package io.mantis.master.control;

import io.mantis.master.job.Job;
import io.mantis.master.job.JobEvent;
import io.mantis.master.job.Worker;
import io.mantis.master.job.WorkerState;
import io.mantis.master.resources.ResourceProvider;
import io.mantis.master.scheduler.HostAssignment;
import io.mantis.master.scheduler.Placement;
import io.mantis.master.scheduler.WorkerScheduler;
import io.mantis.protocol.LaunchRequest;
import io.mantis.protocol.WorkerId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the scheduler's host assignments into launches. Each placement is stored first (worker LAUNCHED with its
 * agent and ports). A worker of stage n is launched only once every worker of stage n-1 is placed, because its
 * assignment must name them. The job manager asks for its placement only then, so an assignment rarely waits; when
 * it must (an upstream worker failed in between), it holds its leases until all its workers can go, and then uses
 * every lease in one launch, as a Mesos ACCEPT must.
 *
 * <p>Threading: confined to the control loop.
 */
final class Launcher {

    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    private final JobManager jobs;
    private final WorkerScheduler scheduler;
    private final ResourceProvider provider;
    private final LaunchBuilder builder;
    private final HeartbeatMonitor heartbeats;
    private final Clock clock;
    private final List<HostAssignment> waiting = new ArrayList<>();

    Launcher(JobManager jobs, WorkerScheduler scheduler, ResourceProvider provider, LaunchBuilder builder,
             HeartbeatMonitor heartbeats, Clock clock) {
        this.jobs = jobs;
        this.scheduler = scheduler;
        this.provider = provider;
        this.builder = builder;
        this.heartbeats = heartbeats;
        this.clock = clock;
    }

    void assigned(HostAssignment assignment) {
        List<Placement> kept = new ArrayList<>();
        for (Placement p : assignment.placements()) {
            WorkerId id = WorkerId.parse(p.workerId());
            Optional<Worker> worker = jobs.liveWorker(id);
            if (worker.isEmpty() || worker.get().state() != WorkerState.ACCEPTED) {
                // Killed or replaced while it waited for placement: give its resources back.
                scheduler.remove(p.workerId());
                continue;
            }
            jobs.report(id, new JobEvent.Placed(id, p.agentId(), p.hostname(),
                    p.ports().get(0), p.ports().get(1), p.ports().get(2)));
            kept.add(p);
        }
        waiting.add(new HostAssignment(assignment.agentId(), assignment.hostname(), assignment.leaseIds(), kept));
        launchReady();
    }

    /** Launches every waiting assignment whose workers' upstreams are all placed. */
    void launchReady() {
        for (Iterator<HostAssignment> it = waiting.iterator(); it.hasNext(); ) {
            HostAssignment a = it.next();
            List<Worker> workers = new ArrayList<>();
            List<Job> owners = new ArrayList<>();
            boolean ready = true;
            for (Placement p : a.placements()) {
                WorkerId id = WorkerId.parse(p.workerId());
                Optional<Worker> worker = jobs.liveWorker(id);
                if (worker.isEmpty()) {
                    continue;
                }
                Job job = jobs.job(id.jobId()).orElseThrow();
                if (worker.get().stage() > 1 && !Topology.fullyPlaced(job, worker.get().stage() - 1)) {
                    ready = false;
                    break;
                }
                workers.add(worker.get());
                owners.add(job);
            }
            if (!ready) {
                continue;
            }
            it.remove();
            if (workers.isEmpty()) {
                provider.decline(a.leaseIds());
                continue;
            }
            List<LaunchRequest> requests = new ArrayList<>();
            long now = clock.millis();
            for (int i = 0; i < workers.size(); i++) {
                Worker w = workers.get(i);
                Job job = owners.get(i);
                requests.add(builder.build(job, w, w.stage() > 1 ? Topology.dataAddresses(job, w.stage() - 1) : List.of()));
                heartbeats.expectFirst(w.workerId().toString(), now);
            }
            LOG.info("launching {} on agent {}", requests.stream().map(LaunchRequest::workerId).toList(), a.agentId());
            provider.launch(a.agentId(), a.leaseIds(), requests);
        }
    }
}
