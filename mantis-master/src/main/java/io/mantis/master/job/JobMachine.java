package io.mantis.master.job;

import io.mantis.master.job.IllegalTransitionException.Kind;
import io.mantis.master.job.JobEvent.Exited;
import io.mantis.master.job.JobEvent.Failed;
import io.mantis.master.job.JobEvent.Heartbeat;
import io.mantis.master.job.JobEvent.KillRequested;
import io.mantis.master.job.JobEvent.Killed;
import io.mantis.master.job.JobEvent.Lost;
import io.mantis.master.job.JobEvent.Placed;
import io.mantis.master.job.JobEvent.ResubmitRequested;
import io.mantis.master.job.JobEvent.RetryDue;
import io.mantis.master.job.JobEvent.Running;
import io.mantis.master.job.JobEvent.ScaleRequested;
import io.mantis.master.job.JobEvent.Submitted;
import io.mantis.protocol.WorkerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The per-job state machine: given a job and an event, the next job and the effects to run. Pure: no I/O, no clock
 * (every method takes {@code now}, epoch ms), no shared mutable state, so one instance may serve every job from any
 * thread. The caller must apply the events of one job one at a time, each to the job the previous one returned, and
 * store each new job before running its effects.
 *
 * <p>Worker reports (Placed, Running, Heartbeat, Exited, Failed, Lost, Killed, RetryDue) and Expired that do not apply, such as
 * repeats, reports about older worker numbers and anything after the job ended, return the same job instance with
 * no effects. User requests (KillRequested, ScaleRequested, ResubmitRequested) that cannot apply throw
 * {@link IllegalTransitionException}.
 */
public final class JobMachine {

    private final WorkerReports reports;

    /** @throws NullPointerException when {@code policy} is null */
    public JobMachine(RetryPolicy policy) {
        this.reports = new WorkerReports(new Replacements(Objects.requireNonNull(policy, "policy is null")));
    }

    /** A new job in ACCEPTED with worker number 1 of every stage index, each with a {@link JobEffect.PlaceWorker}. */
    public Transition submit(JobSpec spec, long now) {
        Objects.requireNonNull(spec, "spec is null");
        List<Worker> workers = new ArrayList<>();
        Map<Integer, Integer> counts = new TreeMap<>();
        for (StageSpec stage : spec.stages()) {
            counts.put(stage.number(), stage.workers());
            for (int index = 0; index < stage.workers(); index++) {
                workers.add(Worker.accepted(new WorkerId(spec.id(), stage.number(), index, 1), 1, 0, null));
            }
        }
        Job job = new Job(spec, JobState.ACCEPTED, counts, workers, List.of(), null, null);
        JobDraft d = new JobDraft(job);
        job.workers().forEach(w -> d.emit(d.placement(w)));
        return d.build();
    }

    /**
     * Applies one event. {@code job} may be null only for {@link Submitted}, which is the same as {@link #submit}.
     *
     * @throws IllegalTransitionException when a user request cannot apply, or Submitted names an existing job
     */
    public Transition apply(Job job, JobEvent event, long now) {
        Objects.requireNonNull(event, "event is null");
        if (event instanceof Submitted s) {
            if (job != null) {
                throw new IllegalTransitionException(Kind.INVALID, "job " + job.id() + " was already submitted");
            }
            return submit(s.spec(), now);
        }
        Objects.requireNonNull(job, "job is null");
        Optional<JobDraft> draft;
        if (event instanceof Placed e) {
            draft = reports.placed(job, e, now);
        } else if (event instanceof Running e) {
            draft = reports.running(job, e);
        } else if (event instanceof Heartbeat e) {
            draft = reports.heartbeat(job, e, now);
        } else if (event instanceof Exited e) {
            draft = reports.exited(job, e, now);
        } else if (event instanceof Failed e) {
            draft = reports.failed(job, e, now);
        } else if (event instanceof Lost e) {
            draft = reports.lost(job, e, now);
        } else if (event instanceof Killed e) {
            draft = reports.killed(job, e, now);
        } else if (event instanceof RetryDue e) {
            draft = reports.retryDue(job, e);
        } else if (event instanceof JobEvent.Expired e) {
            draft = expire(job, e, now);
        } else if (event instanceof KillRequested e) {
            draft = Optional.of(UserActions.kill(job, e, now));
        } else if (event instanceof ScaleRequested e) {
            draft = Optional.ofNullable(UserActions.scale(job, e, now));
        } else if (event instanceof ResubmitRequested e) {
            draft = Optional.of(UserActions.resubmit(job, e, now));
        } else {
            throw new IllegalStateException("unhandled event type " + event.getClass().getName());
        }
        return draft.map(d -> {
            Progress.advance(d, now);
            return d.build();
        }).orElseGet(() -> Transition.unchanged(job));
    }

    /*
     * An expired job ends COMPLETED, not KILLED: ending is the normal life of a transient job (nobody wants its output
     * any more, or it had the time it asked for), and KILLED is kept for someone's explicit request. Like a worker
     * report, an expiry that arrives after the job ended is ignored: the watch may race with a kill.
     */
    private static Optional<JobDraft> expire(Job job, JobEvent.Expired e, long now) {
        if (!job.active()) {
            return Optional.empty();
        }
        JobDraft d = new JobDraft(job);
        Progress.end(d, JobState.COMPLETED, e.reason(), now);
        return Optional.of(d);
    }

    /**
     * What a new leader must redo for a stored job: queue again every worker whose placement was asked for but not
     * made (the old leader's queue is gone), and schedule again every pending backoff for its remaining time. Running
     * workers need nothing: their agents and heartbeats report them. The job itself is unchanged.
     */
    public Transition resume(Job job, long now) {
        Objects.requireNonNull(job, "job is null");
        if (!job.active()) {
            return Transition.unchanged(job);
        }
        JobDraft d = new JobDraft(job);
        for (Worker w : job.workers()) {
            if (w.waitingForRetry()) {
                d.emit(new JobEffect.ScheduleRetry(w.stage(), w.index(), Math.max(0, w.retryAt() - now)));
            } else if (w.state() == WorkerState.ACCEPTED) {
                d.emit(d.placement(w));
            }
        }
        return new Transition(job, d.build().effects());
    }
}
