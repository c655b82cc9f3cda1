package io.mantis.master.job;

import io.mantis.master.job.JobEvent.Exited;
import io.mantis.master.job.JobEvent.Failed;
import io.mantis.master.job.JobEvent.Heartbeat;
import io.mantis.master.job.JobEvent.Killed;
import io.mantis.master.job.JobEvent.Lost;
import io.mantis.master.job.JobEvent.Placed;
import io.mantis.master.job.JobEvent.RetryDue;
import io.mantis.master.job.JobEvent.Running;
import io.mantis.protocol.WorkerId;
import java.util.Optional;

/**
 * What the scheduler, agents and workers report about one worker. Every method returns empty when the report does
 * not apply (an old or unknown worker number, a worker that has ended, a repeated report), so the caller can hand back
 * the job untouched: reports arrive at least once and may be late.
 */
final class WorkerReports {

    private final Replacements replacements;

    WorkerReports(Replacements replacements) {
        this.replacements = replacements;
    }

    Optional<JobDraft> placed(Job job, Placed e, long now) {
        return live(job, e.workerId()).filter(w -> w.state() == WorkerState.ACCEPTED && !w.waitingForRetry())
                .map(w -> {
                    JobDraft d = new JobDraft(job);
                    boolean movedAddress = w.number() > 1 || job.state() != JobState.ACCEPTED;
                    d.put(w.launched(e.agentId(), e.host(), e.dataPort(), e.sinkPort(), e.adminPort(), now));
                    if (movedAddress) {
                        // A replacement or an added worker: its neighbours already run and must learn the address.
                        d.emit(new JobEffect.PushTopology(w.stage()));
                    }
                    return d;
                });
    }

    Optional<JobDraft> running(Job job, Running e) {
        return live(job, e.workerId()).filter(w -> w.state() == WorkerState.LAUNCHED).map(w -> {
            JobDraft d = new JobDraft(job);
            d.put(w.withState(WorkerState.STARTING));
            return d;
        });
    }

    Optional<JobDraft> heartbeat(Job job, Heartbeat e, long now) {
        // A first heartbeat may overtake the agent's "running" report: it counts as both.
        return live(job, e.workerId())
                .filter(w -> w.state() == WorkerState.LAUNCHED || w.state() == WorkerState.STARTING)
                .map(w -> {
                    JobDraft d = new JobDraft(job);
                    d.put(w.started(now));
                    return d;
                });
    }

    Optional<JobDraft> exited(Job job, Exited e, long now) {
        return live(job, e.workerId()).map(w -> {
            JobDraft d = new JobDraft(job);
            String reason = "exited with code " + e.exitCode() + detail(e.reason());
            if (e.exitCode() == 0) {
                d.put(w.ended(WorkerState.COMPLETED, reason, now));
                if (w.placed()) {
                    d.emit(new JobEffect.ReleaseWorker(w.workerId()));
                }
            } else {
                replacements.fail(d, w, WorkerState.FAILED, reason, now);
            }
            return d;
        });
    }

    Optional<JobDraft> failed(Job job, Failed e, long now) {
        return live(job, e.workerId()).map(w -> fail(job, w, WorkerState.FAILED, orDefault(e.reason(), "failed"), now));
    }

    Optional<JobDraft> lost(Job job, Lost e, long now) {
        return live(job, e.workerId()).map(w -> fail(job, w, WorkerState.LOST, orDefault(e.reason(), "lost"), now));
    }

    /**
     * A worker the machine asked to stop is no longer a live current one, so its kill report is ignored here. A live
     * current worker killed anyway was stopped by someone else (an operator, the agent): it is replaced like a
     * failure, and counts as one, so an agent that keeps killing it cannot loop forever.
     */
    Optional<JobDraft> killed(Job job, Killed e, long now) {
        return live(job, e.workerId())
                .map(w -> fail(job, w, WorkerState.KILLED, "killed without a request from the master", now));
    }

    Optional<JobDraft> retryDue(Job job, RetryDue e) {
        if (!job.active()) {
            return Optional.empty();
        }
        return job.worker(e.stage(), e.index()).filter(Worker::waitingForRetry).map(w -> {
            JobDraft d = new JobDraft(job);
            Worker asked = w.placementAsked();
            d.put(asked);
            d.emit(d.placement(asked));
            return d;
        });
    }

    private JobDraft fail(Job job, Worker w, WorkerState end, String reason, long now) {
        JobDraft d = new JobDraft(job);
        replacements.fail(d, w, end, reason, now);
        return d;
    }

    private static Optional<Worker> live(Job job, WorkerId id) {
        return job.active() ? job.worker(id).filter(Worker::live) : Optional.empty();
    }

    private static String detail(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }

    private static String orDefault(String reason, String fallback) {
        return reason == null || reason.isBlank() ? fallback : reason;
    }
}
